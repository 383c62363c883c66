# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Provider-neutral restore logic: read state, restore only when restorable, never restore twice.

A provider subclasses ``RestoreProvider`` (one registrar API and transport) and describes what it
found with ``DomainState`` and ``RestoreOutcome``; this module turns those into the one result
shape the contract promises for every registrar.
"""

from __future__ import annotations

import abc
import time
from typing import Any, Callable

from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._http import HttpClient
from ansible_collections.domainops.registrar.plugins.module_utils._redact import Redactor

# DomainState.kind values.
RESTORABLE = "restorable"
ACTIVE = "active"
IN_PROGRESS = "in_progress"
GONE = "gone"  # past the restore window
UNKNOWN = "unknown"

# Reads of the domain after a restore answer was lost, before its outcome is called undeterminable.
RECOVERY_READS = 3

# RestoreOutcome.state values.
FINISHED = "finished"
RUNNING = "running"
REJECTED = "rejected"


# The registrar refused the restore because one is already running or pending for the domain:
# nothing new was started, so the task reports ``in_progress`` without a change.
ALREADY_RUNNING = "already_running"


class DomainState:
    """What a read found: ``kind`` (one of the constants above) and the registrar's own status text.

    ``deadline`` is the registrar's restore deadline where it gives one: reported, never used to refuse.
    """

    def __init__(
        self,
        kind: str,
        status: str | None,
        reason: str | None = None,
        domain: str | None = None,
        order_id: int | None = None,
        action: dict | None = None,
        raw: Any = None,
        deadline: str | None = None,
    ) -> None:
        self.kind = kind
        self.status = status
        self.reason = reason
        self.domain = domain
        self.order_id = order_id
        self.action = action or {}  # an open action: action_id / job_id, action_status, description
        self.raw = raw
        self.deadline = deadline


class RestoreOutcome:
    """What the registrar answered to a restore, or to a later poll of it."""

    def __init__(
        self,
        state: str,
        action_status: str | None,
        description: str | None = None,
        action_id: Any = None,
        job_id: Any = None,
        invoice: dict | None = None,
        stid: str | None = None,
        raw: Any = None,
        warning: str | None = None,
    ) -> None:
        self.state = state
        self.action_status = action_status
        self.description = description
        self.action_id = action_id
        self.job_id = job_id
        self.invoice = invoice
        self.stid = stid
        self.raw = raw
        # Something the user must hear although the task goes on, e.g. an action status we do not know.
        self.warning = warning


class RestoreProvider(abc.ABC):
    """One registrar API and transport, as the flows use it: every member the restore flow (``run``)
    and the listing flow (``_restore_info.list_restorable``) touch."""

    key: str  # the provider option's value, e.g. ``logicboxes``
    display: str  # the registrar's name in messages
    redactor: Redactor  # the client's
    client: HttpClient  # the modules emit its warnings
    poll_interval: float  # seconds between polls and re-reads
    sees_running_restores: bool = True  # whether ``read_state`` can tell a running restore apart

    def result_extras(self) -> dict:
        """Provider-specific keys every result carries (e.g. AutoDNS ``action``)."""
        return {}

    @abc.abstractmethod
    def status_after(self, outcome_state: str) -> str:
        """The registrar's status text after a restore in ``outcome_state`` (for diffs)."""

    @abc.abstractmethod
    def read_state(self) -> DomainState:
        """Read the domain's state; only reads, safe to repeat."""

    @abc.abstractmethod
    def restore(self) -> RestoreOutcome:
        """Send the (billable) restore once; an "already running" refusal is ``ALREADY_RUNNING``."""

    @abc.abstractmethod
    def poll(self, outcome: RestoreOutcome) -> RestoreOutcome:
        """Re-read an accepted restore's status."""

    @abc.abstractmethod
    def list_restorable(
        self, domain: str | None = None, pattern: str | None = None, offset: int = 0, limit: int = 100
    ) -> tuple[list[dict[str, Any]], bool]:
        """One page of the restorable domains: ``(entries, more)``; only reads.

        ``domain`` (lower-case ASCII) asks for one exact name, ``pattern`` (lower-case shell-style)
        may narrow on the server; ``offset`` and ``limit`` are the page (a multiple of ``limit``).
        """


