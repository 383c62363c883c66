# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The status-sync flow of ``domain_status_sync``: input rules, which API, batches, compact results, summary.

Panel ids go to HostUp's legacy API (``_hostup.legacy``); names, ``dom_`` ids and ``all_domains``
to its API v2 (``_hostup.v2``). Many domains are synced concurrently over the client's one
connection pool, with a parallelism that halves on HTTP 429 and grows back as requests succeed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

from ansible_collections.domainops.registrar.plugins.module_utils._common import (
    InputError,
    check_ascii,
    check_common,
    check_printable,
    check_range,
    check_url,
    common_argument_spec,
)
from ansible_collections.domainops.registrar.plugins.module_utils._domain_name import normalise_domain
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._hostup import legacy, v2
from ansible_collections.domainops.registrar.plugins.module_utils._hostup.base import (
    DEFAULT_API_URL,
    HOSTUP_ARGUMENT_SPEC,
    PROVIDER,
    label,
    sync_error_message,
)
from ansible_collections.domainops.registrar.plugins.module_utils._http import ClientSettings, HttpClient
from ansible_collections.domainops.registrar.plugins.module_utils._redact import Redactor

# With more than this many names per worker (``concurrency``), one listing pass (stopped as soon
# as every name is found) resolves them instead of one ``GET /v2/domains?name=`` each. Lookups cost
# about latency / concurrency per name, a listing page of 1000 about 2.5 latencies: measured
# against the simulator at 20 ms latency, 100 names at concurrency 4 take 0.6 s by lookups and
# 0.15-0.4 s from a listing of a 7,000-domain account (docs/hostup.md, "Names: lookups or one
# listing pass"). The listing wins for accounts of up to about 10,000 domains.
NAMES_PER_WORKER = 25
# A failure message names at most this many domains, each reason cut to REASON_LENGTH characters.
MAX_NAMED_FAILURES = 20
REASON_LENGTH = 300

TARGETS = ("domain_id", "domain_ids", "domain", "domains", "all_domains")


def argument_spec() -> dict[str, Any]:
    """The module's options (mirrors its DOCUMENTATION and the ``hostup`` doc fragment)."""
    return common_argument_spec(
        domain_id=dict(type="int"),
        domain_ids=dict(type="list", elements="int"),
        domain=dict(type="str"),
        domains=dict(type="list", elements="str"),
        # No default: false would count as given in required_one_of; unset means false.
        all_domains=dict(type="bool"),
        service_status=dict(type="list", elements="str", choices=list(v2.STATUSES)),
        concurrency=dict(type="int", default=4),
        fail_on_sync_error=dict(type="bool", default=True),
        return_records=dict(type="bool", default=False),
        **HOSTUP_ARGUMENT_SPEC,
    )


MUTUALLY_EXCLUSIVE = [TARGETS]
REQUIRED_ONE_OF = [TARGETS]


class SyncPlan:
    """What the checked options ask for: which API, which domains, one result or many."""

    def __init__(self, params: dict[str, Any], settings: ClientSettings) -> None:
        self.settings = settings
        self.api = "legacy" if params["domain_id"] is not None or params["domain_ids"] is not None else "v2"
        self.many = params["domain_id"] is None and params["domain"] is None
        self.all_domains = bool(params["all_domains"])
        self.statuses = frozenset(params["service_status"] or v2.STATUSES)
        self.concurrency: int = params["concurrency"]
        self.fail_on_sync_error: bool = params["fail_on_sync_error"]
        self.return_records: bool = params["return_records"]
        # One gate for every batch of the run; the client reports each 429 to it.
        self.gate = AdaptiveConcurrency(self.concurrency)
        self.domain_ids: list[int] = []
        # v2 targets in the order given: ("dom", id) or ("name", ascii name), each once.
        self.entries: list[tuple[str, str]] = []


def _v2_entry(value: Any, option: str) -> tuple[str, str]:
    if isinstance(value, str) and value.startswith("dom_"):
        if not v2.DOM_ID_RE.match(value):
            raise InputError(
                "%s must hold domain names or v2 ids (dom_ followed by letters and digits), got %r" % (option, value)
            )
        return ("dom", value)
    try:
        return ("name", normalise_domain(value, option))
    except InputError as exc:
        if option == "domains":  # say which entry of the list
            raise InputError("%s (entry %r)" % (exc, value)) from None
        raise


