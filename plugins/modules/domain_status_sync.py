#!/usr/bin/python
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: domain_status_sync
short_description: Make the HostUp panel re-read domain status from the registrar
version_added: 0.2.0
description:
  - Asks the HostUp panel to synchronise the status of one domain, of many domains concurrently, or of
    every domain of the account, with its registrar.
  - Domains given by panel (HostBill) id use the legacy API (C(POST /api/domains/{id}/status-sync));
    domains given by name or v2 id (C(dom_...)), and O(all_domains), use the API v2
    (C(POST /api/v2/domains/{id}/actions/status-sync)).
  - The task reports C(changed) exactly when the panel says a status changed (C(statusChanged)).
  - A status sync only refreshes the panel's copy of the registrar's data, so it is safe to repeat;
    it is retried on throttling, gateway errors and timeouts (see O(retries)).
  - Results are compact; the panel's domain record is only returned with O(return_records).
author:
  - domainops.registrar maintainers (@domainops)
extends_documentation_fragment:
  - domainops.registrar._common
  - domainops.registrar._common.ATTRIBUTES_HOSTUP
  - domainops.registrar._hostup
attributes:
  check_mode:
    description:
      - No status sync is sent; the result says what would be synced (RV(summary.skipped)).
      - Names are still looked up, and O(all_domains) still lists the account, so an unknown name fails as it would for real.
    support: full
  diff_mode:
    description: Shows the status before and after the sync of each domain whose status changed.
    support: full
options:
  domain_id:
    description:
      - The panel's numeric id of one domain to sync (at least 1).
      - Exactly one of O(domain_id), O(domain_ids), O(domain), O(domains) and O(all_domains=true) is required.
    type: int
  domain_ids:
    description:
      - The panel ids of many domains, synced concurrently over one connection pool.
      - Each distinct id is synced once; duplicates are ignored.
      - Every domain is tried; the task fails afterwards when any failed, naming at most 20 of them.
      - An empty list is not an error; nothing is sent and the task reports no change.
    type: list
    elements: int
  domain:
    description:
      - One domain by name (an internationalised name is accepted and sent as punycode) or by its API v2 id (C(dom_...)).
      - A name is looked up with C(GET /api/v2/domains?name=); a name the account does not hold fails, and nothing is synced.
    type: str
  domains:
    description:
      - Many domains by name and/or API v2 id (C(dom_...)), synced concurrently.
      - Up to 25 names per O(concurrency) (100 with the default) are looked up one by one, concurrently; more
        are found in one pass over the account's listing, which stops as soon as every name was seen.
      - Each distinct domain is synced once. A name the account does not hold fails that domain, naming it,
        without a sync request; the others are still synced.
      - An empty list is not an error; nothing is sent and the task reports no change.
    type: list
    elements: str
  all_domains:
    description:
      - V(true) syncs every domain of the account, read from the API v2 listing (cursor pages of up to 1000
        domains, each page read once), narrowed by O(service_status).
      - Unset means V(false); V(false) alone selects nothing and is refused.
    type: bool
  service_status:
    description:
      - With O(all_domains), only the domains whose API v2 status (C(serviceStatus)) is one of these.
      - The filter is applied to the listing by the module (the listing has no documented status filter).
    type: list
    elements: str
    choices: [active, suspended, terminated, pending, cancelled, expired, fraud, unknown]
  concurrency:
    description:
      - How many requests run in parallel for many domains, between 1 and 32.
      - When the panel answers HTTP 429 the module halves its parallelism, honours C(Retry-After),
        and grows back as requests succeed.
    type: int
    default: 4
  fail_on_sync_error:
    description:
      - Fail when the panel answers C(syncSuccess=false), that is the panel could not get the status from the registrar.
      - With V(false) such a domain is reported (and counted as failed in RV(summary)) but does not fail the task.
    type: bool
    default: true
  return_records:
    description:
      - Add the panel's domain record (RV(domain)) to each result, with the transfer secret C(epp_code) removed.
      - Only legacy answers (O(domain_id), O(domain_ids)) carry a record; API v2 answers have none.
      - A failed batch never returns records, so that its result stays small.
    type: bool
    default: false
notes:
  - The API v2 success answers carry no request id; RV(request_id) is then the C(X-Request-Id) header, when the panel sends one.
seealso:
  - name: HostUp API
    description: The panel's API documentation.
    link: https://developer.hostup.se/
"""

EXAMPLES = r"""
- name: Sync one domain's status from its registrar, by panel id
  domainops.registrar.domain_status_sync:
    domain_id: 20629
    hostup_api_key: "{{ hostup_api_key }}"
  register: sync