class RestoreFailed(Exception):
    """The task must fail: ``msg`` is the one-line reason, ``result`` what is known so far."""

    def __init__(
        self, msg: str, result: dict[str, Any], error: RegistrarError | None = None, changed: bool = False
    ) -> None:
        super().__init__(msg)
        self.msg = msg
        self.result = result
        self.error = error
        # True when the registrar accepted a restore before the task failed (wait timeout, failed poll).
        self.changed = changed


def _base_result(provider: RestoreProvider, state: DomainState) -> dict[str, Any]:
    result = {
        "provider": provider.key,
        "domain": state.domain,
        "previous_status": state.status,
        "restore_status": None,
        "action_status": None,
        "action_status_description": None,
        "invoice": None,
        "response": provider.redactor.data(state.raw) if state.raw is not None else None,
    }
    result.update(provider.result_extras())
    if state.order_id is not None:
        result["order_id"] = state.order_id
    if state.deadline is not None:
        result["restore_deadline"] = state.deadline
    return result


def _apply_outcome(provider: RestoreProvider, result: dict[str, Any], outcome: RestoreOutcome) -> None:
    result["action_status"] = provider.redactor.text(outcome.action_status)
    result["action_status_description"] = provider.redactor.text(outcome.description)
    if outcome.action_id is not None:
        result["action_id"] = outcome.action_id
    if outcome.job_id is not None:
        result["job_id"] = outcome.job_id
    if outcome.invoice:
        result["invoice"] = outcome.invoice
    if outcome.stid is not None:
        result["stid"] = outcome.stid
    if outcome.raw is not None:
        result["response"] = provider.redactor.data(outcome.raw)


def _diff(before: str | None, after: str | None) -> dict[str, dict[str, str | None]]:
    return {"before": {"status": before}, "after": {"status": after}}


