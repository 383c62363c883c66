#!/usr/bin/env bash
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# domain_restore against the simulator: playbook scenarios per back end, then ad-hoc runs on env vars alone.
set -eux
# Targets run from a copy of their own folder: reach shared files through the collection path.
source "${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/domainops/registrar/tests/integration/lib.sh"
sim_start

logged playbook ansible-playbook -i "${INVENTORY_PATH}" playbook.yml -e "sim_url=${SIM_URL}" "$@"

# Ad-hoc, credentials and URLs from the environment only: restore, then a second run changes nothing.
adhoc_twice() {
    local name="$1" args="$2"
    logged "adhoc-${name}" ansible localhost -m domainops.registrar.domain_restore -a "${args}"
    grep -q '"changed": true' "${LOG_DIR}/adhoc-${name}.log"
    logged "adhoc-${name}-again" ansible localhost -m domainops.registrar.domain_restore -a "${args}"
    grep -q '"changed": false' "${LOG_DIR}/adhoc-${name}-again.log"
}

sim_reset
LOGICBOXES_AUTH_USERID="${LB_USERID}" LOGICBOXES_API_KEY="${LB_KEY}" LOGICBOXES_API_URL="${SIM_URL}/logicboxes/api/" \
    adhoc_twice logicboxes "provider=logicboxes domain=restore-noinvoice.com invoice_option=NoInvoice"
[ "$(sim_count logicboxes restore)" = "1" ]

AUTODNS_USER="${AUTODNS_USER_NAME}" AUTODNS_PASSWORD="${AUTODNS_PASS}" AUTODNS_CONTEXT=4 AUTODNS_API_URL="${SIM_URL}/autodns/v1" \
    adhoc_twice autodns-json "provider=autodns domain=restore-extra-1.de wait=true wait_timeout=60"
[ "$(sim_count autodns_json restore)" = "1" ]

AUTODNS_USER="${AUTODNS_USER_NAME}" AUTODNS_PASSWORD="${AUTODNS_PASS}" AUTODNS_GATEWAY_URL="${SIM_URL}/autodns/gateway" \
    adhoc_twice autodns-xml "provider=autodns transport=xml domain=restore-extra-2.de wait=true wait_timeout=60"
[ "$(sim_count autodns_xml 0101005)" = "1" ]

# Option rules are checked before any request: a logicboxes restore without invoice_option fails.
refused_before_sending adhoc-invalid 'provider is logicboxes but all of the following are missing: invoice_option' logicboxes \
    logicboxes_env ansible localhost -m domainops.registrar.domain_restore -a "provider=logicboxes domain=restore-me.com"
