#!/usr/bin/env bash
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Secret-leak checks on the error paths where a key could end up in a URL or a message:
# LogicBoxes GET with a wrong key (auth error on HTTP 500), unknown LogicBoxes order and domain,
# AutoDNS wrong password (JSON and XML), HostUp 401, the same wrong credentials on the
# domain_restore_info listings, and a success path for each. Every case runs
# ad hoc with credentials from environment variables (and, for the key-in-URL cases, as -a
# arguments) and in a playbook with credentials as module arguments, all at -vvv; each output
# must be free of every secret the simulator knows AND of the wrong credentials, which the
# simulator has never seen (lib.sh's check_leaks cannot know them).
#
# No `set -x`: it would print the credentials of the commands below into the test log.
set -eu -o pipefail
# Shared helpers (simulator, secret-leak check); ansible-test runs this from a copy of the target
# shellcheck source-path=SCRIPTDIR source=../../lib.sh
source "${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/domainops/registrar/tests/integration/lib.sh"
sim_start

WRONG_HOSTUP_KEY="wrong-hostup-key-5e1d77"
WRONG_LB_KEY="wrong-lb-key-0c9a3f"
WRONG_AUTODNS_PASS="wrong-autodns-pass-71b2"
b64() { printf '%s' "$1" | base64 | tr -d '\n'; }
# Secrets lib.sh does not know: the wrong credentials, and the Basic auth tokens (base64 of
# user:password) of the right and the wrong AutoDNS password.
EXTRA_SECRETS=(
    "${WRONG_HOSTUP_KEY}" "${WRONG_LB_KEY}" "${WRONG_AUTODNS_PASS}"
    "$(b64 "${AUTODNS_USER_NAME}:${AUTODNS_PASS}")" "$(b64 "${AUTODNS_USER_NAME}:${WRONG_AUTODNS_PASS}")"
)
RUNS=0
FAILED_AS_EXPECTED=0

# assert_no_leaks NAME: lib.sh's search for every simulator secret, then the extra ones.
# Called outside any `if`, because inside one bash ignores `set -e` in the called functions
# (lib.sh's `logged` alone would not stop on a leak in a run that is expected to fail).
assert_no_leaks() {
    local log="${LOG_DIR}/$1.log" secret
    if ! check_leaks "${log}"; then
        echo "FAIL: $1 leaks a secret the simulator knows (see ${log})" >&2
        exit 1
    fi
    for secret in "${EXTRA_SECRETS[@]}"; do
        if grep -qF -- "${secret}" "${log}"; then
            echo "FAIL: $1 leaks a credential (see ${log})" >&2
            exit 1
        fi
    done
    if grep -q "Traceback" "${log}"; then
        echo "FAIL: $1 shows a traceback (see ${log})" >&2
        exit 1
    fi
}

# expect_ok NAME CMD...: CMD at -vvv must succeed and leak nothing.
expect_ok() {
    local name="$1" rc=0
    shift
    logged "${name}" "$@" || rc=$?
    assert_no_leaks "${name}"
    RUNS=$((RUNS + 1))
    if [ "${rc}" -ne 0 ]; then
        echo "FAIL: ${name} was expected to succeed (rc ${rc})" >&2
        exit 1
    fi
    echo "ok: ${name}"
}

# expect_fail NAME PATTERN CMD...: CMD at -vvv must fail, show PATTERN (grep -E), and leak nothing.
expect_fail() {
    local name="$1" pattern="$2" rc=0
    shift 2
    logged "${name}" "$@" >/dev/null || rc=$?
    assert_no_leaks "${name}"
    RUNS=$((RUNS + 1))
    if [ "${rc}" -eq 0 ]; then
        echo "FAIL: ${name} was expected to fail" >&2
        exit 1
    fi
    if ! grep -qE -- "${pattern}" "${LOG_DIR}/${name}.log"; then
        echo "FAIL: ${name} failed without the expected message /${pattern}/:" >&2
        grep -E '"msg"' "${LOG_DIR}/${name}.log" >&2 || true
        exit 1
    fi
    FAILED_AS_EXPECTED=$((FAILED_AS_EXPECTED + 1))
    echo "ok: ${name} failed as expected"
}

