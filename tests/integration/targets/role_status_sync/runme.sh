#!/usr/bin/env bash
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# The status_sync role against the HostUp simulator: a mixed batch, a repeat, check mode, and
# input rejected before any request.
set -eux
# Shared helpers (simulator, secret-leak check); ansible-test runs this from a copy of the target
# shellcheck source-path=SCRIPTDIR source=../../lib.sh
source "${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/domainops/registrar/tests/integration/lib.sh"
sim_start

logged playbook ansible-playbook -i "${INVENTORY_PATH}" playbook.yml -e "sim_url=${SIM_URL}" "$@"

# Check mode, with the key from the environment as an AWX credential would inject it.
HOSTUP_API_KEY="${HOSTUP_KEY}" HOSTUP_API_URL="${SIM_URL}/hostup/api" \
    logged check ansible-playbook -i "${INVENTORY_PATH}" check.yml --check -e "sim_url=${SIM_URL}" "$@"

# Input the argument spec rejects (patterns are EREs): a non-numeric id, no ids. Nothing reaches the panel.
sim_reset
bad_input() {
    local name="$1" expected="$2" extra="$3"
    if HOSTUP_API_KEY="${HOSTUP_KEY}" HOSTUP_API_URL="${SIM_URL}/hostup/api" \
        logged "${name}" ansible-playbook -i "${INVENTORY_PATH}" role.yml -e "${extra}"; then
        echo "${name}: the role accepted bad input" >&2
        exit 1
    fi
    grep -qE -- "${expected}" "${LOG_DIR}/${name}.log"
}
bad_input bad-id "status_sync_domain_ids.*unable to convert to int" '{"status_sync_domain_ids": "20629,abc"}'
one_of="give exactly one of status_sync_domain_ids \\(HostUp panel ids >= 1\\)"
bad_input no-ids "${one_of}" '{}'
bad_input zero-id "${one_of}.*status_sync_domain_ids=\\[0\\]" '{"status_sync_domain_ids": [0]}'
bad_input ids-and-names "${one_of}" '{"status_sync_domain_ids": [20629], "status_sync_domains": ["example.se"]}'
bad_input filter-without-all "status_sync_service_status only narrows" '{"status_sync_domains": ["example.se"], "status_sync_service_status": ["expired"]}'
bad_input bad-status "status_sync_service_status.*one or more of" '{"status_sync_all_domains": true, "status_sync_service_status": ["gone"]}'
[ "$(sim_count hostup)" = "0" ]

# No key (the role variable unset, HOSTUP_API_KEY empty as a credential store injects an empty
# field): the failure names the module option, the environment variable and the role variable, and
# nothing reaches the panel.
sim_reset
if HOSTUP_API_KEY="" HOSTUP_API_URL="${SIM_URL}/hostup/api" \
    logged no-key ansible-playbook -i "${INVENTORY_PATH}" role.yml -e '{"status_sync_domain_ids": [20629]}'; then
    echo "no-key: the role ran without a HostUp key" >&2
    exit 1
fi
grep -qF 'hostup_api_key is required (or set HOSTUP_API_KEY); with this role set status_sync_hostup_api_key' "${LOG_DIR}/no-key.log"
[ "$(sim_count hostup)" = "0" ]

# The AWX job template: survey answers as AWX passes them (validated against the survey like AWX
# does at launch), the HostUp key from the environment as the credential type injects it.
AWX_CHECK="${COLLECTION_DIR}/tests/integration/targets/awx_credentials/awx_check.py"
SURVEY="${COLLECTION_DIR}/awx/surveys/status_sync.json"
PLAYBOOK="${COLLECTION_DIR}/awx/playbooks/status_sync.yml"
"${ANSIBLE_TEST_PYTHON_INTERPRETER}" - "${COLLECTION_DIR}" <<'PY'
import json, os, sys, yaml
root = sys.argv[1]
template = yaml.safe_load(open(os.path.join(root, "awx", "job_templates", "status_sync.yml")))
assert os.path.exists(os.path.join(root, template["playbook"])), template["playbook"]
spec = json.load(open(os.path.join(root, template["survey_spec"])))
options = yaml.safe_load(open(os.path.join(root, "roles", "status_sync", "meta", "argument_specs.yml")))
options = options["argument_specs"]["main"]["options"]
for question in spec["spec"]:
    option = options[question["variable"]]  # every answer is a role option
    if question["type"] in ("multiplechoice", "multiselect") and option.get("choices"):
        assert set(question["choices"]) <= set(option["choices"]), question["variable"]
print("status sync job template, survey and role agree")
PY
awx_launch() {
    local name="$1" answers="$2"
    shift 2
    "${ANSIBLE_TEST_PYTHON_INTERPRETER}" "${AWX_CHECK}" survey "${SURVEY}" "${answers}" > "${LOG_DIR}/${name}.json"
    HOSTUP_API_KEY="${HOSTUP_KEY}" HOSTUP_API_URL="${SIM_URL}/hostup/api" \
        logged "${name}" ansible-playbook -i "${INVENTORY_PATH}" "${PLAYBOOK}" -e "@${LOG_DIR}/${name}.json" "$@"
}
sim_reset
awx_launch awx-names '{"status_sync_domains": "example.se\ncafe-stockholm.se, hostup-demo.se"}'
grep -q 'status changed: 2 - example.se, cafe-stockholm.se' "${LOG_DIR}/awx-names.log"
grep -q 'unchanged: 1 - hostup-demo.se' "${LOG_DIR}/awx-names.log"
awx_launch awx-all-check '{"status_sync_all_domains": "true", "status_sync_service_status": ["expired", "suspended"]}' --check
grep -q 'CHECK MODE: nothing was sent): would sync 1000 - ' "${LOG_DIR}/awx-all-check.log"
[ "$(sim_count hostup v2-status-sync)" = "3" ]
awx_launch awx-all '{"status_sync_all_domains": "true", "status_sync_service_status": ["fraud"], "status_sync_concurrency": 8}'
grep -q 'HostUp status sync of 20 domain(s)' "${LOG_DIR}/awx-all.log"
grep -q 'unchanged: 20 - fleet-0249.example, ' "${LOG_DIR}/awx-all.log"
