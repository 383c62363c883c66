#!/usr/bin/python
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: domain_restore
short_description: Restore a deleted domain at LogicBoxes/ResellerClub or InterNetX AutoDNS, once
version_added: 0.2.0
description:
  - Restores a deleted domain that is still in its restore (redemption) window, idempotently.
  - The module first reads the domain's state. Only a restorable domain gets a restore request.
    An active domain needs nothing (RV(restore_status=not_needed)); a restore that is already
    running is left alone (RV(restore_status=in_progress)). A domain past its restore window, or
    unknown to the registrar, fails the task with the reason.
  - RV(ignore:changed) is true exactly when a restore request was accepted (in check mode, when one would be sent).
  - B(Restores cost money.) At LogicBoxes/ResellerClub the O(invoice_option) decides who pays and when.
    At AutoDNS use O(restore_action=RESTORE_RENEW) after a PREACK cancellation, which avoids the restore fee there.
  - A restore request is never sent twice. If its answer is lost (timeout, reset connection, gateway
    error) the module re-reads the domain's state and reports what it finds, or says how to check.
author:
  - domainops.registrar maintainers (@domainops)
extends_documentation_fragment:
  - domainops.registrar._common
  - domainops.registrar._common.ATTRIBUTES_RESTORE
  - domainops.registrar._logicboxes
  - domainops.registrar._autodns
attributes:
  check_mode:
    description: Only reads are sent; the result says whether a restore would be requested.
    support: full
  diff_mode:
    description: Shows the registrar's status before and after.
    support: full
options:
  provider:
    description:
      - The registrar. V(logicboxes) and V(resellerclub) are the same API (also NetEarthOne, Resell.biz
        and other LogicBoxes brands).
      - Only the chosen registrar's credential and URL options are used; the other registrar's
        (C(logicboxes_*) or C(autodns_*)) are ignored, so one C(module_defaults) block on
        C(group/domainops.registrar.restore) can hold both. Options that change what is done
        (O(order_id), O(invoice_option), O(transport), O(restore_action), O(reply_to), O(ctid))
        fail the task when given for the wrong provider.
    type: str
    required: true
    choices: [logicboxes, resellerclub, autodns]
  domain:
    description:
      - The domain name. Internationalised names may be given in Unicode; they are sent as ASCII (punycode).
      - Required for V(autodns). For V(logicboxes) give O(domain), O(order_id) or both; the order id
        is looked up from the name when absent, and when both are given they must belong together.
    type: str
  order_id:
    description:
      - LogicBoxes/ResellerClub order id of the domain registration (at least 1).
    type: int
  invoice_option:
    description:
      - LogicBoxes/ResellerClub, required there. How the customer's invoice for the restore is handled.
      - V(NoInvoice) raises no invoice and restores.
      - V(PayInvoice) raises an invoice and pays it from the customer's debit account; with too
        little balance the order stays pending (RV(restore_status=pending)) until it is paid.
      - V(KeepInvoice) raises an invoice for the customer to pay later and restores.
    type: str
    choices: [NoInvoice, PayInvoice, KeepInvoice]
  transport:
    description:
      - AutoDNS only. V(json) uses the JSON API; V(xml) uses the XML gateway (needs lxml).
      - With V(xml) a restore that is still running cannot be seen before restoring (the gateway tasks used
        list no jobs); AutoDNS then refuses the second restore, which costs nothing, and the task reports
        RV(restore_status=in_progress) without a change or a failure.
    type: str
    choices: [json, xml]
    default: json
  restore_action:
    description:
      - AutoDNS only. The restore action.
      - V(RESTORE_RENEW) covers V(RESTORE_ARGP) and V(RESTORE_NE) and avoids restore costs after a PREACK cancellation.
    type: str
    choices: [RESTORE, RESTORE_RENEW, RESTORE_ARGP, RESTORE_NE]
    default: RESTORE
  reply_to:
    description:
      - AutoDNS only. E-mail address for the registrar's notification about the restore (C(replyTo)).
    type: str
  ctid:
    description:
      - AutoDNS only. Client transaction id, echoed back by AutoDNS.
      - Sent as the documented C(?ctid=) query parameter over JSON and as C(<ctid>) over XML.
    type: str
  rate_limit:
    description:
      - AutoDNS only. Most requests per second this module sends (AutoDNS allows 3 per second per IP).
      - V(0) turns the limit off.
    type: float
    default: 3
  sandbox:
    description:
      - Use the registrar's test system (C(https://test.httpapi.com/api/), the AutoDNS demo system)
        for every URL option that is not set.
      - A URL option set in the task or by its environment variable (E(LOGICBOXES_API_URL),
        E(AUTODNS_API_URL), E(AUTODNS_GATEWAY_URL)) wins over O(sandbox).
      - The AutoDNS demo system usually needs O(autodns_context=1).
    type: bool
    default: false
  wait:
    description:
      - Poll until an accepted restore has finished (AutoDNS job, LogicBoxes order status).
      - LogicBoxes is polled no faster than every 2 seconds, AutoDNS within its 3 requests per second.
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait with O(wait=true). On expiry the task fails and says the restore is still running.
    type: int
    default: 300