SYNC=(ansible localhost -m domainops.registrar.domain_status_sync)
RESTORE=(ansible localhost -m domainops.registrar.domain_restore)
INFO=(ansible localhost -m domainops.registrar.domain_restore_info)
hostup_env() { env HOSTUP_API_URL="${SIM_URL}/hostup/api" "$@"; }
lb_env() { env LOGICBOXES_AUTH_USERID="${LB_USERID}" LOGICBOXES_API_URL="${SIM_URL}/logicboxes/api/" "$@"; }
autodns_env() {
    env AUTODNS_USER="${AUTODNS_USER_NAME}" AUTODNS_CONTEXT=4 AUTODNS_API_URL="${SIM_URL}/autodns/v1" \
        AUTODNS_GATEWAY_URL="${SIM_URL}/autodns/gateway" "$@"
}

# Ad hoc, credentials from the environment ------------------------------------------------------
sim_reset
expect_fail adhoc-hostup-401 'HostUp status-sync failed: HTTP 401' \
    hostup_env HOSTUP_API_KEY="${WRONG_HOSTUP_KEY}" "${SYNC[@]}" -a "domain_id=20629"
expect_fail adhoc-lb-wrong-key 'LogicBoxes orderid failed: HTTP 500, code ERROR: Authentication failed' \
    lb_env LOGICBOXES_API_KEY="${WRONG_LB_KEY}" "${RESTORE[@]}" \
    -a "provider=logicboxes domain=restore-me.com invoice_option=NoInvoice"
expect_fail adhoc-lb-wrong-key-by-order 'LogicBoxes details failed: HTTP 500, code ERROR: Authentication failed' \
    lb_env LOGICBOXES_API_KEY="${WRONG_LB_KEY}" "${RESTORE[@]}" \
    -a "provider=logicboxes order_id=12121212 invoice_option=NoInvoice"
expect_fail adhoc-lb-unknown-order 'order 99999999 is unknown to the registrar' \
    lb_env LOGICBOXES_API_KEY="${LB_KEY}" "${RESTORE[@]}" \
    -a "provider=logicboxes order_id=99999999 invoice_option=NoInvoice"
expect_fail adhoc-lb-unknown-domain 'never-registered.com is unknown to the registrar' \
    lb_env LOGICBOXES_API_KEY="${LB_KEY}" "${RESTORE[@]}" \
    -a "provider=logicboxes domain=never-registered.com invoice_option=NoInvoice"
expect_fail adhoc-autodns-json-wrong-password 'AutoDNS restore-search failed: HTTP 401' \
    autodns_env AUTODNS_PASSWORD="${WRONG_AUTODNS_PASS}" "${RESTORE[@]}" -a "provider=autodns domain=restore-me.de"
expect_fail adhoc-autodns-xml-wrong-password 'AutoDNS 0105005 failed.*E01004' \
    autodns_env AUTODNS_PASSWORD="${WRONG_AUTODNS_PASS}" "${RESTORE[@]}" \
    -a "provider=autodns transport=xml domain=restore-xml.de"
expect_fail adhoc-info-lb-wrong-key 'LogicBoxes search failed: HTTP 500, code ERROR: Authentication failed' \
    lb_env LOGICBOXES_API_KEY="${WRONG_LB_KEY}" "${INFO[@]}" -a "provider=logicboxes"
expect_fail adhoc-info-autodns-json-wrong-password 'AutoDNS restore-search failed: HTTP 401' \
    autodns_env AUTODNS_PASSWORD="${WRONG_AUTODNS_PASS}" "${INFO[@]}" -a "provider=autodns"
expect_fail adhoc-info-autodns-xml-wrong-password 'AutoDNS 0105005 failed.*E01004' \
    autodns_env AUTODNS_PASSWORD="${WRONG_AUTODNS_PASS}" "${INFO[@]}" -a "provider=autodns transport=xml"
# Nothing was restored by the failures above.
[ "$(sim_count logicboxes restore)" = "0" ]
[ "$(sim_count autodns_json restore)" = "0" ]
[ "$(sim_count autodns_xml 0101005)" = "0" ]