def check_input(params: dict[str, Any]) -> SyncPlan:
    """Every rule that can be checked without a request; returns the plan. Raises ``InputError``."""
    settings = check_common(params)
    check_range(params, "domain_id", minimum=1)
    check_range(params, "concurrency", minimum=1, maximum=32)
    for domain_id in params["domain_ids"] or ():
        if domain_id is None or isinstance(domain_id, bool) or domain_id < 1:
            raise InputError("domain_ids must hold integers >= 1, got %s" % domain_id)
    if params["all_domains"] is False:
        raise InputError("all_domains: false selects no domain; give domain_id, domain_ids, domain or domains instead")
    if params["service_status"] is not None and not params["all_domains"]:
        raise InputError("service_status narrows all_domains and needs all_domains: true")
    if params["hostup_api_key"] is None or not params["hostup_api_key"].strip():
        raise InputError("hostup_api_key is required (or set HOSTUP_API_KEY)")
    if not params["hostup_api_url"] or not params["hostup_api_url"].strip():
        # An empty HOSTUP_API_URL (as credential stores inject for an empty field) means the default.
        params["hostup_api_url"] = DEFAULT_API_URL
    check_printable(params, ("hostup_api_key", "hostup_api_url"))
    check_ascii(params, ("hostup_api_key",))
    check_url(params, "hostup_api_url")
    plan = SyncPlan(params, settings)
    if params["domain_id"] is not None:
        plan.domain_ids = [params["domain_id"]]
    elif params["domain_ids"] is not None:
        plan.domain_ids = list(dict.fromkeys(params["domain_ids"]))
    elif params["domain"] is not None:
        plan.entries = [_v2_entry(params["domain"], "domain")]
    elif params["domains"] is not None:
        plan.entries = list(dict.fromkeys(_v2_entry(value, "domains") for value in params["domains"]))
    return plan


def create_client(params: dict[str, Any], plan: SyncPlan, redactor: Redactor) -> HttpClient:
    """The client for the API the plan needs (legacy for panel ids, v2 otherwise); its 429s lower the plan's gate."""
    api = legacy.api(params) if plan.api == "legacy" else v2.api(params)
    return HttpClient(api, plan.settings, redactor, on_throttle=plan.gate.throttled)


# -- concurrency ---------------------------------------------------------------------------------


