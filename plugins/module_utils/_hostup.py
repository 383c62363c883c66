# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""HostUp panel: argument spec, client factory and the status-sync operation."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from ansible.module_utils.basic import env_fallback

from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._http import HttpClient

PROVIDER = "HostUp"
DEFAULT_API_URL = "https://cloud.hostup.se/api"

# Mirrors the ``domainops.registrar.hostup`` doc fragment.
# The key is checked by the module (not ``required``) so that a missing key names its environment
# variable too.
HOSTUP_ARGUMENT_SPEC = dict(
    hostup_api_key=dict(type="str", no_log=True, fallback=(env_fallback, ["HOSTUP_API_KEY"])),
    hostup_api_url=dict(type="str", default=DEFAULT_API_URL, fallback=(env_fallback, ["HOSTUP_API_URL"])),
)


def _request_id(response):
    body = response.data
    if isinstance(body, dict) and body.get("requestId"):
        return str(body["requestId"])
    return response.header("X-Request-Id")


def _flag(value):
    """The panel's booleans, also when a proxy or an older panel sends them as strings or numbers."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def create_client(params, settings, redactor, sleep=None):
    """An ``HttpClient`` for the panel at ``hostup_api_url`` authenticated by ``hostup_api_key``."""
    options = dict(
        headers={"X-API-Key": params["hostup_api_key"], "Content-Type": "application/json"},
        request_id_of=_request_id,
        error_mapper=_map_error,
    )
    if sleep is not None:
        options["sleep"] = sleep
    return HttpClient(PROVIDER, params["hostup_api_url"], settings, redactor, **options)


def _map_error(client, operation, response):
    """HostUp error bodies carry no ``success`` key: decide by status and ``code``; ``success: false`` also fails."""
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


def status_sync(client, domain_id):
    """Ask the panel to re-read one domain's status from its registrar; return the normalised result.

    A status sync only refreshes the panel's copy, so it is safe to repeat (``repeatable``).
    """
    response = client.request(
        "status-sync",
        "POST",
        "domains/%d/status-sync" % domain_id,
        # The path id selects the domain; the body's fields are undocumented, so both carry it.
        json_body={"id": domain_id, "domainIds": [str(domain_id)]},
        repeatable=True,
    )
    body = response.data
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, dict):
        raise client.error("status-sync", "the answer has no 'data' object", response=response)
    errors = data.get("error") or []
    if not isinstance(errors, list):
        errors = [errors]
    redactor = client.redactor.scoped()
    # Learn the record's secrets first, so the panel's texts cannot echo its EPP code.
    redactor.learn(data)
    return {
        "domain_id": domain_id,
        "status_changed": _flag(data.get("statusChanged")),
        "status_changed_to_active": _flag(data.get("statusChangedToActive")),
        "previous_status": redactor.text(data.get("previousStatus")),
        "status": redactor.text(data.get("newStatus")),
        "sync_success": _flag(data.get("syncSuccess")),
        "request_id": redactor.text(_request_id(response)),
        "info": redactor.text(data.get("info")),
        "sync_errors": [redactor.text(item) for item in errors if item is not None],
        "revert": {
            "attempted": _flag(data.get("revertAttempted")),
            "succeeded": _flag(data.get("revertSucceeded")),
            "error": redactor.text(data.get("revertError")) or None,
        },
        "double_sync": {
            "attempted": _flag(data.get("doubleSyncAttempted")),
            "succeeded": _flag(data.get("doubleSyncSucceeded")),
            "error": redactor.text(data.get("doubleSyncError")) or None,
        },
        "domain": redactor.scrub(data.get("domain") or {}),
    }


def sync_error_message(result):
    """One line for a sync the panel answered with ``syncSuccess: false``."""
    reasons = "; ".join(result["sync_errors"]) or result["info"] or "no reason given"
    text = "HostUp status-sync of domain %s reported syncSuccess false: %s" % (result["domain_id"], reasons)
    if result["request_id"]:
        text += " (request id %s)" % result["request_id"]
    return " ".join(text.split())


class AdaptiveConcurrency:
    """A worker limit that halves when the panel answers 429 and grows back one step per run of successes."""

    def __init__(self, maximum):
        self.maximum = maximum
        self.limit = maximum
        self._active = 0
        self._streak = 0
        self._cond = threading.Condition()

    def acquire(self):
        with self._cond:
            while self._active >= self.limit:
                self._cond.wait()
            self._active += 1

    def release(self, succeeded):
        with self._cond:
            self._active -= 1
            if succeeded:
                self._streak += 1
                if self.limit < self.maximum and self._streak >= 2 * self.limit:
                    self.limit += 1
                    self._streak = 0
            self._cond.notify_all()

    def throttled(self, response=None):
        with self._cond:
            self.limit = max(1, self.limit // 2)
            self._streak = 0


def sync_many(client, domain_ids, concurrency, fail_on_sync_error):
    """Sync each distinct id once, ``concurrency`` at a time over the client's one session.

    Returns ``(results, summary)``; results keep the order of first appearance.
    """
    unique_ids = list(dict.fromkeys(domain_ids))
    gate = AdaptiveConcurrency(concurrency)
    client.on_throttle = gate.throttled

    def sync_one(domain_id):
        gate.acquire()
        succeeded = False
        try:
            result = status_sync(client, domain_id)
            succeeded = True
        except RegistrarError as exc:
            return {"domain_id": domain_id, "failed": True, "msg": exc.one_line(), "error": exc.as_dict()}
        finally:
            gate.release(succeeded)
        if not result["sync_success"] and fail_on_sync_error:
            result["failed"] = True
            result["msg"] = sync_error_message(result)
        else:
            result["failed"] = False
        return result

    if len(unique_ids) == 1 or concurrency == 1:
        results = [sync_one(domain_id) for domain_id in unique_ids]
    else:
        with ThreadPoolExecutor(max_workers=min(concurrency, len(unique_ids))) as pool:
            results = list(pool.map(sync_one, unique_ids))

    failed = sum(1 for result in results if result["failed"] or result.get("sync_success") is False)
    changed = sum(1 for result in results if result.get("sync_success") and result.get("status_changed"))
    summary = {
        "total": len(unique_ids),
        "changed": changed,
        "unchanged": len(unique_ids) - changed - failed,
        "failed": failed,
    }
    return results, summary
