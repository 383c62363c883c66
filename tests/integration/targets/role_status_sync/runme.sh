#!/usr/bin/env bash
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
bad_input no-ids "missing required arguments: status_sync_domain_ids" '{}'
bad_input zero-id "status_sync_domain_ids must list HostUp domain ids >= 1" '{"status_sync_domain_ids": [0]}'
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
