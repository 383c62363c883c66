# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What both HostUp APIs share: the options, the client settings and how a status-sync answer is read.

Facts and their sources: docs/registrar-apis.md, section HostUp (HU-...).
"""

from __future__ import annotations

from typing import Any

from ansible.module_utils.basic import env_fallback

from ansible_collections.domainops.registrar.plugins.module_utils._http import Api, ErrorMapper, HttpResponse
from ansible_collections.domainops.registrar.plugins.module_utils._redact import Redactor

PROVIDER = "HostUp"
DEFAULT_API_URL = "https://cloud.hostup.se/api"

# Mirrors the ``domainops.registrar._hostup`` doc fragment.
# The key is checked by the module (not ``required``) so that a missing key names its environment
# variable too.
HOSTUP_ARGUMENT_SPEC = dict(
    hostup_api_key=dict(type="str", no_log=True, fallback=(env_fallback, ["HOSTUP_API_KEY"])),
    hostup_api_url=dict(type="str", default=DEFAULT_API_URL, fallback=(env_fallback, ["HOSTUP_API_URL"])),
)


def request_id_of(response: HttpResponse) -> str | None:
    """The body's ``requestId`` (legacy answers, v2 problem details), else the ``X-Request-Id`` header (HU-V2-8)."""
    body = response.data
    if isinstance(body, dict) and body.get("requestId"):
        return str(body["requestId"])
    return response.header("X-Request-Id")


def flag(value: Any) -> bool:
    """The panel's booleans, also when a proxy or an older panel sends them as strings or numbers."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def api(params: dict[str, Any], auth_header: dict[str, str], error_mapper: ErrorMapper) -> Api:
    """``hostup_api_url`` with one HostUp API's auth header and error reading."""
    return Api(
        PROVIDER,
        params["hostup_api_url"],
        headers=dict(auth_header, **{"Content-Type": "application/json"}),
        error_mapper=error_mapper,
        request_id_of=request_id_of,
        # The bare key too: an answer may echo it without its "Bearer " prefix.
        secrets=(params["hostup_api_key"],),
    )


def sync_result(data: dict[str, Any], errors: list[Any], redactor: Redactor) -> dict[str, Any]:
    """The contract's result fields of one status sync, read from a legacy ``data`` or a v2 answer.

    ``redactor`` must already know the record's secrets: the panel's texts may echo an EPP code.
    """
    return {
        "status_changed": flag(data.get("statusChanged")),
        "status_changed_to_active": flag(data.get("statusChangedToActive")),
        "sync_success": flag(data.get("syncSuccess")),
        "info": redactor.text(data.get("info")),
        "sync_errors": [redactor.text(item) for item in errors if item is not None and item != ""],
        "revert": {
            "attempted": flag(data.get("revertAttempted")),
            "succeeded": flag(data.get("revertSucceeded")),
            "error": redactor.text(data.get("revertError")) or None,
        },
        "double_sync": {
            "attempted": flag(data.get("doubleSyncAttempted")),
            "succeeded": flag(data.get("doubleSyncSucceeded")),
            "error": redactor.text(data.get("doubleSyncError")) or None,
        },
    }


def sync_error_message(result: dict[str, Any]) -> str:
    """One line for a sync the panel answered with ``syncSuccess: false``."""
    reasons = "; ".join(result["sync_errors"]) or result["info"] or "no reason given"
    text = "HostUp status-sync of domain %s reported syncSuccess false: %s" % (label(result), reasons)
    if result.get("request_id"):
        text += " (request id %s)" % result["request_id"]
    return " ".join(text.split())


def label(result: dict[str, Any]) -> str:
    """How a domain is named in messages: its panel id, or its v2 id and name."""
    if result.get("domain_id") is not None:
        return str(result["domain_id"])
    if result.get("id") and result.get("name"):
        return "%s (%s)" % (result["name"], result["id"])
    return str(result.get("name") or result.get("id"))
