#!/usr/bin/env bash
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The AWX job templates run as AWX runs them: a private data directory (project, inventory,
# survey answers as extra vars, credential injectors as env vars) handed to ansible-runner,
# against the registrar simulator; the job's status, events and artifacts are checked.
set -eux
# shellcheck source-path=SCRIPTDIR source=../../lib.sh
source "${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/domainops/registrar/tests/integration/lib.sh"
sim_start

work_dir awx-runner

# What an operator types into each credential, by the variable it injects (awx_job.py finds the
# input behind each variable in the credential type's injectors).
set +x
export TEST_HOSTUP_API_KEY="${HOSTUP_KEY}" TEST_HOSTUP_API_URL="${SIM_URL}/hostup/api"
export TEST_LOGICBOXES_AUTH_USERID="${LB_USERID}" TEST_LOGICBOXES_API_KEY="${LB_KEY}"
export TEST_LOGICBOXES_API_URL="${SIM_URL}/logicboxes/api/"
export TEST_AUTODNS_USER="${AUTODNS_USER_NAME}" TEST_AUTODNS_PASSWORD="${AUTODNS_PASS}" TEST_AUTODNS_CONTEXT=4
export TEST_AUTODNS_API_URL="${SIM_URL}/autodns/v1" TEST_AUTODNS_GATEWAY_URL="${SIM_URL}/autodns/gateway"
set -x
# A registrar variable from outside must not reach the job: plant decoys that would mask a missing injector.
export HOSTUP_API_KEY=decoy-not-injected LOGICBOXES_API_KEY=decoy-not-injected AUTODNS_PASSWORD=decoy-not-injected

ALL_CREDENTIALS=(--credential "${AWX_TYPES}/hostup.yml" --credential "${AWX_TYPES}/logicboxes.yml" --credential "${AWX_TYPES}/autodns.yml")
job() { "${PY}" awx_job.py get "${WORK}" "$@"; }

# launch NAME ARGS...: run a job, then search everything ansible-runner kept of it for secrets.
launch() {
    local name="$1"
    shift
    "${PY}" awx_job.py launch "${WORK}" "${name}" "$@"
    cat "${WORK}/${name}/artifacts/${name}/stdout" "${WORK}/${name}/artifacts/${name}"/job_events/*.json > "${LOG_DIR}/awx-runner-${name}.log"
    check_leaks "${LOG_DIR}/awx-runner-${name}.log"
}

RECOVERY=(--playbook "$("${PY}" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["playbook"])' "${AWX}/job_templates/domain_recovery.yml")"
          --survey "${AWX}/surveys/domain_recovery.json")
answers='{"domain_recovery_domain": "restore-me.com", "domain_recovery_provider": "resellerclub", "domain_recovery_hostup_domain_id": 20629, "domain_recovery_invoice_option": "KeepInvoice"}'

# "Domain recovery", job type Check: the job succeeds and sends nothing that changes anything.
sim_reset
launch recovery-check "${RECOVERY[@]}" "${ALL_CREDENTIALS[@]}" --answers "${answers}" --job-type check
[ "$(job recovery-check status)" = "successful" ]
[ "$(job recovery-check rc)" = "0" ]
[ "$(sim_count logicboxes restore)" = "0" ]
[ "$(sim_count hostup)" = "0" ]
[ "$(job recovery-check artifact_data.domain_recovery_summary.check_mode)" = "True" ]
[ "$(job recovery-check artifact_data.domain_recovery_summary.total)" = "1" ]

# Job type Run: one restore, one status sync, reported as the job's artifact.
launch recovery-run "${RECOVERY[@]}" "${ALL_CREDENTIALS[@]}" --answers "${answers}"
[ "$(job recovery-run status)" = "successful" ]
[ "$(job recovery-run stats.failures)" = "{}" ]
[ "$(job recovery-run ran.0.action)" = "domainops.registrar.domain_restore" ]
[ "$(job recovery-run ran.0.event)" = "runner_on_ok" ]
job recovery-run event_types | grep -q '"playbook_on_stats"'
job recovery-run artifact_data.domain_recovery_summary | grep -q '"restored": \["restore-me.com"\]'
[ "$(sim_count logicboxes restore)" = "1" ]
[ "$(sim_count hostup status-sync)" = "1" ]

# The job again: nothing left to restore, no second restore sent.
launch recovery-again "${RECOVERY[@]}" "${ALL_CREDENTIALS[@]}" --answers "${answers}"
[ "$(job recovery-again status)" = "successful" ]
[ "$(sim_count logicboxes restore)" = "1" ]

# Without the LogicBoxes credential the job fails, says why, and sends no restore.
sim_reset
launch recovery-no-credential "${RECOVERY[@]}" --credential "${AWX_TYPES}/hostup.yml" --answers "${answers}"
[ "$(job recovery-no-credential status)" = "failed" ]
[ "$(job recovery-no-credential rc)" != "0" ]
job recovery-no-credential stats.failures | grep -q '"localhost": 1'
[ "$(sim_count logicboxes restore)" = "0" ]

# "HostUp status sync": the HostUp credential, the ids as a survey text answer (a string).
sim_reset
launch sync --playbook awx/playbooks/status_sync.yml --credential "${AWX_TYPES}/hostup.yml" \
    --answers '{"status_sync_domain_ids": "20629,20630"}'
[ "$(job sync status)" = "successful" ]
[ "$(job sync ran.0.action)" = "domainops.registrar.domain_status_sync" ]
job sync artifact_data.status_sync_report | grep -q '"total": 2'
[ "$(sim_count hostup status-sync)" = "2" ]
