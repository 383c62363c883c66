#!/usr/bin/env bash
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by the integration targets' runme.sh: finds the collection, starts the simulator, and
# runs every ansible command at -vvv with its output searched for secrets.
# shellcheck disable=SC2034  # variables are used by the sourcing scripts

COLLECTION_DIR="${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/domainops/registrar"
# shellcheck source=../simulator/sim.sh
source "${COLLECTION_DIR}/tests/simulator/sim.sh"

# The simulator's credentials, from its one source (exported: playbooks read them with
# lookup('ansible.builtin.env', ...)): HOSTUP_KEY, LB_USERID, LB_KEY, AUTODNS_USER_NAME, AUTODNS_PASS.
eval "$("${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}" "${COLLECTION_DIR}/tests/simulator/credentials.py" --shell)"
LOG_DIR="${OUTPUT_DIR:-/tmp}/logs"
mkdir -p "${LOG_DIR}"
PY="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
# The AWX content (job templates, surveys, credential types) the awx_* targets run.
AWX="${COLLECTION_DIR}/awx"
AWX_TYPES="${AWX}/credential_types"

# logicboxes_env CMD...: CMD with the LogicBoxes variables pointed at the simulator. Without xtrace
# (restored on return): its trace of the key would land in the log that check_leaks searches.
logicboxes_env() {
    { local -; set +x; } 2>/dev/null
    LOGICBOXES_AUTH_USERID="${LB_USERID}" LOGICBOXES_API_KEY="${LB_KEY}" LOGICBOXES_API_URL="${SIM_URL}/logicboxes/api/" "$@"
}

# refused_before_sending NAME PATTERN SERVICE CMD...: on a reset simulator, CMD (run by logged) fails
# with PATTERN (grep) in its log, and SERVICE received no request: an option rule checked up front.
refused_before_sending() {
    local name="$1" pattern="$2" service="$3"
    shift 3
    sim_reset
    if logged "${name}" "$@"; then
        echo "${name}: expected to fail before any request" >&2
        exit 1
    fi
    grep -q -- "${pattern}" "${LOG_DIR}/${name}.log"
    [ "$(sim_count "${service}")" = "0" ]
}

# work_dir NAME: WORK is a new temporary directory, removed on exit together with the simulator.
work_dir() {
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")"
    trap 'rm -rf "${WORK}"; sim_stop' EXIT
}

# Every secret the simulator knows: the configured credentials and each transfer secret in its state.
sim_secrets() {
    "${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}" "${COLLECTION_DIR}/tests/simulator/credentials.py" --secrets "${SIM_URL}"
}

# check_leaks FILE: fail when any secret appears in FILE.
check_leaks() {
    local file="$1" secret found=0
    while IFS= read -r secret; do
        [ -n "${secret}" ] || continue
        if grep -qF -- "${secret}" "${file}"; then
            echo "SECRET LEAK: a configured secret appears in ${file}" >&2
            found=1
        fi
    done < <(sim_secrets)
    return "${found}"
}

# logged NAME CMD...: run CMD at -vvv into $LOG_DIR/NAME.log, show its tail on failure, then search it for secrets.
logged() {
    local name="$1" rc=0
    shift
    "$@" -vvv > "${LOG_DIR}/${name}.log" 2>&1 || rc=$?
    if [ "${rc}" -ne 0 ]; then
        tail -n 60 "${LOG_DIR}/${name}.log"
    fi
    # exit, not return: callers run expected failures inside "if", where set -e does not apply.
    check_leaks "${LOG_DIR}/${name}.log" || exit 1
    return "${rc}"
}

# sim_count SERVICE [OPERATION]: how many requests the simulator received.
sim_count() {
    "${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}" - "${SIM_URL}" "$@" <<'PY'
import json, sys, urllib.parse, urllib.request
query = {"service": sys.argv[2]}
if len(sys.argv) > 3:
    query["operation"] = sys.argv[3]
url = sys.argv[1] + "/_sim/requests?" + urllib.parse.urlencode(query)
print(json.load(urllib.request.urlopen(url, timeout=10))["count"])
PY
}

sim_reset() {
    "${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}" -c \
        "import sys, urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1] + '/_sim/reset', method='POST'), timeout=10)" \
        "${SIM_URL}"
}

# adhoc_result NAME: the JSON result the tree callback stored for localhost in the ad-hoc run NAME.
adhoc_tree() {
    echo "${LOG_DIR}/tree-$1"
}