- name: Say what changed
  ansible.builtin.debug:
    msg: "{{ sync.previous_status }} -> {{ sync.status }}"
  when: sync is changed

- name: Sync domains by name (IDN accepted) and by v2 id, credentials from the environment (HOSTUP_API_KEY)
  domainops.registrar.domain_status_sync:
    domains:
      - example.se
      - räksmörgås.se
      - dom_01HQ7Z3M4K8J2N6P9R5T1V3X7Y
  register: by_name

- name: Re-sync every domain of the account that looks expired or suspended
  domainops.registrar.domain_status_sync:
    all_domains: true
    service_status: [expired, suspended]
    concurrency: 8
  register: everything

- name: Show the domains that just became active
  ansible.builtin.debug:
    msg: "{{ everything.results | selectattr('status_changed_to_active', 'defined') | selectattr('status_changed_to_active') | map(attribute='name') | list }}"

- name: Sync many panel ids and keep the panel's records (without the EPP code)
  domainops.registrar.domain_status_sync:
    domain_ids: "{{ hostup_domain_ids }}"
    return_records: true

- name: Set the HostUp credentials once (group hostup), the common options for every module (group all)
  module_defaults:
    group/domainops.registrar.hostup:
      hostup_api_key: "{{ hostup_api_key }}"
    group/domainops.registrar.all:
      timeout: 30
  block:
    - name: Sync without failing on registrar lookup errors
      domainops.registrar.domain_status_sync:
        domain: example.se
        fail_on_sync_error: false

# Ad-hoc, with the key in the environment:
#   HOSTUP_API_KEY=... ansible localhost -m domainops.registrar.domain_status_sync -a domain=example.se
"""

RETURN = r"""
domain_id:
  description: The domain's panel id.
  returned: with O(domain_id)
  type: int
  sample: 20629
id:
  description: The domain's API v2 id.
  returned: with O(domain), once the domain is known
  type: str
  sample: dom_01HQ7Z3M4K8J2N6P9R5T1V3X7Y
name:
  description: The domain's name (ASCII, punycode for an internationalised name).
  returned: with O(domain); with O(domain_id) when the panel's answer names it
  type: str
  sample: example.se
status_changed:
  description: Whether the panel's status changed (C(statusChanged)). Equals RV(ignore:changed).
  returned: with O(domain_id) or O(domain), when a sync was sent
  type: bool
  sample: true
status_changed_to_active:
  description: Whether the status changed to active (C(statusChangedToActive)).
  returned: with O(domain_id) or O(domain), when a sync was sent
  type: bool
  sample: true
previous_status:
  description:
    - The status before the sync (C(previousStatus)), in the panel's own words.
    - HostBill's (C(Active), C(Expired), ...) for panel ids; the lower-case API v2 values (C(active), C(expired), ...) otherwise.
  returned: with O(domain_id) or O(domain), when a sync was sent
  type: str
  sample: Pending
status:
  description: The status after the sync (C(newStatus)), in the same words as RV(previous_status).
  returned: with O(domain_id) or O(domain), when a sync was sent
  type: str
  sample: Active
sync_success:
  description: Whether the panel could read the status from the registrar (C(syncSuccess)).
  returned: with O(domain_id) or O(domain), when a sync was sent
  type: bool
  sample: true
request_id:
  description: The panel's request id, for support requests (legacy C(requestId), else the C(X-Request-Id) header), or null.
  returned: with O(domain_id) or O(domain), when a sync was sent
  type: str
  sample: req_8f2c1a
info:
  description: The panel's informational text, or null.
  returned: with O(domain_id) or O(domain), when a sync was sent
  type: str
  sample: Domain status synchronized
sync_errors:
  description: The panel's error texts (C(error)).
  returned: with O(domain_id) or O(domain), when a sync was sent
  type: list
  elements: str
  sample: []
revert:
  description: Whether the panel tried to revert the status, and with what outcome.
  returned: with O(domain_id) or O(domain), when a sync was sent
  type: dict
  contains:
    attempted:
      description: C(revertAttempted).
      type: bool
    succeeded:
      description: C(revertSucceeded).
      type: bool
    error:
      description: C(revertError), or null.
      type: str
double_sync:
  description: Whether the panel synced twice to confirm, and with what outcome.
  returned: with O(domain_id) or O(domain), when a sync was sent
  type: dict
  contains:
    attempted:
      description: C(doubleSyncAttempted).
      type: bool
    succeeded:
      description: C(doubleSyncSucceeded).
      type: bool
    error:
      description: C(doubleSyncError), or null.
      type: str
domain:
  description:
    - The panel's domain record after the sync, with the transfer secret C(epp_code) removed.
  returned: with O(return_records) and O(domain_id) (in each of RV(results) with O(domain_ids), unless the batch failed)
  type: dict
  sample: {"id": "20629", "name": "example.se", "status": "Active", "expires": "2027-03-01", "autorenew": "1"}
