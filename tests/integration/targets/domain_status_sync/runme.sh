#!/usr/bin/env bash
# domain_status_sync against the simulator: playbook scenarios, then ad-hoc runs on env vars alone.
set -eux
# Targets run from a copy of their own folder: reach shared files through the collection path.
source "${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/domainops/registrar/tests/integration/lib.sh"
sim_start

logged playbook ansible-playbook -i "${INVENTORY_PATH}" playbook.yml -e "sim_url=${SIM_URL}" "$@"

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
assert "epp_code" not in result["domain"], result
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