def run(
    provider: RestoreProvider,
    check_mode: bool = False,
    wait: bool = False,
    wait_timeout: float = 300,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[bool, dict[str, Any], list[str]]:
    """Restore the provider's domain if it is restorable; return ``(changed, result, warnings)``.

    Raises ``RestoreFailed`` when the domain cannot be restored or the registrar refused.
    """
    warnings = []
    state = provider.read_state()
    result = _base_result(provider, state)
    name = state.domain or "order %s" % state.order_id

    if state.kind in (GONE, UNKNOWN):
        raise RestoreFailed("%s: cannot restore %s: %s" % (provider.display, name, state.reason), result)
    if state.kind == ACTIVE:
        result["restore_status"] = "not_needed"
        result["diff"] = _diff(state.status, state.status)
        if state.reason:
            warnings.append(state.reason)
        return False, result, warnings
    if state.kind == IN_PROGRESS:
        result["restore_status"] = "in_progress"
        result.update({key: value for key, value in state.action.items() if value is not None})
        result["diff"] = _diff(state.status, state.status)
        return False, result, warnings

    if check_mode:
        result["restore_status"] = "pending"
        result["msg"] = "Check mode: %s is restorable; a restore would be requested" % name
        result["diff"] = _diff(state.status, provider.status_after(FINISHED))
        return True, result, warnings

    try:
        outcome = provider.restore()
    except RegistrarError as exc:
        if not exc.maybe_executed:
            raise RestoreFailed(exc.one_line(), result, error=exc) from None
        return _recover(provider, result, exc, warnings, sleep)

    _apply_outcome(provider, result, outcome)
    if outcome.warning:
        warnings.append(outcome.warning)
    if outcome.state == ALREADY_RUNNING:
        result["restore_status"] = "in_progress"
        result["diff"] = _diff(state.status, state.status)
        return False, result, warnings
    if outcome.state == REJECTED:
        reason = outcome.description or outcome.action_status or "no reason given"
        raise RestoreFailed("%s restore of %s was rejected: %s" % (provider.display, name, reason), result)
    if outcome.state == RUNNING and wait:
        outcome = _wait(provider, outcome, result, wait_timeout, clock, sleep, warnings)
    result["restore_status"] = "restored" if outcome.state == FINISHED else "pending"
    result["diff"] = _diff(state.status, provider.status_after(outcome.state))
    return True, result, warnings


def _wait(
    provider: RestoreProvider,
    outcome: RestoreOutcome,
    result: dict[str, Any],
    wait_timeout: float,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
    warnings: list[str],
) -> RestoreOutcome:
    """Poll the accepted restore until it finishes, no faster than the provider allows."""
    deadline = clock() + wait_timeout
    interval = provider.poll_interval
    while outcome.state == RUNNING:
        remaining = deadline - clock()
        if remaining <= 0:
            raise RestoreFailed(
                "%s restore of %s was accepted and is still running after wait_timeout=%ss (%s); "
                "do not restore again, check later"
                % (provider.display, result["domain"], wait_timeout, outcome.action_status),
                dict(result, restore_status="pending"),
                changed=True,
            )
        sleep(min(interval, remaining))
        interval = min(interval * 1.5, provider.poll_interval * 5)
        try:
            outcome = provider.poll(outcome)
        except RegistrarError as exc:
            raise RestoreFailed(
                "%s restore of %s was accepted, but checking on it failed: %s"
                % (provider.display, result["domain"], exc.one_line()),
                dict(result, restore_status="pending"),
                error=exc,
                changed=True,
            ) from None
        _apply_outcome(provider, result, outcome)
        if outcome.warning and outcome.warning not in warnings:
            warnings.append(outcome.warning)
    if outcome.state == REJECTED:
        reason = outcome.action_status or "rejected"
        if outcome.description:
            reason = "%s (%s)" % (reason, outcome.description)
        raise RestoreFailed(
            "%s restore of %s failed at the registrar: %s" % (provider.display, result["domain"], reason), result
        )
    return outcome


def _recover(
    provider: RestoreProvider,
    result: dict[str, Any],
    exc: RegistrarError,
    warnings: list[str],
    sleep: Callable[[float], None],
) -> tuple[bool, dict[str, Any], list[str]]:
    """The restore request may have been executed: re-read state instead of sending it again.

    A registrar may act on a request whose answer was lost only a little later, so a domain that
    still looks restorable is re-read a few times, ``poll_interval`` apart, before giving up.
    """
    lost = "the answer to the restore request was lost (%s); the request was not sent again" % exc.one_line()
    for attempt in range(RECOVERY_READS):
        if attempt:
            sleep(provider.poll_interval)
        try:
            state = provider.read_state()
        except RegistrarError as read_exc:
            raise RestoreFailed(
                "%s; re-reading the domain's state failed too (%s): check the domain at the registrar "
                "before running again" % (lost, read_exc.one_line()),
                dict(result, restore_status=None),
                error=exc,
            ) from None
        if state.kind != RESTORABLE:
            break
    result["response"] = provider.redactor.data(state.raw) if state.raw is not None else result["response"]
    if state.kind == ACTIVE:
        warnings.append(lost + "; the domain is now active")
        result["restore_status"] = "restored"
        result["diff"] = _diff(result["previous_status"], state.status)
        return True, result, warnings
    if state.kind == IN_PROGRESS:
        warnings.append(lost + "; a restore is now in progress")
        result.update({key: value for key, value in state.action.items() if value is not None})
        result["restore_status"] = "pending"
        result["diff"] = _diff(result["previous_status"], state.status)
        return True, result, warnings
    if state.kind == RESTORABLE:
        hidden = "" if provider.sees_running_restores else " (a running restore is not visible over this transport)"
        raise RestoreFailed(
            "%s; the domain is still restorable after %d reads%s, but a registrar may still act on the lost "
            "request, so whether the restore was executed cannot be determined: check the domain's pending "
            "actions or jobs at the registrar before running again" % (lost, RECOVERY_READS, hidden),
            result,
            error=exc,
        )
    raise RestoreFailed("%s; the domain's state is now: %s" % (lost, state.reason or state.status), result, error=exc)
