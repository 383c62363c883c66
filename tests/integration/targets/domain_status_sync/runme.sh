#!/usr/bin/env bash
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# domain_status_sync against the simulator: playbook scenarios, then ad-hoc runs on env vars alone.
set -eux
# Targets run from a copy of their own folder: reach shared files through the collection path.
source "${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/domainops/registrar/tests/integration/lib.sh"
sim_start

logged playbook ansible-playbook -i "${INVENTORY_PATH}" playbook.yml -e "sim_url=${SIM_URL}" "$@"
logged v2 ansible-playbook -i "${INVENTORY_PATH}" v2.yml -e "sim_url=${SIM_URL}" "$@"

# A failing 2,000-id batch: the play asserts the message; here the printed failure is measured
# as a user sees it at -v (the logged run is at -vvv, which adds the invocation).
sim_reset
HOSTUP_API_KEY="${HOSTUP_KEY}" ansible-playbook -i "${INVENTORY_PATH}" big_failure.yml -e "sim_url=${SIM_URL}" -v \
    > "${LOG_DIR}/big-failure.log" 2>&1 || {
    tail -n 40 "${LOG_DIR}/big-failure.log"
    exit 1
}
check_leaks "${LOG_DIR}/big-failure.log"
"${ANSIBLE_TEST_PYTHON_INTERPRETER}" - "${LOG_DIR}/big-failure.log" <<'PY'
import json, sys
lines = [line for line in open(sys.argv[1], encoding="utf-8") if line.startswith("fatal: [localhost]: FAILED! => ")]
assert len(lines) == 1, "expected one fatal line, got %d" % len(lines)
result = json.loads(lines[0].split(" => ", 1)[1])
assert len(result["msg"].encode("utf-8")) < 10 * 1024, len(result["msg"])
# Compact results: no panel record (customer names, nameservers) anywhere in what is printed.
for word in ("nameservers", "firstname", "lastname", "epp"):
    assert word not in lines[0], word
# About 400 bytes per domain (the 3 MB line of 0.1 carried ~9 KB per domain).
assert len(lines[0]) < 2000 * 500, len(lines[0])
print("failure message %d bytes, fatal line %d bytes for 2,000 domains" % (len(result["msg"]), len(lines[0])))
PY

# Ad-hoc, credentials from the environment only.
sim_reset
tree="$(adhoc_tree sync)"
HOSTUP_API_KEY="${HOSTUP_KEY}" HOSTUP_API_URL="${SIM_URL}/hostup/api" \
    ANSIBLE_LOAD_CALLBACK_PLUGINS=1 ANSIBLE_CALLBACKS_ENABLED=tree ANSIBLE_CALLBACK_TREE_DIR="${tree}" \
    logged adhoc-sync ansible localhost -m domainops.registrar.domain_status_sync -a "domain_id=20629"
"${ANSIBLE_TEST_PYTHON_INTERPRETER}" - "${tree}/localhost" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
assert result["changed"] is True, result
assert result["status"] == "Active" and result["previous_status"] == "Pending", result
assert result["name"] == "example.se" and "domain" not in result, result
PY
[ "$(sim_count hostup status-sync)" = "1" ]

# The same domain again: nothing changes.
HOSTUP_API_KEY="${HOSTUP_KEY}" HOSTUP_API_URL="${SIM_URL}/hostup/api" \
    logged adhoc-sync-again ansible localhost -m domainops.registrar.domain_status_sync -a "domain_id=20629"
grep -q '"changed": false' "${LOG_DIR}/adhoc-sync-again.log"

# Invalid input: one line naming the option, and no request at all.
sim_reset
if HOSTUP_API_KEY="${HOSTUP_KEY}" HOSTUP_API_URL="${SIM_URL}/hostup/api" \
    logged adhoc-invalid ansible localhost -m domainops.registrar.domain_status_sync -a "domain_id=0"; then
    echo "domain_id=0 must fail" >&2
    exit 1
fi
grep -q 'domain_id must be >= 1, got 0' "${LOG_DIR}/adhoc-invalid.log"
if grep -q Traceback "${LOG_DIR}/adhoc-invalid.log"; then
    echo "a traceback was printed" >&2
    exit 1
fi
[ "$(sim_count hostup)" = "0" ]
