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
  - Asks the HostUp panel to synchronise the status of one domain, or of many domains concurrently,
    with its registrar (C(POST /api/domains/{id}/status-sync)).
  - The task reports C(changed) exactly when the panel says the status changed (C(statusChanged)).
  - A status sync only refreshes the panel's copy of the registrar's data, so it is safe to repeat;
    it is retried on throttling, gateway errors and timeouts (see O(retries)).
author:
  - domainops.registrar maintainers (@domainops)
extends_documentation_fragment:
  - domainops.registrar._common
  - domainops.registrar._common.ATTRIBUTES_HOSTUP
  - domainops.registrar._hostup
attributes:
  check_mode:
    description: Nothing is sent in check mode; the result says the sync was skipped.
    support: full
  diff_mode:
    description: A status sync has no local state to diff.
    support: none
options:
  domain_id:
    description:
      - The panel's numeric id of one domain to sync (at least 1).
      - Exactly one of O(domain_id) and O(domain_ids) is required.
    type: int
  domain_ids:
    description:
      - The panel ids of many domains, synced concurrently over one connection pool.
      - Each distinct id is synced once; duplicates are ignored.
      - Every domain is tried; the task fails afterwards when any failed, naming the failed ids.
    type: list
    elements: int
  concurrency:
    description:
      - How many status syncs run in parallel for O(domain_ids), between 1 and 32.
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
seealso:
  - name: HostUp API
    description: The panel's API documentation.
    link: https://cloud.hostup.se/api/docs
"""

EXAMPLES = r"""
- name: Sync one domain's status from its registrar
  domainops.registrar.domain_status_sync:
    domain_id: 20629
    hostup_api_key: "{{ hostup_api_key }}"
  register: sync

- name: Say what changed
  ansible.builtin.debug:
    msg: "{{ sync.previous_status }} -> {{ sync.status }}"
  when: sync is changed

- name: Sync many domains, eight at a time, credentials from the environment (HOSTUP_API_KEY)
  domainops.registrar.domain_status_sync:
    domain_ids: "{{ hostup_domain_ids }}"
    concurrency: 8
  register: batch

- name: Show the domains that just became active
  ansible.builtin.debug:
    msg: "{{ batch.results | selectattr('status_changed_to_active', 'defined') | selectattr('status_changed_to_active') | map(attribute='domain_id') | list }}"

- name: Set the HostUp credentials once (group hostup), the common options for every module (group all)
  module_defaults:
    group/domainops.registrar.hostup:
      hostup_api_key: "{{ hostup_api_key }}"
    group/domainops.registrar.all:
      timeout: 30
  block:
    - name: Sync without failing on registrar lookup errors
      domainops.registrar.domain_status_sync:
        domain_id: 20630
        fail_on_sync_error: false

# Ad-hoc, with the key in the environment:
#   HOSTUP_API_KEY=... ansible localhost -m domainops.registrar.domain_status_sync -a domain_id=20629
"""

RETURN = r"""
domain_id:
  description: The domain's panel id.
  returned: with O(domain_id), when a request was sent
  type: int
  sample: 20629
status_changed:
  description: Whether the panel's status changed (C(statusChanged)). Equals RV(ignore:changed).
  returned: with O(domain_id), when a request was sent
  type: bool
  sample: true
status_changed_to_active:
  description: Whether the status changed to active (C(statusChangedToActive)).
  returned: with O(domain_id), when a request was sent
  type: bool
  sample: true
previous_status:
  description: The status before the sync (C(previousStatus)).
  returned: with O(domain_id), when a request was sent
  type: str
  sample: Pending
status:
  description: The status after the sync (C(newStatus)).
  returned: with O(domain_id), when a request was sent
  type: str
  sample: Active
sync_success:
  description: Whether the panel could read the status from the registrar (C(syncSuccess)).
  returned: with O(domain_id), when a request was sent
  type: bool
  sample: true
request_id:
  description: The panel's request id, for support requests.
  returned: with O(domain_id), when a request was sent
  type: str
  sample: req_8f2c1a
info:
  description: The panel's informational text.
  returned: with O(domain_id), when a request was sent
  type: str
  sample: Domain status synchronized
sync_errors:
  description: The panel's error texts (C(error)).
  returned: with O(domain_id), when a request was sent
  type: list
  elements: str
  sample: []
revert:
  description: Whether the panel tried to revert the status, and with what outcome.
  returned: with O(domain_id), when a request was sent
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
  returned: with O(domain_id), when a request was sent
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
  returned: with O(domain_id), when a request was sent
  type: dict
  sample: {"id": "20629", "name": "example.se", "status": "Active", "expires": "2027-03-01", "autorenew": "1"}
results:
  description:
    - One result per distinct domain, in the order given, with the same keys as a single-domain run.
    - A domain that failed has C(failed=true) and a one-line C(msg); one whose request failed also has C(error).
    - In check mode each entry only has C(domain_id).
  returned: with O(domain_ids)
  type: list
  elements: dict
summary:
  description: Counts over O(domain_ids). C(total) counts distinct ids; a C(syncSuccess=false) answer counts as failed.
  returned: with O(domain_ids)
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
      description: Domains that failed (request failed, or C(syncSuccess=false)).
      type: int
  sample: {"total": 50, "changed": 12, "unchanged": 37, "failed": 1}