notes:
  - Restores cost money. LogicBoxes charges the restore fee according to O(invoice_option);
    AutoDNS bills the restore unless O(restore_action=RESTORE_RENEW) applies (after a PREACK cancellation).
    Try a new playbook against the test systems first (O(sandbox=true)).
  - "AutoDNS: the restore list is read with subusers' domains (C(view.children)); a domain owned by a subuser
    is restored acting for that owner (JSON headers C(X-Domainrobot-Owner-User)/C(X-Domainrobot-Owner-Context),
    XML C(<owner>)). C(restorePhaseEnd) is reported as RV(restore_deadline) and never used to refuse: it ends only
    the current restore phase, and AutoDNS decides."
  - "AutoDNS: with O(wait=true) the job is read from C(GET /job/{id}) and, once it has moved there, from the job
    history (C(GET /job/history/{id})); over XML the domain's state is followed."
  - "AutoDNS guesses, read defensively (details in the collection's docs/registrar-apis.md): the refusal of a
    second restore is recognised by its text (\"already running\", \"läuft bereits\"), its code is not
    documented; whether a subuser's domain needs the owner named; how C(/job/{id}) answers for a job moved to
    the history; that C(SUPPORT) and C(NOT_SET) jobs are still running; the XML list key C(restore_phase_end);
    over XML an C(E0105) inquire error is read as an unknown domain (the gateway answers HTTP 200 for errors)."
seealso:
  - module: domainops.registrar.domain_status_sync
"""

EXAMPLES = r"""
- name: Restore a domain at ResellerClub, invoicing the customer for later payment
  domainops.registrar.domain_restore:
    provider: resellerclub
    domain: example.com
    invoice_option: KeepInvoice
    logicboxes_auth_userid: "{{ rc_reseller_id }}"
    logicboxes_api_key: "{{ rc_api_key }}"
  register: restored

- name: Restore a LogicBoxes order by id, paying from the customer's balance, and wait until it is done
  domainops.registrar.domain_restore:
    provider: logicboxes
    order_id: 12121212
    invoice_option: PayInvoice
    wait: true
    wait_timeout: 120

- name: Restore at AutoDNS over the JSON API after a PREACK cancellation (no restore fee)
  domainops.registrar.domain_restore:
    provider: autodns
    domain: example.de
    restore_action: RESTORE_RENEW
    autodns_username: "{{ autodns_user }}"
    autodns_password: "{{ autodns_password }}"
    reply_to: hostmaster@example.net

- name: Restore at AutoDNS through the XML gateway, on the demo system (context 1), waiting for the job
  domainops.registrar.domain_restore:
    provider: autodns
    transport: xml
    sandbox: true
    autodns_context: 1
    domain: bücher.de
    ctid: ticket-4711
    wait: true

- name: See what would happen, without restoring anything
  domainops.registrar.domain_restore:
    provider: autodns
    domain: example.de
  check_mode: true
  diff: true

- name: Both registrars' credentials once; each restore uses only its own registrar's options
  module_defaults:
    group/domainops.registrar.restore:
      logicboxes_auth_userid: "{{ lb_reseller_id }}"
      logicboxes_api_key: "{{ lb_api_key }}"
      autodns_username: "{{ autodns_user }}"
      autodns_password: "{{ autodns_password }}"
  block:
    - name: Restore at LogicBoxes
      domainops.registrar.domain_restore:
        provider: logicboxes
        domain: example.com
        invoice_option: NoInvoice

    - name: Restore at AutoDNS
      domainops.registrar.domain_restore:
        provider: autodns
        domain: example.de

# Ad-hoc, credentials from the environment (LOGICBOXES_AUTH_USERID, LOGICBOXES_API_KEY):
#   ansible localhost -m domainops.registrar.domain_restore \
#     -a "provider=logicboxes domain=example.com invoice_option=NoInvoice"
"""

RETURN = r"""
provider:
  description: The provider option.
  returned: always
  type: str
  sample: logicboxes
domain:
  description: The domain name as sent to the registrar (ASCII, punycode for IDNs).
  returned: always
  type: str
  sample: xn--mller-kva.de
order_id:
  description: The LogicBoxes/ResellerClub order id, given or looked up.
  returned: with logicboxes and resellerclub, when known
  type: int
  sample: 12121212
restore_status:
  description:
    - V(restored) the registrar finished the restore; V(pending) it accepted the restore and is still
      working on it (or waits for payment; in check mode, a restore would be requested);
      V(not_needed) the domain is not deleted; V(in_progress) a restore was already running, nothing was sent.
  returned: success
  type: str
  sample: restored
previous_status:
  description: The registrar's status of the domain before the module acted (LogicBoxes C(currentstatus);
    AutoDNS C(RESTORABLE), C(RESTORE RUNNING) or the domain's registry status).
  returned: always
  type: str
  sample: Pending Delete Restorable
action:
  description: The AutoDNS restore action.
  returned: with autodns
  type: str
  sample: RESTORE
action_id:
  description: The LogicBoxes action id (C(eaqid)) of the restore.
  returned: with logicboxes and resellerclub, when a restore was sent or is in progress
  type: int
  sample: 1111111
restore_deadline:
  description:
    - The end of the current restore phase where the registrar gives one (AutoDNS C(restorePhaseEnd)),
      as the registrar writes it. Reported only; a date in the past does not stop a restore.
  returned: when the registrar gives one
  type: str
owner:
  description: The AutoDNS subuser owning the domain, as C(user/context), when it is not the user logged in as.
  returned: with autodns, for a subuser's domain
  type: str
  sample: customer2/4
job_id:
  description: The AutoDNS job id of the restore.
  returned: with autodns, when a restore was sent or is in progress
  type: int
  sample: 4297543154
action_status:
  description: The restore's status at the registrar (LogicBoxes C(actionstatus), AutoDNS job status).
  returned: when a restore was sent or is in progress
  type: str
  sample: Success
action_status_description:
  description: The registrar's text about the restore's status.
  returned: when a restore was sent
  type: str
  sample: restored successfully
invoice:
  description: The invoice the restore raised, when the registrar returns one (not with V(NoInvoice)).
  returned: when a restore raised an invoice
  type: dict
  contains:
    id:
      description: Invoice id.
      type: str
    amount:
      description: Selling amount.
      type: str
    currency:
      description: Selling currency.
      type: str
    customer_id:
      description: The customer the invoice is for.
      type: str
  sample: {"id": "87654", "amount": "5.00", "currency": "USD", "customer_id": "7123"}
stid:
  description: The AutoDNS server transaction id of the last answer.
  returned: with autodns, when a restore was sent
  type: str
  sample: 20190701-app-9791
response:
  description: The registrar's last answer, with secrets (C(domsecret), C(authinfo), keys) removed.
  returned: always
  type: dict
error:
  description: Structured data about a failed request.
  returned: when a request failed
  type: dict
  contains:
    provider:
      description: The provider's name.
      type: str
    operation:
      description: The operation, for example C(restore), C(details), C(restore-search) or an XML task code.
      type: str
    http_status:
      description: The HTTP status, when an answer arrived.
      type: int
    code:
      description: The registrar's error code (AutoDNS C(status.code), LogicBoxes C(status)).
      type: str
    message:
      description: The registrar's message.
      type: str
    request_id:
      description: The registrar's request id (AutoDNS C(stid)).
      type: str
    details:
      description: The registrar's detail messages.
      type: list
      elements: dict
    maybe_executed:
      description: True when the request may have been executed although no answer proved it.
      type: bool
"""

from ansible_collections.domainops.registrar.plugins.module_utils import _restore as restore
from ansible_collections.domainops.registrar.plugins.module_utils import _restore_common as registrar
from ansible_collections.domainops.registrar.plugins.module_utils._autodns import base as _autodns
from ansible_collections.domainops.registrar.plugins.module_utils._common import (
    InputError,
    RegistrarModule,
    check_common,
    check_range,
    emit_warnings,
    fail_with_error,
    require_requests,
)
from ansible_collections.domainops.registrar.plugins.module_utils._domain_name import normalise_domain
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._redact import Redactor

AUTODNS_ONLY = ("reply_to", "ctid")
# The rules the argument spec can say; options given for the wrong provider are checked by hand.
REQUIRED_IF = [
    *registrar.required_for(registrar.LOGICBOXES, ("invoice_option",)),
    *registrar.required_for(registrar.LOGICBOXES, ("domain", "order_id"), any_of=True),
    *registrar.required_for(("autodns",), ("domain",)),
]


def argument_spec():
    return registrar.registrar_argument_spec(
        order_id=dict(type="int"),
        invoice_option=dict(type="str", choices=["NoInvoice", "PayInvoice", "KeepInvoice"]),
        restore_action=dict(type="str", default="RESTORE", choices=list(_autodns.RESTORE_ACTIONS)),
        reply_to=dict(type="str"),
        ctid=dict(type="str"),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=300),
    )


def _check_logicboxes(params, provider):
    if params["restore_action"] != "RESTORE":
        raise InputError("restore_action is only for provider autodns; use invoice_option with %s" % provider)
    for name in AUTODNS_ONLY:
        if params[name] is not None:
            raise InputError("%s is only for provider autodns" % name)
    registrar.check_logicboxes(params, provider)


def _check_autodns(params, provider):
    if params["order_id"] is not None:
        raise InputError("order_id is only for provider logicboxes or resellerclub")
    if params["invoice_option"] is not None:
        raise InputError(
            "invoice_option is only for provider logicboxes or resellerclub; use restore_action with autodns"
        )
    registrar.check_autodns(params, provider, texts=AUTODNS_ONLY)
    if params["reply_to"] is not None and (
        "@" not in params["reply_to"] or any(c.isspace() for c in params["reply_to"])
    ):
        raise InputError("reply_to must be an e-mail address, got %r" % params["reply_to"])
    if params["ctid"] is not None and not params["ctid"].strip():
        raise InputError("ctid must not be empty")


def check_input(params):
    """Every rule ``REQUIRED_IF`` cannot declare and that needs no request; returns the client settings.

    Only the chosen registrar's credential and URL options count; the other registrar's are ignored,
    so one ``module_defaults`` block can hold both. Options that change what is done are refused
    for the wrong provider.
    """
    settings = check_common(params)
    provider = params["provider"]
    check_range(params, "order_id", minimum=1)
    check_range(params, "wait_timeout", minimum=1, maximum=86400)
    registrar.check_registrar_common(params)
    if params["domain"] is not None:
        params["domain"] = normalise_domain(params["domain"])
    if provider in registrar.LOGICBOXES:
        _check_logicboxes(params, provider)
    else:
        _check_autodns(params, provider)
    return settings


def main():
    module = RegistrarModule(argument_spec=argument_spec(), required_if=REQUIRED_IF, supports_check_mode=True)
    try:
        settings = check_input(module.params)
    except InputError as exc:
        module.fail_json(msg=str(exc))
    require_requests(module)

    redactor = Redactor()
    try:
        provider = registrar.create_provider(module, settings, redactor)
    except RegistrarError as exc:
        fail_with_error(module, exc)
    try:
        changed, result, warnings = restore.run(
            provider,
            check_mode=module.check_mode,
            wait=module.params["wait"],
            wait_timeout=module.params["wait_timeout"],
        )
    except RegistrarError as exc:
        emit_warnings(module, provider.client)
        fail_with_error(module, exc, provider=module.params["provider"], domain=module.params["domain"])
    except restore.RestoreFailed as exc:
        emit_warnings(module, provider.client)
        extra = {"error": exc.error.as_dict()} if exc.error else {}
        module.fail_json(msg=redactor.text(exc.msg), changed=exc.changed, **dict(redactor.data(exc.result), **extra))
    emit_warnings(module, provider.client)
    for warning in warnings:
        module.warn(redactor.text(warning))
    diff = result.pop("diff", None)
    msg = result.pop("msg", None)
    if module._diff and diff:
        result["diff"] = diff
    if msg:
        result["msg"] = msg
    module.exit_json(changed=changed, **redactor.data(result))


if __name__ == "__main__":
    main()
