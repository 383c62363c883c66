# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""HostUp's API v2, domains by name or ``dom_...`` id: lookup, cursor listing, status sync, problem details.

Facts and their sources: docs/registrar-apis.md HU-V2-1 .. HU-V2-8.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ansible_collections.domainops.registrar.plugins.module_utils._hostup import base
from ansible_collections.domainops.registrar.plugins.module_utils._hostup.base import request_id_of, sync_result
from ansible_collections.domainops.registrar.plugins.module_utils._http import Api, HttpClient, HttpResponse

# HU-V2-7
STATUSES = ("active", "suspended", "terminated", "pending", "cancelled", "expired", "fraud", "unknown")
# HU-V2-2: limit 1..1000; the most per page means the fewest sequential page requests (HU-V2-10).
PAGE_SIZE = 1000
# The id format is not documented beyond the prefix (HU-V2-11, a guess): letters, digits, '_' and '-'.
DOM_ID_RE = re.compile(r"^dom_[A-Za-z0-9_-]{1,128}$")

SYNC = "v2-status-sync"
LOOKUP = "v2-lookup"
LIST = "v2-list"


def api(params: dict[str, Any]) -> Api:
    """The v2 API, authenticated by ``Authorization: Bearer`` (HU-V2-1)."""
    return base.api(params, {"Authorization": "Bearer %s" % params["hostup_api_key"]}, map_problem)


def map_problem(client: HttpClient, operation: str, response: HttpResponse) -> None:
    """Read an RFC 7807 problem into one ``RegistrarError`` (HU-V2-5, HU-V2-6).

    A 429 reaches here only once the client's retries are spent; it is then reported like any problem.
    """
    if response.ok:
        return
    body = response.data
    if not isinstance(body, dict):
        return  # not a problem document (an HTML gateway page, say): the client reports the status
    message = body.get("detail") or body.get("title") or "the API reported a problem"
    errors = body.get("errors") if isinstance(body.get("errors"), list) else None
    if errors:
        fields = []
        for item in errors:
            if isinstance(item, dict):
                where = item.get("pointer") or item.get("field")
                fields.append("%s: %s" % (where, item.get("detail")) if where else str(item.get("detail")))
        if fields:
            message = "%s (%s)" % (message, "; ".join(fields))
    if response.status == 429:
        message += "; retries exhausted"
    raise client.error(operation, message, response=response, code=body.get("code"), details=errors)


def _page(client: HttpClient, operation: str, params: dict[str, Any]) -> dict[str, Any]:
    response = client.request(operation, "GET", "v2/domains", params=params, repeatable=True)
    body = response.data
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise client.error(operation, "the answer has no 'data' list", response=response)
    return body


def lookup(client: HttpClient, name: str) -> dict[str, Any] | None:
    """The listing item of the domain named exactly ``name`` (ASCII), or None when the account has none (HU-V2-3)."""
    body = _page(client, LOOKUP, {"name": name})
    for item in body["data"]:
        if isinstance(item, dict) and str(item.get("name", "")).lower() == name and item.get("id"):
            return item
    return None


def list_domains(client: HttpClient, page_size: int = PAGE_SIZE) -> Iterator[dict[str, Any]]:
    """Every domain of the account, page by page, each page fetched once (HU-V2-2).

    The listing has no documented status filter (HU-V2-10): callers filter what it yields.
    """
    cursor: str | None = None
    seen_cursors = set()
    while True:
        params: dict[str, Any] = {"limit": page_size}
        if cursor:
            params["cursor"] = cursor
        body = _page(client, LIST, params)
        for item in body["data"]:
            if isinstance(item, dict) and item.get("id"):
                yield item
        cursor = body.get("nextCursor")
        if not body.get("hasMore") or not cursor:
            return
        if cursor in seen_cursors:
            raise client.error(LIST, "the listing returned the same cursor twice; stopping rather than looping")
        seen_cursors.add(cursor)


def service_status(item: dict[str, Any]) -> str:
    """A listing item's status in lower case; anything not documented counts as ``unknown``."""
    status = str(item.get("serviceStatus") or "").lower()
    return status if status in STATUSES else "unknown"


def status_sync(client: HttpClient, dom_id: str, name: str | None = None) -> dict[str, Any]:
    """Ask the panel to re-read one domain's status (``POST /v2/domains/{id}/actions/status-sync``, HU-V2-4).

    Returns the compact result: ``id``, ``name``, lower-case v2 statuses and the sync's outcome.
    The request has no body; a status sync is safe to repeat.
    """
    response = client.request(SYNC, "POST", "v2/domains/%s/actions/status-sync" % dom_id, repeatable=True)
    data = response.data
    if not isinstance(data, dict):
        raise client.error(SYNC, "the answer is not a JSON object", response=response)
    error = data.get("error")
    errors: list[Any] = error if isinstance(error, list) else [error]
    redactor = client.redactor
    result: dict[str, Any] = {
        "id": dom_id,
        "name": redactor.text(data.get("name") or name),
        "previous_status": _lower(redactor.text(data.get("previousStatus"))),
        "status": _lower(redactor.text(data.get("newStatus"))),
        "request_id": redactor.text(request_id_of(response)),
    }
    result.update(sync_result(data, errors, redactor))
    return result


def _lower(value: str | None) -> str | None:
    return value.lower() if isinstance(value, str) else value