error:
  description: Structured data about the failed request.
  returned: when a request to the panel failed
  type: dict
  contains:
    provider:
      description: Always C(HostUp).
      type: str
    operation:
      description: The API operation, C(status-sync).
      type: str
    http_status:
      description: The HTTP status, if an answer arrived.
      type: int
    code:
      description: The panel's error code, for example C(UNAUTHORIZED).
      type: str
    message:
      description: The panel's error message.
      type: str
    request_id:
      description: The panel's request id.
      type: str
    details:
      description: Field errors of a C(VALIDATION_ERROR).
      type: list
      elements: dict
    maybe_executed:
      description: Always false for a status sync, which is safe to repeat.
      type: bool
"""

from ansible_collections.domainops.registrar.plugins.module_utils._common import (
    InputError,
    RegistrarModule,
    check_ascii,
    check_common,
    check_printable,
    check_range,
    check_url,
    common_argument_spec,
    emit_warnings,
    fail_with_error,
    require_requests,
)
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._hostup import (
    DEFAULT_API_URL,
    HOSTUP_ARGUMENT_SPEC,
    create_client,
    status_sync,
    sync_error_message,
    sync_many,
)
from ansible_collections.domainops.registrar.plugins.module_utils._redact import Redactor


def argument_spec():
    return common_argument_spec(
        domain_id=dict(type="int"),
        domain_ids=dict(type="list", elements="int"),
        concurrency=dict(type="int", default=4),
        fail_on_sync_error=dict(type="bool", default=True),
        **HOSTUP_ARGUMENT_SPEC,
    )


def check_input(params):
    settings = check_common(params)
    check_range(params, "domain_id", minimum=1)
    check_range(params, "concurrency", minimum=1, maximum=32)
    if params["domain_ids"] is not None:
        if not params["domain_ids"]:
            raise InputError("domain_ids must list at least one id")
        for domain_id in params["domain_ids"]:
            if domain_id is None or isinstance(domain_id, bool) or domain_id < 1:
                raise InputError("domain_ids must hold integers >= 1, got %s" % domain_id)
    if params["hostup_api_key"] is None or not params["hostup_api_key"].strip():
        raise InputError("hostup_api_key is required (or set HOSTUP_API_KEY)")
    if not params["hostup_api_url"] or not params["hostup_api_url"].strip():
        # An empty HOSTUP_API_URL (as credential stores inject for an empty field) means the default.
        params["hostup_api_url"] = DEFAULT_API_URL
    check_printable(params, ("hostup_api_key", "hostup_api_url"))
    check_ascii(params, ("hostup_api_key",))
    check_url(params, "hostup_api_url")
    return settings


def run_one(module, client):
    domain_id = module.params["domain_id"]
    try:
        result = status_sync(client, domain_id)
    except RegistrarError as exc:
        fail_with_error(module, exc, domain_id=domain_id, changed=False)
    emit_warnings(module, client)
    if not result["sync_success"] and module.params["fail_on_sync_error"]:
        module.fail_json(msg=sync_error_message(result), changed=False, **result)
    module.exit_json(changed=result["status_changed"], **result)


def run_many(module, client):
    results, summary = sync_many(
        client, module.params["domain_ids"], module.params["concurrency"], module.params["fail_on_sync_error"]
    )
    emit_warnings(module, client)
    changed = summary["changed"] > 0
    failures = [result for result in results if result["failed"]]
    if failures:
        shown = ", ".join("%s (%s)" % (result["domain_id"], result["msg"]) for result in failures[:5])
        more = " and %d more" % (len(failures) - 5) if len(failures) > 5 else ""
        module.fail_json(
            msg="%d of %d domains failed to sync: %s%s" % (len(failures), summary["total"], shown, more),
            failed_ids=[result["domain_id"] for result in failures],
            changed=changed,
            results=results,
            summary=summary,
        )
    module.exit_json(changed=changed, results=results, summary=summary)


def main():
    module = RegistrarModule(
        argument_spec=argument_spec(),
        required_one_of=[("domain_id", "domain_ids")],
        mutually_exclusive=[("domain_id", "domain_ids")],
        supports_check_mode=True,
    )
    try:
        settings = check_input(module.params)
    except InputError as exc:
        module.fail_json(msg=str(exc))
    require_requests(module)

    if module.check_mode:
        if module.params["domain_ids"] is not None:
            unique_ids = list(dict.fromkeys(module.params["domain_ids"]))
            module.exit_json(
                changed=False,
                msg="Check mode: status sync of %d domains skipped, nothing was sent" % len(unique_ids),
                # No "skipped" key per entry: Ansible would then show the whole task as skipped.
                results=[{"domain_id": domain_id} for domain_id in unique_ids],
                summary={"total": len(unique_ids), "changed": 0, "unchanged": 0, "failed": 0},
            )
        module.exit_json(
            changed=False,
            msg="Check mode: status sync of domain %s skipped, nothing was sent" % module.params["domain_id"],
            domain_id=module.params["domain_id"],
        )

    redactor = Redactor()
    try:
        client = create_client(module.params, settings, redactor)
    except RegistrarError as exc:
        fail_with_error(module, exc)
    if module.params["domain_ids"] is not None:
        run_many(module, client)
    run_one(module, client)


if __name__ == "__main__":
    main()