results:
  description:
    - One compact result per distinct domain, in the order given (the listing's order for O(all_domains)),
      with the keys of a single-domain run; C(domain_id) for panel ids, C(id) and C(name) otherwise.
    - Each has C(failed); one that failed also has a one-line C(msg), and C(error) when a request failed.
      A name the account does not hold has only C(name), C(failed), C(msg) and C(error).
    - In check mode each entry only names its domain (and C(failed), C(msg) for an unknown name).
  returned: with O(domain_ids), O(domains) or O(all_domains)
  type: list
  elements: dict
  sample: [{"id": "dom_01HQ7Z3M4K8J2N6P9R5T1V3X7Y", "name": "example.se", "previous_status": "expired", "status": "active",
            "status_changed": true, "status_changed_to_active": true, "sync_success": true, "request_id": null,
            "info": null, "sync_errors": [], "revert": {"attempted": false, "succeeded": false, "error": null},
            "double_sync": {"attempted": false, "succeeded": false, "error": null}, "failed": false}]
summary:
  description:
    - Counts over the distinct domains; C(changed), C(unchanged), C(failed) and (in check mode) C(skipped) add up to C(total).
    - A C(syncSuccess=false) answer counts as failed, also with O(fail_on_sync_error=false).
  returned: with O(domain_ids), O(domains) or O(all_domains)
  type: dict
  contains:
    total:
      description: Distinct domains.
      type: int
    changed:
      description: Domains whose status changed.
      type: int
    unchanged:
      description: Domains synced without a status change.
      type: int
    failed:
      description: Domains that failed (request failed, unknown name, or C(syncSuccess=false)).
      type: int
    skipped:
      description: In check mode, the domains that would be synced.
      type: int
      returned: in check mode
  sample: {"total": 50, "changed": 12, "unchanged": 37, "failed": 1}
msg:
  description:
    - In check mode, what was skipped.
    - When the task fails, one line; for many domains it names at most 20 failed domains with their reasons
      (C(and N more)) and never carries a domain record.
  returned: in check mode, and on failure
  type: str
  sample: "2 of 50 domains failed to sync: 20631 (HostUp status-sync of domain 20631 reported syncSuccess false: ...); nosuch.se (...)"
error:
  description: Structured data about the failed request.
  returned: when the request of a single domain failed
  type: dict
  contains:
    provider:
      description: Always C(HostUp).
      type: str
    operation:
      description: The API operation, C(status-sync) (legacy), C(v2-status-sync), C(v2-lookup) or C(v2-list).
      type: str
    http_status:
      description: The HTTP status, if an answer arrived.
      type: int
    code:
      description: The panel's error code, for example C(UNAUTHORIZED) (legacy) or C(rate_limited) (API v2).
      type: str
    message:
      description: The panel's error message (legacy C(message), API v2 problem C(detail)).
      type: str
    request_id:
      description: The panel's request id.
      type: str
    details:
      description: Field errors of a legacy C(VALIDATION_ERROR), or the C(errors) of an API v2 problem.
      type: list
      elements: dict
    maybe_executed:
      description: Always false for a status sync, which is safe to repeat.
      type: bool
"""

from ansible_collections.domainops.registrar.plugins.module_utils import _status_sync as status_sync
from ansible_collections.domainops.registrar.plugins.module_utils._common import (
    InputError,
    RegistrarModule,
    emit_warnings,
    fail_with_error,
    require_requests,
)
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._redact import Redactor
from ansible_collections.domainops.registrar.plugins.module_utils._status_sync import argument_spec, create_client


def main():
    module = RegistrarModule(
        argument_spec=argument_spec(),
        mutually_exclusive=status_sync.MUTUALLY_EXCLUSIVE,
        required_one_of=status_sync.REQUIRED_ONE_OF,
        supports_check_mode=True,
    )
    try:
        plan = status_sync.check_input(module.params)
    except InputError as exc:
        module.fail_json(msg=str(exc))
    require_requests(module)

    redactor = Redactor()
    try:
        client = create_client(module.params, plan, redactor)
    except RegistrarError as exc:
        fail_with_error(module, exc)
    try:
        outcome = status_sync.run(client, plan, check_mode=module.check_mode, diff=module._diff)
    except RegistrarError as exc:
        # A listing or lookup that failed before any domain could be synced.
        emit_warnings(module, client)
        fail_with_error(module, exc, changed=False)
    emit_warnings(module, client)
    if outcome.failed:
        module.fail_json(**outcome.result)
    module.exit_json(**outcome.result)


if __name__ == "__main__":
    main()