expect_ok adhoc-hostup-ok hostup_env HOSTUP_API_KEY="${HOSTUP_KEY}" "${SYNC[@]}" -a "domain_id=20629"
expect_ok adhoc-lb-ok lb_env LOGICBOXES_API_KEY="${LB_KEY}" "${RESTORE[@]}" \
    -a "provider=logicboxes domain=restore-me.com invoice_option=KeepInvoice"
expect_ok adhoc-autodns-json-ok autodns_env AUTODNS_PASSWORD="${AUTODNS_PASS}" "${RESTORE[@]}" \
    -a "provider=autodns domain=restore-me.de"
expect_ok adhoc-autodns-xml-ok autodns_env AUTODNS_PASSWORD="${AUTODNS_PASS}" "${RESTORE[@]}" \
    -a "provider=autodns transport=xml domain=restore-xml.de"
expect_ok adhoc-info-lb-ok lb_env LOGICBOXES_API_KEY="${LB_KEY}" "${INFO[@]}" -a "provider=logicboxes"
expect_ok adhoc-info-autodns-json-ok autodns_env AUTODNS_PASSWORD="${AUTODNS_PASS}" "${INFO[@]}" -a "provider=autodns"
expect_ok adhoc-info-autodns-xml-ok autodns_env AUTODNS_PASSWORD="${AUTODNS_PASS}" "${INFO[@]}" \
    -a "provider=autodns transport=xml"

# Ad hoc, credentials as -a arguments (the key-in-URL path) ----------------------------------------
sim_reset
expect_fail adhoc-args-lb-wrong-key 'LogicBoxes orderid failed: HTTP 500, code ERROR: Authentication failed' \
    "${RESTORE[@]}" -a "provider=logicboxes domain=restore-me.com invoice_option=NoInvoice logicboxes_auth_userid=${LB_USERID} logicboxes_api_key=${WRONG_LB_KEY} logicboxes_api_url=${SIM_URL}/logicboxes/api/"
expect_fail adhoc-args-hostup-401 'HostUp status-sync failed: HTTP 401' \
    "${SYNC[@]}" -a "domain_id=20629 hostup_api_key=${WRONG_HOSTUP_KEY} hostup_api_url=${SIM_URL}/hostup/api"
expect_fail adhoc-args-info-lb-wrong-key 'LogicBoxes search failed: HTTP 500, code ERROR: Authentication failed' \
    "${INFO[@]}" -a "provider=logicboxes logicboxes_auth_userid=${LB_USERID} logicboxes_api_key=${WRONG_LB_KEY} logicboxes_api_url=${SIM_URL}/logicboxes/api/"
expect_ok adhoc-args-lb-ok "${RESTORE[@]}" \
    -a "provider=logicboxes domain=restore-me.com invoice_option=NoInvoice logicboxes_auth_userid=${LB_USERID} logicboxes_api_key=${LB_KEY} logicboxes_api_url=${SIM_URL}/logicboxes/api/"

# Playbook, credentials as module arguments (from a vars file, not the command line) ---------------
sim_reset
vars_file="$(mktemp "${TMPDIR:-/tmp}/leak-checks-vars.XXXXXX")"
trap 'rm -f "${vars_file}"; sim_stop' EXIT
cat > "${vars_file}" <<EOF
sim_url: "${SIM_URL}"
hostup_key: "${HOSTUP_KEY}"
wrong_hostup_key: "${WRONG_HOSTUP_KEY}"
lb_userid: "${LB_USERID}"
lb_key: "${LB_KEY}"
wrong_lb_key: "${WRONG_LB_KEY}"
autodns_user: "${AUTODNS_USER_NAME}"
autodns_password: "${AUTODNS_PASS}"
wrong_autodns_password: "${WRONG_AUTODNS_PASS}"
EOF
expect_ok playbook ansible-playbook -i "${INVENTORY_PATH}" playbook.yml -e "@${vars_file}" "$@"
# Each failing task appears in the playbook output once, as an ignored error.
[ "$(grep -c '\.\.\.ignoring' "${LOG_DIR}/playbook.log")" = "9" ]

echo "leak_checks: ${RUNS} ansible runs at -vvv (${FAILED_AS_EXPECTED} failing as expected), 0 leaks"
