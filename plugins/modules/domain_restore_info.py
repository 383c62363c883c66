#!/usr/bin/python
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: domain_restore_info
short_description: List the deleted domains that can be restored at LogicBoxes/ResellerClub or InterNetX AutoDNS
version_added: 0.2.0
description:
  - Lists the domains that are in their restore (redemption) window now, with the registrar's
    restore deadline where it gives one, so a play can decide what to restore with
    M(domainops.registrar.domain_restore).
  - Only reads; never changes anything (RV(ignore:changed) is always false).
  - At LogicBoxes/ResellerClub the module searches the orders with status C(Pending Delete Restorable);
    at AutoDNS it reads the restore list (JSON API or XML gateway), which includes the domains of subusers.
  - The registrar is read page by page until O(limit) domains are found or the list ends. When
    there are more, RV(truncated) is true and RV(domains) holds the first O(limit) the registrar
    listed (not necessarily those with the earliest deadlines).
author:
  - domainops.registrar maintainers (@domainops)
extends_documentation_fragment:
  - domainops.registrar._common
  - domainops.registrar._common.ATTRIBUTES_RESTORE
  - domainops.registrar._logicboxes
  - domainops.registrar._autodns
attributes:
  check_mode:
    description: The module only reads, in check mode as without it.
    support: full
  diff_mode:
    description: Nothing changes, so there is no diff.
    support: none
options:
  provider:
    description:
      - The registrar. V(logicboxes) and V(resellerclub) are the same API (also NetEarthOne, Resell.biz
        and other LogicBoxes brands).
      - Only the chosen registrar's credential and URL options are used; the other registrar's
        (C(logicboxes_*) or C(autodns_*)) are ignored, so one C(module_defaults) block on
        C(group/domainops.registrar.restore) can hold both.
    type: str
    required: true
    choices: [logicboxes, resellerclub, autodns]
  domain:
    description:
      - Only this domain (exact name). Internationalised names may be given in Unicode; they are
        looked up as ASCII (punycode).
      - Mutually exclusive with O(pattern).
    type: str
  pattern:
    description:
      - Only domains whose name matches this shell-style pattern, for example V(*.de) or V(shop-*).
        C(*) matches any text, C(?) one character, C([abc]) one of the characters, C([!abc]) any other.
      - Matched without regard to case on the ASCII name, so an internationalised name is matched
        in punycode (V(xn--mller-kva.*) for C(müller.*)); the pattern itself must be ASCII.
      - The registrar may be asked to narrow its list by the pattern; every name is matched again by the module.
      - Mutually exclusive with O(domain).
    type: str
  limit:
    description:
      - The most domains to return, between 1 and 10000. RV(truncated) says when there were more.
    type: int
    default: 1000
  transport:
    description:
      - AutoDNS only. V(json) uses the JSON API; V(xml) uses the XML gateway (needs lxml).
    type: str
    choices: [json, xml]
    default: json
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
notes:
  - Reads are retried as O(retries) describes (also on HTTP 502, 503, 504 and timeouts), since they change nothing.
  - LogicBoxes/ResellerClub are read up to 500 orders a request, AutoDNS within O(rate_limit).
seealso:
  - module: domainops.registrar.domain_restore
"""

EXAMPLES = r"""
- name: List every domain restorable at ResellerClub
  domainops.registrar.domain_restore_info:
    provider: resellerclub
    logicboxes_auth_userid: "{{ rc_reseller_id }}"
    logicboxes_api_key: "{{ rc_api_key }}"
  register: restorable

- name: Show them with their deadlines
  ansible.builtin.debug:
    msg: "{{ item.domain }} (order {{ item.order_id }}) until {{ item.restore_deadline | default('unknown', true) }}"
  loop: "{{ restorable.domains }}"

- name: The .de domains restorable at AutoDNS over the XML gateway, subusers' included
  domainops.registrar.domain_restore_info:
    provider: autodns
    transport: xml
    pattern: "*.de"
    autodns_username: "{{ autodns_user }}"
    autodns_password: "{{ autodns_password }}"
  register: restorable_de

- name: Only the first 50 shop domains; truncated says whether there were more
  domainops.registrar.domain_restore_info:
    provider: autodns
    pattern: shop-*
    limit: 50
  register: shops

- name: Is this one domain restorable? (an IDN, given in Unicode)
  domainops.registrar.domain_restore_info:
    provider: logicboxes
    domain: müller.com
  register: one

