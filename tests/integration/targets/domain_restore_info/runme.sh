#!/usr/bin/env bash
# domain_restore_info against the simulator: the listing scenarios per back end, then an ad-hoc run on env vars alone.
set -eux
# Targets run from a copy of their own folder: reach shared files through the collection path.
source "${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/domainops/registrar/tests/integration/lib.sh"
sim_start

logged playbook ansible-playbook -i "${INVENTORY_PATH}" playbook.yml -e "sim_url=${SIM_URL}" "$@"

# Ad-hoc, credentials and URL from the environment only: one restorable order found, nothing written.
sim_reset
LOGICBOXES_AUTH_USERID="${LB_USERID}" LOGICBOXES_API_KEY="${LB_KEY}" LOGICBOXES_API_URL="${SIM_URL}/logicboxes/api/" \
    logged adhoc-logicboxes ansible localhost -m domainops.registrar.domain_restore_info -a "provider=logicboxes pattern=restore-me.*"
grep -q '"count": 1' "${LOG_DIR}/adhoc-logicboxes.log"
grep -q '"changed": false' "${LOG_DIR}/adhoc-logicboxes.log"
[ "$(sim_count logicboxes restore)" = "0" ]

# Option rules are checked before any request.
sim_reset
if LOGICBOXES_AUTH_USERID="${LB_USERID}" LOGICBOXES_API_KEY="${LB_KEY}" LOGICBOXES_API_URL="${SIM_URL}/logicboxes/api/" \
    logged adhoc-invalid ansible localhost -m domainops.registrar.domain_restore_info -a "provider=logicboxes limit=0"; then
    echo "a listing with limit=0 must fail" >&2
    exit 1
fi
grep -q 'limit must be between 1 and 10000' "${LOG_DIR}/adhoc-invalid.log"
[ "$(sim_count logicboxes)" = "0" ]