class AdaptiveConcurrency:
    """A worker limit that halves when the panel answers 429 and grows back one step per run of successes."""

    def __init__(self, maximum: int) -> None:
        self.maximum = maximum
        self.limit = maximum
        self._active = 0
        self._streak = 0
        self._cond = threading.Condition()

    def acquire(self) -> None:
        with self._cond:
            while self._active >= self.limit:
                self._cond.wait()
            self._active += 1

    def release(self, succeeded: bool) -> None:
        with self._cond:
            self._active -= 1
            if succeeded:
                self._streak += 1
                if self.limit < self.maximum and self._streak >= 2 * self.limit:
                    self.limit += 1
                    self._streak = 0
            self._cond.notify_all()

    def restart(self) -> None:
        """Back to full parallelism for a new batch."""
        with self._cond:
            self.limit = self.maximum
            self._streak = 0

    def throttled(self, response: Any = None) -> None:
        with self._cond:
            self.limit = max(1, self.limit // 2)
            self._streak = 0


def _run_all(
    gate: AdaptiveConcurrency, items: list[Any], work: Callable[[Any], dict[str, Any]]
) -> list[dict[str, Any]]:
    """``work(item)`` for every item, at most ``gate.maximum`` (halved on 429) at a time, results in item order.

    ``work`` raises ``RegistrarError`` for a failed item; that item's result then says so.
    """
    gate.restart()
    concurrency = gate.maximum

    def one(item: Any) -> dict[str, Any]:
        gate.acquire()
        succeeded = False
        try:
            result = work(item)
            succeeded = True
            return result
        except RegistrarError as exc:
            return dict(_identity(item), failed=True, msg=exc.one_line(), error=exc.as_dict())
        finally:
            gate.release(succeeded)

    if len(items) <= 1 or concurrency == 1:
        return [one(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(concurrency, len(items))) as pool:
        return list(pool.map(one, items))


def _identity(item: Any) -> dict[str, Any]:
    """The keys that name a domain in its result: ``domain_id``, or ``id`` and ``name``."""
    if isinstance(item, int):
        return {"domain_id": item}
    if isinstance(item, str):
        return {"name": item}
    return {key: value for key, value in (("id", item.get("id")), ("name", item.get("name"))) if value}


# -- resolving v2 targets ------------------------------------------------------------------------


def _unknown(name: str) -> dict[str, Any]:
    error = RegistrarError(PROVIDER, v2.LOOKUP, "no domain named %s in this account" % name)
    return {"name": name, "failed": True, "msg": error.one_line(), "error": error.as_dict()}


def resolve(client: HttpClient, gate: AdaptiveConcurrency, entries: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Each entry as ``{id, name}`` (or a failed result for an unknown name), in the given order, each domain once.

    Few names are looked up one by one (``?name=``), concurrently; more than ``NAMES_PER_WORKER``
    per worker are found in one listing pass that stops as soon as every name was seen.
    """
    names = [value for kind, value in entries if kind == "name"]
    found: dict[str, dict[str, Any]] = {}
    if len(names) > NAMES_PER_WORKER * gate.maximum:
        wanted = set(names)
        for item in v2.list_domains(client):
            name = str(item.get("name", "")).lower()
            if name in wanted:
                found[name] = item
                wanted.discard(name)
                if not wanted:
                    break
    elif names:

        def look(name: str) -> dict[str, Any]:
            item = v2.lookup(client, name)
            return {"name": name, "item": item}

        for answer in _run_all(gate, names, look):
            if answer.get("failed"):
                found[answer["name"]] = answer
            elif answer["item"] is not None:
                found[answer["name"]] = answer["item"]
    targets: list[dict[str, Any]] = []
    seen = set()
    for kind, value in entries:
        if kind == "dom":
            target: dict[str, Any] = {"id": value}
        elif value not in found:
            target = _unknown(value)
        elif found[value].get("failed"):
            target = found[value]
        else:
            target = {"id": str(found[value]["id"]), "name": str(found[value].get("name") or value)}
        key = target.get("id") or ("name", value)
        if key in seen:
            continue
        seen.add(key)
        targets.append(target)
    return targets


def select_all(client: HttpClient, statuses: Iterable[str]) -> list[dict[str, Any]]:
    """Every domain of the account whose v2 status is one of ``statuses``, as ``{id, name}``."""
    keep = frozenset(statuses)
    targets = []
    for item in v2.list_domains(client):
        if v2.service_status(item) in keep:
            targets.append({"id": str(item["id"]), "name": str(item.get("name") or "")})
    return targets


# -- the flow ------------------------------------------------------------------------------------


class Outcome:
    """What the module returns: ``failed`` and the result keys."""

    def __init__(self, failed: bool, result: dict[str, Any]) -> None:
        self.failed = failed
        self.result = result


def _mark(result: dict[str, Any], fail_on_sync_error: bool) -> dict[str, Any]:
    if not result["sync_success"] and fail_on_sync_error:
        result["failed"] = True
        result["msg"] = sync_error_message(result)
    else:
        result["failed"] = False
    return result


def _diff(results: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for result in results:
        if not result.get("failed") and result.get("sync_success") and result.get("status_changed"):
            name = label(result)
            before[name] = result.get("previous_status")
            after[name] = result.get("status")
    return {"before": before, "after": after}


def summarise(results: list[dict[str, Any]], check_mode: bool) -> dict[str, int]:
    """Counts that add up to ``total``: changed + unchanged + failed (+ skipped in check mode)."""
    failed = sum(1 for result in results if result.get("failed") or result.get("sync_success") is False)
    changed = sum(1 for result in results if result.get("sync_success") and result.get("status_changed"))
    summary = {"total": len(results), "changed": changed, "failed": failed}
    if check_mode:
        summary["skipped"] = len(results) - failed
        summary["unchanged"] = 0
    else:
        summary["unchanged"] = len(results) - changed - failed
    return summary


def failure_message(failures: list[dict[str, Any]], total: int) -> str:
    """``N of M domains failed to sync: a (reason); b (reason) and K more``: short whatever the batch size."""
    shown = []
    for result in failures[:MAX_NAMED_FAILURES]:
        reason = result.get("msg") or "failed"
        if len(reason) > REASON_LENGTH:
            reason = reason[: REASON_LENGTH - 3] + "..."
        shown.append("%s (%s)" % (label(result), reason))
    more = len(failures) - MAX_NAMED_FAILURES
    text = "%d of %d domains failed to sync: %s" % (len(failures), total, "; ".join(shown))
    if more > 0:
        text += " and %d more" % more
    return text


def _targets(client: HttpClient, plan: SyncPlan) -> list[Any]:
    if plan.api == "legacy":
        return list(plan.domain_ids)
    if plan.all_domains:
        return select_all(client, plan.statuses)
    return resolve(client, plan.gate, plan.entries)


def _sync_work(client: HttpClient, plan: SyncPlan) -> Callable[[Any], dict[str, Any]]:
    if plan.api == "legacy":
        return lambda domain_id: _mark(
            legacy.status_sync(client, domain_id, plan.return_records), plan.fail_on_sync_error
        )
    return lambda target: _mark(v2.status_sync(client, target["id"], target.get("name")), plan.fail_on_sync_error)


def run(client: HttpClient, plan: SyncPlan, check_mode: bool = False, diff: bool = False) -> Outcome:
    """Sync what the plan names and build the module's result. ``RegistrarError`` escapes only for one domain."""
    if not plan.many:
        return _run_one(client, plan, check_mode, diff)
    targets = _targets(client, plan)
    # Unknown names arrive as failed results already; everything else is synced (or, in check mode, named).
    indexes = [index for index, target in enumerate(targets) if not (isinstance(target, dict) and target.get("failed"))]
    pending = [targets[index] for index in indexes]
    if check_mode:
        done = [_identity(target) for target in pending]
    else:
        done = _run_all(plan.gate, pending, _sync_work(client, plan))
    results: list[dict[str, Any]] = list(targets)
    for index, synced in zip(indexes, done):
        results[index] = synced
    summary = summarise(results, check_mode)
    result: dict[str, Any] = {"changed": summary["changed"] > 0, "results": results, "summary": summary}
    if diff and not check_mode:
        result["diff"] = _diff(results)
    failures = [item for item in results if item.get("failed")]
    if check_mode:
        result["msg"] = "Check mode: status sync of %d domains skipped, nothing was sent" % summary["skipped"]
    if failures:
        for item in results:
            item.pop("domain", None)  # a failure result stays small: no panel record in it
        message = failure_message(failures, summary["total"])
        result["msg"] = "%s; %s" % (result["msg"], message) if check_mode else message
        return Outcome(True, result)
    return Outcome(False, result)


def _run_one(client: HttpClient, plan: SyncPlan, check_mode: bool, diff: bool) -> Outcome:
    if plan.api == "legacy":
        target: Any = plan.domain_ids[0]
    else:
        target = resolve(client, plan.gate, plan.entries)[0]
        if target.get("failed"):
            error = target["error"]
            return Outcome(True, {"changed": False, "msg": target["msg"], "name": target["name"], "error": error})
    if check_mode:
        return Outcome(
            False,
            dict(
                _identity(target),
                changed=False,
                msg="Check mode: status sync of domain %s skipped, nothing was sent" % label(_identity(target)),
            ),
        )
    try:
        result = _sync_work(client, plan)(target)
    except RegistrarError as exc:
        return Outcome(True, dict(_identity(target), changed=False, msg=exc.one_line(), error=exc.as_dict()))
    failed = result.pop("failed")
    # changed is the panel's statusChanged; a sync the task fails on changed nothing it reports.
    outcome = dict(result, changed=result["status_changed"] and not failed)
    if diff:
        outcome["diff"] = _diff([result])
    return Outcome(failed, outcome)
