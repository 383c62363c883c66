#!/usr/bin/env bash
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# The domain_recovery role against the simulator: a mixed list (credentials as role variables),
# a repeat, check mode, survey-style string input and input rejected before any request
# (credentials from the environment, as AWX credential types inject them); then discovery: listing
# without confirmation, the max rule, a confirmed restore of exactly what was found, a second run
# with nothing left to do, and a confirmed run in check mode.
set -eux
# Shared helpers (simulator, secret-leak check); ansible-test runs this from a copy of the target
# shellcheck source-path=SCRIPTDIR source=../../lib.sh
source "${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/domainops/registrar/tests/integration/lib.sh"
sim_start

logged playbook ansible-playbook -i "${INVENTORY_PATH}" playbook.yml -e "sim_url=${SIM_URL}" "$@"

# Credentials from the environment only, from here on.
export HOSTUP_API_KEY="${HOSTUP_KEY}" HOSTUP_API_URL="${SIM_URL}/hostup/api"
export LOGICBOXES_AUTH_USERID="${LB_USERID}" LOGICBOXES_API_KEY="${LB_KEY}" LOGICBOXES_API_URL="${SIM_URL}/logicboxes/api/"
export AUTODNS_USER="${AUTODNS_USER_NAME}" AUTODNS_PASSWORD="${AUTODNS_PASS}" AUTODNS_CONTEXT=4
export AUTODNS_API_URL="${SIM_URL}/autodns/v1" AUTODNS_GATEWAY_URL="${SIM_URL}/autodns/gateway"

sim_reset
logged check ansible-playbook -i "${INVENTORY_PATH}" check.yml --check -e "sim_url=${SIM_URL}" "$@"

# Survey-style answers: every value a string, as extra vars from AWX or the API may arrive.
sim_reset
logged survey ansible-playbook -i "${INVENTORY_PATH}" role.yml -e '{
  "domain_recovery_domain": "restore-me.com", "domain_recovery_provider": "logicboxes",
  "domain_recovery_order_id": "12121212", "domain_recovery_hostup_domain_id": "20629",
  "domain_recovery_invoice_option": "NoInvoice", "domain_recovery_wait": "false"}'
grep -q 'restored: 1 - restore-me.com' "${LOG_DIR}/survey.log"
grep -q 'HostUp status sync: 1 synced, 1 changed (20629), 1 became active (20629), 0 failed' "${LOG_DIR}/survey.log"
[ "$(sim_count logicboxes restore)" = "1" ]
[ "$(sim_count hostup status-sync)" = "1" ]

# Bad input is refused with a message naming the variable, before any request (patterns are EREs).
sim_reset
bad_input() {
    local name="$1" expected="$2" extra="$3"
    if logged "${name}" ansible-playbook -i "${INVENTORY_PATH}" role.yml -e "${extra}"; then
        echo "${name}: the role accepted bad input" >&2
        exit 1
    fi
    grep -qE -- "${expected}" "${LOG_DIR}/${name}.log"
}
bad_input bad-order-id "domain_recovery_order_id.*unable to convert to int" \
    '{"domain_recovery_domain": "restore-me.com", "domain_recovery_provider": "logicboxes", "domain_recovery_order_id": "abc", "domain_recovery_invoice_option": "NoInvoice"}'
bad_input bad-hostup-id "hostup_domain_id.*domain_recovery_domains.*unable to convert to int" \
    '{"domain_recovery_domains": [{"name": "restore-me.de", "provider": "autodns", "hostup_domain_id": "abc"}]}'
bad_input bad-provider "value of provider must be one of: logicboxes, resellerclub, autodns, got: gandi" \
    '{"domain_recovery_domains": [{"name": "restore-me.de", "provider": "gandi"}]}'
bad_input no-invoice-option "domain_recovery_domain \(restore-me.com\): invoice_option is required with provider logicboxes" \
    '{"domain_recovery_domain": "restore-me.com", "domain_recovery_provider": "logicboxes"}'
bad_input duplicate "domain_recovery_domains\[1\] \(Restore-Me.de\): listed more than once" \
    '{"domain_recovery_domains": [{"name": "restore-me.de", "provider": "autodns"}, {"name": "Restore-Me.de", "provider": "autodns"}]}'
bad_input nothing "no domains given" '{}'
bad_input confirm-without-max "domain_recovery_max is required with domain_recovery_confirm" \
    '{"domain_recovery_discover_providers": ["autodns"], "domain_recovery_confirm": "yes"}'
bad_input bad-pattern "domain_recovery_discover\\[0\\] \\(autodns\\): pattern must only contain" \
    '{"domain_recovery_discover": [{"provider": "autodns", "pattern": "a b"}]}'
bad_input both-modes "not both" \
    '{"domain_recovery_domain": "restore-me.de", "domain_recovery_provider": "autodns", "domain_recovery_discover_providers": "autodns"}'
[ "$(sim_count logicboxes)" = "0" ]
[ "$(sim_count autodns_json)" = "0" ]
[ "$(sim_count hostup)" = "0" ]

# Discovery: list without confirmation, refuse above domain_recovery_max (no write request either time).
sim_reset
logged discovery ansible-playbook -i "${INVENTORY_PATH}" discovery.yml -e "sim_url=${SIM_URL}" "$@"
grep -q 'Restorable domains found: 12' "${LOG_DIR}/discovery.log"
grep -qE 'bulk-restore-001.com \(logicboxes, order [0-9]+\): deadline [^;]+; invoice option KeepInvoice' "${LOG_DIR}/discovery.log"
grep -qE 'paged-003.de \(autodns\): deadline [^;]+; restore action RESTORE' "${LOG_DIR}/discovery.log"

# Confirmed with survey-style strings: exactly what was found is restored; a second run has nothing left to do.
logged confirmed ansible-playbook -i "${INVENTORY_PATH}" confirmed.yml -e "sim_url=${SIM_URL}" \
    -e '{"domain_recovery_confirm": "yes", "domain_recovery_max": "12"}' "$@"
grep -q 'Nothing left to do.' "${LOG_DIR}/confirmed.log"

# A confirmed run in check mode, with the survey's variables: reads only, says what would be restored.
sim_reset
logged discovery-check ansible-playbook -i "${INVENTORY_PATH}" role.yml --check -e '{
  "domain_recovery_discover_providers": "logicboxes", "domain_recovery_pattern": "bulk-restore-01?.com",
  "domain_recovery_invoice_option": "NoInvoice", "domain_recovery_confirm": "true", "domain_recovery_max": "10"}'
grep -q 'would be restored (check mode): 10 - bulk-restore-010.com' "${LOG_DIR}/discovery-check.log"
[ "$(sim_count logicboxes restore)" = "0" ]
[ "$(sim_count logicboxes search)" != "0" ]
