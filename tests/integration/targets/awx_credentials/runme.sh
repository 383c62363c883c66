#!/usr/bin/env bash
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# The AWX content in awx/, checked the way AWX uses it: credential types render their env
# injectors from inputs and the modules run with only those registrar variables (any other is
# removed from the environment); the surveys' answers become extra vars that the job templates' playbook
# and the domain_recovery role accept.
set -eux
# Shared helpers (simulator, secret-leak check); ansible-test runs this from a copy of the target
# shellcheck source-path=SCRIPTDIR source=../../lib.sh
source "${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/domainops/registrar/tests/integration/lib.sh"
sim_start

work_dir awx-credentials

"${PY}" awx_check.py check-types "${AWX_TYPES}"
"${PY}" awx_check.py check-template "${COLLECTION_DIR}"

# The inputs an operator would type into each credential (URLs pointed at the simulator).
hostup_inputs="{\"hostup_api_key\": \"${HOSTUP_KEY}\", \"hostup_api_url\": \"${SIM_URL}/hostup/api\"}"
lb_inputs="{\"logicboxes_auth_userid\": \"${LB_USERID}\", \"logicboxes_api_key\": \"${LB_KEY}\", \"logicboxes_api_url\": \"${SIM_URL}/logicboxes/api/\"}"
autodns_inputs="{\"autodns_username\": \"${AUTODNS_USER_NAME}\", \"autodns_password\": \"${AUTODNS_PASS}\", \"autodns_context\": \"4\", \"autodns_api_url\": \"${SIM_URL}/autodns/v1\", \"autodns_gateway_url\": \"${SIM_URL}/autodns/gateway\"}"
"${PY}" awx_check.py render "${AWX_TYPES}/hostup.yml" "${hostup_inputs}" > "${WORK}/hostup.env"
"${PY}" awx_check.py render "${AWX_TYPES}/logicboxes.yml" "${lb_inputs}" > "${WORK}/logicboxes.env"
"${PY}" awx_check.py render "${AWX_TYPES}/autodns.yml" "${autodns_inputs}" > "${WORK}/autodns.env"
# A required input left empty is refused, as AWX refuses to save such a credential.
if "${PY}" awx_check.py render "${AWX_TYPES}/hostup.yml" '{"hostup_api_key": ""}' > /dev/null; then
    echo "an empty API key must be refused" >&2
    exit 1
fi

# as_job ENVFILE... -- CMD...: run CMD as an AWX job would: every registrar variable removed from
# the environment, then only those the given credential types injected added. (Used through
# `logged`, which appends -vvv and searches the output for secrets.)
as_job() (
    # A subshell without xtrace: the trace would print the secrets in the command line.
    set +x
    local injected=() removed=() file entries name
    while [ "$1" != "--" ]; do
        file="$1"
        shift
        mapfile -d '' entries < "${file}"
        injected+=("${entries[@]}")
    done
    shift
    for name in $(compgen -e); do
        case "${name}" in
            HOSTUP_* | LOGICBOXES_* | AUTODNS_*) removed+=(-u "${name}") ;;
        esac
    done
    env "${removed[@]}" ANSIBLE_LOAD_CALLBACK_PLUGINS=1 ANSIBLE_CALLBACKS_ENABLED=tree ANSIBLE_CALLBACK_TREE_DIR="${TREE}" \
        "${injected[@]}" "$@"
)

# result FIELD: a field of the ad-hoc result the tree callback stored.
result() {
    "${PY}" -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "${TREE}/localhost" "$1"
}

# A registrar variable from outside would mask a missing injector: plant decoys that as_job must remove.
export HOSTUP_API_KEY=decoy-not-injected LOGICBOXES_API_KEY=decoy-not-injected AUTODNS_PASSWORD=decoy-not-injected

# HostUp: status sync with the HostUp credential only.
sim_reset
TREE="${WORK}/tree-hostup"
logged awx-hostup as_job "${WORK}/hostup.env" -- ansible localhost -m domainops.registrar.domain_status_sync -a domain_id=20629
[ "$(result changed)" = "True" ]
[ "$(result status)" = "Active" ]
[ "$(sim_count hostup status-sync)" = "1" ]

# LogicBoxes: restore with the LogicBoxes credential only.
TREE="${WORK}/tree-lb"
logged awx-logicboxes as_job "${WORK}/logicboxes.env" -- ansible localhost -m domainops.registrar.domain_restore \
    -a "provider=logicboxes domain=restore-me.com invoice_option=NoInvoice"
[ "$(result restore_status)" = "restored" ]
[ "$(sim_count logicboxes restore)" = "1" ]

# AutoDNS over JSON and over the XML gateway, with the AutoDNS credential only.
TREE="${WORK}/tree-autodns-json"
logged awx-autodns-json as_job "${WORK}/autodns.env" -- ansible localhost -m domainops.registrar.domain_restore \
    -a "provider=autodns domain=restore-me.de"
[ "$(result restore_status)" = "pending" ]
[ "$(sim_count autodns_json restore)" = "1" ]
TREE="${WORK}/tree-autodns-xml"
logged awx-autodns-xml as_job "${WORK}/autodns.env" -- ansible localhost -m domainops.registrar.domain_restore \
    -a "provider=autodns transport=xml domain=restore-xml.de"
[ "$(result restore_status)" = "pending" ]
[ "$(sim_count autodns_xml 0101005)" = "1" ]