- name: Credentials once for the group; list at LogicBoxes, restore what was found (it costs money)
  module_defaults:
    group/domainops.registrar.restore:
      logicboxes_auth_userid: "{{ lb_reseller_id }}"
      logicboxes_api_key: "{{ lb_api_key }}"
  block:
    - name: List
      domainops.registrar.domain_restore_info:
        provider: logicboxes
        pattern: "*.com"
      register: found

    - name: Restore each order found
      domainops.registrar.domain_restore:
        provider: logicboxes
        order_id: "{{ item.order_id }}"
        invoice_option: KeepInvoice
      loop: "{{ found.domains }}"
      loop_control:
        label: "{{ item.domain }}"
"""

RETURN = r"""
domains:
  description:
    - The restorable domains, sorted by restore deadline (earliest first; those without one last), then name.
    - Every entry has every key; a key that does not apply to the registrar, or that it did not give, is V(null).
  returned: success
  type: list
  elements: dict
  contains:
    domain:
      description: The domain name as the registrar lists it, in ASCII (punycode for IDNs).
      type: str
      sample: xn--mller-kva.de
    provider:
      description: The provider option.
      type: str
      sample: autodns
    order_id:
      description: The LogicBoxes/ResellerClub order id (null at AutoDNS).
      type: int
      sample: 12121212
    status:
      description: The registrar's status of the domain (LogicBoxes C(Pending Delete Restorable); AutoDNS as its restore list says).
      type: str
      sample: Pending Delete Restorable
    restore_deadline:
      description: The end of the restore window as the registrar gives it (AutoDNS C(restorePhaseEnd)); null where unknown.
      type: str
      sample: "2026-12-14T08:00:00.000+0000"
    action:
      description: The restore action AutoDNS lists for the domain (null at LogicBoxes).
      type: str
      sample: RESTORE
    owner:
      description: The AutoDNS subuser that owns the domain, as C(user/context); null for the caller's own domains
        and at LogicBoxes.
      type: str
      sample: customer-42/4
  sample:
    - domain: restore-me.de
      provider: autodns
      order_id: null
      status: RESTORABLE
      restore_deadline: "2026-12-14T08:00:00.000+0000"
      action: RESTORE
      owner: null
count:
  description: The number of entries in RV(domains) (at most O(limit)).
  returned: success
  type: int
  sample: 1
truncated:
  description: True when the registrar has more matching restorable domains than O(limit).
  returned: success
  type: bool
  sample: false
error:
  description: Structured data about a failed request.
  returned: when a request failed
  type: dict
  contains:
    provider:
      description: The provider's name.
      type: str
    operation:
      description: The operation, for example C(search) (LogicBoxes), C(restore-search) (AutoDNS JSON) or an XML task code.
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
      description: Always false here (the module only reads).
      type: bool
"""

from ansible_collections.domainops.registrar.plugins.module_utils import _restore_common as registrar
from ansible_collections.domainops.registrar.plugins.module_utils import _restore_info as restore_info
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

# A name and a pattern would contradict each other; the rest is checked by hand (check_input).
MUTUALLY_EXCLUSIVE = [("domain", "pattern")]


def argument_spec():
    return registrar.registrar_argument_spec(
        pattern=dict(type="str"),
        limit=dict(type="int", default=restore_info.DEFAULT_LIMIT),
    )


def check_input(params):
    """Every rule that can be checked without a request; returns the client settings."""
    settings = check_common(params)
    provider = params["provider"]
    check_range(params, "limit", minimum=1, maximum=restore_info.MAX_LIMIT)
    registrar.check_registrar_common(params)
    if params["domain"] is not None:
        params["domain"] = normalise_domain(params["domain"])
    params["pattern"] = restore_info.check_pattern(params["pattern"])
    if provider in registrar.LOGICBOXES:
        registrar.check_logicboxes(params, provider)
    else:
        registrar.check_autodns(params, provider)
    return settings


def main():
    module = RegistrarModule(
        argument_spec=argument_spec(),
        mutually_exclusive=MUTUALLY_EXCLUSIVE,
        supports_check_mode=True,
    )
    try:
        settings = check_input(module.params)
    except InputError as exc:
        module.fail_json(msg=str(exc))
    require_requests(module)

    params = module.params
    try:
        provider = registrar.create_provider(module, settings, Redactor())
    except RegistrarError as exc:
        fail_with_error(module, exc, provider=params["provider"])
    try:
        result = restore_info.list_restorable(
            provider, domain=params["domain"], pattern=params["pattern"], limit=params["limit"]
        )
    except RegistrarError as exc:
        emit_warnings(module, provider.client)
        fail_with_error(module, exc, provider=params["provider"])
    emit_warnings(module, provider.client)
    module.exit_json(changed=False, **result)


if __name__ == "__main__":
    main()
