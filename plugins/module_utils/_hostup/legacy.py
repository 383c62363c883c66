# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""HostUp's legacy API, domains by panel (HostBill) id: ``POST /domains/{id}/status-sync``.

Facts and their sources: docs/registrar-apis.md HU-L-1 .. HU-L-5, HU-RL-1.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.domainops.registrar.plugins.module_utils._hostup import base
from ansible_collections.domainops.registrar.plugins.module_utils._hostup.base import request_id_of, sync_result
from ansible_collections.domainops.registrar.plugins.module_utils._http import Api, HttpClient, HttpResponse

OPERATION = "status-sync"


def api(params: dict[str, Any]) -> Api:
    """The legacy API, authenticated by ``X-API-Key`` (HU-L-1)."""
    return base.api(params, {"X-API-Key": params["hostup_api_key"]}, map_error)


def map_error(client: HttpClient, operation: str, response: HttpResponse) -> None:
    """Legacy errors have no ``success`` key: decide by status and ``code``; ``success: false`` fails too (HU-L-3)."""
    body = response.data
    if not isinstance(body, dict):
        return
    if response.ok and body.get("success") is not False:
        return
    if response.status == 429:
        # Let the client's retry policy decide; it reports exhausted retries itself.
        return
    message = body.get("message") or body.get("error") or "the panel reported a failure"
    details = body.get("details") if isinstance(body.get("details"), list) else None
    if details:
        fields = ["%s: %s" % (item.get("field"), item.get("message")) for item in details if isinstance(item, dict)]
        if fields:
            message = "%s (%s)" % (message, "; ".join(fields))
    raise client.error(operation, message, response=response, code=body.get("code"), details=details)


def status_sync(client: HttpClient, domain_id: int, return_record: bool = False) -> dict[str, Any]:
    """Ask the panel to re-read one domain's status from its registrar; return the compact result.

    The panel's domain record (``domain``, without ``epp_code``, HU-L-4) is added only with
    ``return_record``. A status sync only refreshes the panel's copy, so it is safe to repeat.
    """
    response = client.request(
        OPERATION,
        "POST",
        "domains/%d/status-sync" % domain_id,
        # The path id selects the domain; the body's fields are undocumented, so both carry it (HU-L-2).
        json_body={"id": domain_id, "domainIds": [str(domain_id)]},
        repeatable=True,
    )
    body = response.data
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, dict):
        raise client.error(OPERATION, "the answer has no 'data' object", response=response)
    errors = data.get("error") or []
    if not isinstance(errors, list):
        errors = [errors]
    redactor = client.redactor.scoped()
    # Learn the record's secrets first, so the panel's texts cannot echo its EPP code.
    record: dict[str, Any] = data["domain"] if isinstance(data.get("domain"), dict) else {}
    redactor.learn(record)
    result: dict[str, Any] = {"domain_id": domain_id}
    if record.get("name"):
        result["name"] = redactor.text(record["name"])
    result["previous_status"] = redactor.text(data.get("previousStatus"))
    result["status"] = redactor.text(data.get("newStatus"))
    result["request_id"] = redactor.text(request_id_of(response))
    result.update(sync_result(data, errors, redactor))
    if return_record:
        result["domain"] = redactor.scrub(record)
    return result