# The wrong credential type attached: the module says what is missing, and nothing is sent.
sim_reset
TREE="${WORK}/tree-wrong"
if logged awx-wrong-type as_job "${WORK}/logicboxes.env" -- ansible localhost -m domainops.registrar.domain_status_sync -a domain_id=20629; then
    echo "domain_status_sync must fail without the HostUp credential" >&2
    exit 1
fi
grep -qF 'hostup_api_key is required (or set HOSTUP_API_KEY)' "${LOG_DIR}/awx-wrong-type.log"
[ "$(sim_count hostup)" = "0" ]

# The job template: survey answers as AWX would pass them, all three credentials attached.
PLAYBOOK="${COLLECTION_DIR}/awx/playbooks/domain_recovery.yml"
SURVEY="${AWX}/surveys/domain_recovery.json"
launch() {
    local name="$1" answers="$2"
    shift 2
    "${PY}" awx_check.py survey "${SURVEY}" "${answers}" > "${WORK}/${name}.json"
    TREE="${WORK}/tree-${name}"
    logged "${name}" as_job "${WORK}/hostup.env" "${WORK}/logicboxes.env" "${WORK}/autodns.env" -- \
        ansible-playbook -i "${INVENTORY_PATH}" "${PLAYBOOK}" -e "@${WORK}/${name}.json" "$@"
}

# AWX itself refuses answers of the wrong type before the job starts.
if "${PY}" awx_check.py survey "${SURVEY}" '{"domain_recovery_domain": "restore-me.com", "domain_recovery_provider": "logicboxes", "domain_recovery_hostup_domain_id": "abc"}'; then
    echo "the survey must refuse a non-integer HostUp id" >&2
    exit 1
fi

# Job type "Check" first: reads only.
sim_reset
launch survey-check '{"domain_recovery_domain": "restore-me.com", "domain_recovery_provider": "resellerclub", "domain_recovery_hostup_domain_id": 20629, "domain_recovery_invoice_option": "KeepInvoice"}' --check
grep -q 'would be restored (check mode): 1 - restore-me.com' "${LOG_DIR}/survey-check.log"
[ "$(sim_count logicboxes restore)" = "0" ]
[ "$(sim_count hostup)" = "0" ]

# Then "Run".
launch survey-run '{"domain_recovery_domain": "restore-me.com", "domain_recovery_provider": "resellerclub", "domain_recovery_hostup_domain_id": 20629, "domain_recovery_invoice_option": "KeepInvoice"}'
grep -q 'restored: 1 - restore-me.com' "${LOG_DIR}/survey-run.log"
grep -q 'restore-me.com: invoice 87654, 80.00 USD' "${LOG_DIR}/survey-run.log"
grep -q 'HostUp status sync: 1 synced, 1 changed (20629), 1 became active (20629), 0 failed' "${LOG_DIR}/survey-run.log"
[ "$(sim_count logicboxes restore)" = "1" ]
[ "$(sim_count hostup status-sync)" = "1" ]

# An AutoDNS answer with the survey's defaults (RESTORE over JSON, no wait).
launch survey-autodns '{"domain_recovery_domain": "restore-renew.de", "domain_recovery_provider": "autodns", "domain_recovery_restore_action": "RESTORE_RENEW"}'
grep -q 'pending (accepted, not finished): 1 - restore-renew.de' "${LOG_DIR}/survey-autodns.log"
[ "$(sim_count autodns_json restore)" = "1" ]

# A LogicBoxes restore without "Who pays" is refused by the role before any request.
sim_reset
if launch survey-no-invoice '{"domain_recovery_domain": "restore-me.com", "domain_recovery_provider": "logicboxes"}'; then
    echo "a LogicBoxes restore without an invoice option must be refused" >&2
    exit 1
fi
grep -q 'invoice_option is required with provider logicboxes' "${LOG_DIR}/survey-no-invoice.log"
[ "$(sim_count logicboxes)" = "0" ]

# The discovery template: the same playbook with its own survey. List first (Restore = no), then
# restore what was found within the maximum, then a relaunch finds nothing left to do.
SURVEY="${AWX}/surveys/domain_recovery_discover.json"
sim_reset
discover_answers='"domain_recovery_discover_providers": ["resellerclub"], "domain_recovery_pattern": "bulk-restore-00[1-3].com", "domain_recovery_invoice_option": "KeepInvoice"'
launch discover-list "{${discover_answers}}"
grep -q 'Restorable domains found: 3' "${LOG_DIR}/discover-list.log"
grep -q 'set domain_recovery_confirm to yes (with domain_recovery_max at least 3)' "${LOG_DIR}/discover-list.log"
[ "$(sim_count logicboxes restore)" = "0" ]
launch discover-run "{${discover_answers}, \"domain_recovery_confirm\": \"yes\", \"domain_recovery_max\": 3}"
grep -q 'restored: 3 - bulk-restore-001.com, bulk-restore-002.com, bulk-restore-003.com' "${LOG_DIR}/discover-run.log"
[ "$(sim_count logicboxes restore)" = "3" ]
launch discover-again "{${discover_answers}, \"domain_recovery_confirm\": \"yes\", \"domain_recovery_max\": 3}"
grep -q 'Nothing left to do.' "${LOG_DIR}/discover-again.log"
[ "$(sim_count logicboxes restore)" = "3" ]
