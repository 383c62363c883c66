# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""_restore.run with a scripted provider: restore only when restorable, never twice, wait with a deadline."""

from __future__ import annotations

import pytest

from ansible_collections.domainops.registrar.plugins.module_utils import _restore as restore_mod
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._redact import Redactor
from ansible_collections.domainops.registrar.plugins.module_utils._restore import (
    ACTIVE,
    ALREADY_RUNNING,
    FINISHED,
    GONE,
    IN_PROGRESS,
    REJECTED,
    RESTORABLE,
    RUNNING,
    UNKNOWN,
    DomainState,
    RestoreFailed,
    RestoreOutcome,
)
from ansible_collections.domainops.registrar.tests.unit.plugins.fakes import SleepRecorder


def state(kind, status=None, **kwargs):
    defaults = {
        RESTORABLE: "Pending Delete Restorable",
        ACTIVE: "Active",
        IN_PROGRESS: "Restoring",
        GONE: "Deleted",
        UNKNOWN: None,
    }
    kwargs.setdefault("domain", "example.com")
    return DomainState(kind, status if status is not None else defaults[kind], **kwargs)


def lost_answer():
    return RegistrarError("Fake", "restore", "no answer within 60 s (read timeout)", maybe_executed=True)


class FakeProvider(restore_mod.RestoreProvider):
    """Answers read_state/restore/poll from scripts and counts every call."""

    key = "fake"
    display = "FakeRegistrar"
    poll_interval = 2.0
    sees_running_restores = True

    def __init__(self, states, restore=None, polls=()):
        self.states = list(states)
        self.restore_answer = restore
        self.polls = list(polls)
        self.redactor = Redactor(["fake-secret"])
        self.calls = []

    def result_extras(self):
        return {"extra": "yes"}

    def status_after(self, outcome_state):
        return "Active" if outcome_state == FINISHED else "Restoring"

    @staticmethod
    def _give(item):
        if isinstance(item, BaseException):
            raise item
        return item

    def read_state(self):
        self.calls.append("read")
        return self._give(self.states.pop(0) if len(self.states) > 1 else self.states[0])

    def restore(self):
        self.calls.append("restore")
        return self._give(self.restore_answer)

    def poll(self, outcome):
        self.calls.append("poll")
        return self._give(self.polls.pop(0) if len(self.polls) > 1 else self.polls[0])

    def list_restorable(self, domain=None, pattern=None, offset=0, limit=100):
        raise AssertionError("the restore flow never lists")


def run(provider, **kwargs):
    clock = SleepRecorder()
    kwargs.setdefault("clock", clock.clock)
    kwargs.setdefault("sleep", clock)
    return restore_mod.run(provider, **kwargs), clock


# Reading first ------------------------------------------------------------------------------------


def test_an_active_domain_needs_no_restore():
    provider = FakeProvider([state(ACTIVE, raw={"status": "Active"})])

    (changed, result, warnings), _clock = run(provider)

    assert changed is False
    assert result["restore_status"] == "not_needed"
    assert result["previous_status"] == "Active"
    assert result["diff"] == {"before": {"status": "Active"}, "after": {"status": "Active"}}
    assert result["extra"] == "yes"
    assert warnings == []
    assert provider.calls == ["read"]


def test_a_not_deleted_domain_reason_becomes_a_warning():
    provider = FakeProvider([state(ACTIVE, "Suspended", reason="order is Suspended, not deleted")])

    (_changed, result, warnings), _clock = run(provider)

    assert result["restore_status"] == "not_needed"
    assert warnings == ["order is Suspended, not deleted"]


def test_a_restore_in_progress_is_reported_and_nothing_is_sent():
    action = {"action_id": 42, "action_status": "Pending", "action_status_description": None}
    provider = FakeProvider([state(IN_PROGRESS, action=action)])

    (changed, result, _warnings), _clock = run(provider)

    assert changed is False
    assert result["restore_status"] == "in_progress"
    assert result["action_id"] == 42 and result["action_status"] == "Pending"
    assert provider.calls == ["read"]


def test_a_refusal_because_a_restore_already_runs_is_in_progress_not_a_failure():
    refused = RestoreOutcome(ALREADY_RUNNING, "RUNNING", description="a job is already running", job_id=7)
    provider = FakeProvider([state(RESTORABLE)], restore=refused)

    (changed, result, warnings), _clock = run(provider)

    assert changed is False
    assert result["restore_status"] == "in_progress"
    assert result["job_id"] == 7
    assert result["diff"]["after"] == result["diff"]["before"]
    assert warnings == []
    assert provider.calls == ["read", "restore"]


def test_an_outcome_warning_reaches_the_user_and_the_restore_counts_as_pending():
    accepted = RestoreOutcome(RUNNING, "RFASent", warning="unknown action status RFASent")
    provider = FakeProvider([state(RESTORABLE)], restore=accepted)

    (changed, result, warnings), _clock = run(provider)

    assert changed is True
    assert result["restore_status"] == "pending"
    assert warnings == ["unknown action status RFASent"]


def test_the_registrars_deadline_is_reported_even_when_it_lies_in_the_past():
    provider = FakeProvider(
        [state(RESTORABLE, deadline="2001-01-01T00:00:00Z")], restore=RestoreOutcome(FINISHED, "SUCCESS")
    )

    (changed, result, _warnings), _clock = run(provider)

    assert changed is True
    assert result["restore_status"] == "restored"
    assert result["restore_deadline"] == "2001-01-01T00:00:00Z"


def test_every_provider_implements_the_whole_contract():
    from ansible_collections.domainops.registrar.plugins.module_utils import _logicboxes
    from ansible_collections.domainops.registrar.plugins.module_utils._autodns import json_api as _autodns
    from ansible_collections.domainops.registrar.plugins.module_utils._autodns import xml_gateway as _autodns_xml

    abstract = [
        cls.__name__
        for cls in (_logicboxes.LogicBoxesRestore, _autodns.AutoDnsJsonRestore, _autodns_xml.AutoDnsXmlRestore)
        if getattr(cls, "__abstractmethods__", None)
    ]
    assert abstract == []


@pytest.mark.parametrize(
    "kind, reason", [(GONE, "past the restore window"), (UNKNOWN, "unknown to the registrar")], ids=["gone", "unknown"]
)
def test_past_the_window_or_unknown_fails_with_the_reason(kind, reason):
    provider = FakeProvider([state(kind, reason=reason)])

    with pytest.raises(RestoreFailed) as info:
        run(provider)

    assert info.value.msg == "FakeRegistrar: cannot restore example.com: %s" % reason
    assert provider.calls == ["read"]


def test_an_unknown_order_is_named_by_its_id():
    provider = FakeProvider([DomainState(UNKNOWN, None, reason="no such order", order_id=77)])

    with pytest.raises(RestoreFailed) as info:
        run(provider)

    assert "cannot restore order 77" in info.value.msg


# Check mode ---------------------------------------------------------------------------------------


def test_check_mode_reports_the_restore_it_would_send_without_sending_it():
    provider = FakeProvider([state(RESTORABLE)])

    (changed, result, _warnings), _clock = run(provider, check_mode=True)

    assert changed is True
    assert result["restore_status"] == "pending"
    assert result["msg"].startswith("Check mode")
    assert result["diff"] == {"before": {"status": "Pending Delete Restorable"}, "after": {"status": "Active"}}
    assert "restore" not in provider.calls


@pytest.mark.parametrize("kind", [ACTIVE, IN_PROGRESS])
def test_check_mode_on_a_domain_that_needs_nothing_is_not_changed(kind):
    provider = FakeProvider([state(kind)])

    (changed, _result, _warnings), _clock = run(provider, check_mode=True)

    assert changed is False
    assert "restore" not in provider.calls


# The restore --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "outcome_state, restore_status, after",
    [(FINISHED, "restored", "Active"), (RUNNING, "pending", "Restoring")],
)
def test_an_accepted_restore_is_changed(outcome_state, restore_status, after):
    outcome = RestoreOutcome(outcome_state, "Success", description="ok", action_id=9, raw={"a": "fake-secret"})
    provider = FakeProvider([state(RESTORABLE)], restore=outcome)

    (changed, result, _warnings), _clock = run(provider)

    assert changed is True
    assert result["restore_status"] == restore_status
    assert result["action_id"] == 9
    assert result["response"] == {"a": "********"}
    assert result["diff"] == {"before": {"status": "Pending Delete Restorable"}, "after": {"status": after}}
    assert provider.calls == ["read", "restore"]


def test_a_rejected_restore_fails_with_the_registrar_reason():
    outcome = RestoreOutcome(REJECTED, "Failed", description="insufficient funds")
    provider = FakeProvider([state(RESTORABLE)], restore=outcome)

    with pytest.raises(RestoreFailed) as info:
        run(provider)

    assert "rejected" in info.value.msg and "insufficient funds" in info.value.msg
    assert provider.calls == ["read", "restore"]


def test_a_refused_restore_request_fails_without_re_reading():
    refused = RegistrarError("Fake", "restore", "Invalid order", http_status=200, code="ERROR")
    provider = FakeProvider([state(RESTORABLE)], restore=refused)

    with pytest.raises(RestoreFailed) as info:
        run(provider)

    assert info.value.msg == refused.one_line()
    assert info.value.error is refused
    assert provider.calls == ["read", "restore"]


# A lost answer: never restore twice ---------------------------------------------------------------


def test_a_lost_answer_then_an_active_domain_is_restored_with_a_warning():
    provider = FakeProvider([state(RESTORABLE), state(ACTIVE)], restore=lost_answer())

    (changed, result, warnings), _clock = run(provider)

    assert changed is True
    assert result["restore_status"] == "restored"
    assert result["diff"] == {"before": {"status": "Pending Delete Restorable"}, "after": {"status": "Active"}}
    assert any("not sent again" in warning and "now active" in warning for warning in warnings)
    assert provider.calls.count("restore") == 1


def test_a_lost_answer_then_a_running_restore_is_pending():
    action = {"action_id": 5, "action_status": "InProgress"}
    provider = FakeProvider([state(RESTORABLE), state(IN_PROGRESS, action=action)], restore=lost_answer())

    (changed, result, warnings), _clock = run(provider)

    assert changed is True
    assert result["restore_status"] == "pending"
    assert result["action_id"] == 5
    assert any("in progress" in warning for warning in warnings)
    assert provider.calls.count("restore") == 1


def test_a_lost_answer_then_still_restorable_fails_and_says_it_was_not_re_sent():
    provider = FakeProvider([state(RESTORABLE)], restore=lost_answer())

    with pytest.raises(RestoreFailed) as info:
        run(provider)

    assert "was not sent again" in info.value.msg
    assert "still restorable" in info.value.msg
    # A registrar may act on the lost request late: re-read before giving up, and never invite a rerun.
    assert "cannot be determined" in info.value.msg
    assert "run again" not in info.value.msg
    assert info.value.error.maybe_executed is True
    assert provider.calls == ["read", "restore", "read", "read", "read"]


def test_a_lost_answer_where_running_restores_are_invisible_does_not_claim_it_did_not_happen():
    provider = FakeProvider([state(RESTORABLE)], restore=lost_answer())
    provider.sees_running_restores = False

    with pytest.raises(RestoreFailed) as info:
        run(provider)

    assert "was not sent again" in info.value.msg
    assert "apparently did not happen" not in info.value.msg
    assert provider.calls.count("restore") == 1


def test_a_lost_answer_then_gone_fails_with_the_new_state():
    provider = FakeProvider([state(RESTORABLE), state(GONE, reason="the order is Deleted")], restore=lost_answer())

    with pytest.raises(RestoreFailed) as info:
        run(provider)

    assert "not sent again" in info.value.msg and "the order is Deleted" in info.value.msg
    assert provider.calls.count("restore") == 1


def test_a_lost_answer_and_a_failed_re_read_tells_the_user_to_check_first():
    reread = RegistrarError("Fake", "details", "connection refused")
    provider = FakeProvider([state(RESTORABLE), reread], restore=lost_answer())

    with pytest.raises(RestoreFailed) as info:
        run(provider)

    assert "re-reading the domain's state failed too" in info.value.msg
    assert "check the domain at the registrar" in info.value.msg
    assert provider.calls.count("restore") == 1


# Waiting ------------------------------------------------------------------------------------------


def running(status="Pending"):
    return RestoreOutcome(RUNNING, status, description="queued", action_id=3)


def test_without_wait_a_running_restore_is_not_polled():
    provider = FakeProvider([state(RESTORABLE)], restore=running(), polls=[RestoreOutcome(FINISHED, "Success")])

    (_changed, result, _warnings), clock = run(provider)

    assert result["restore_status"] == "pending"
    assert "poll" not in provider.calls
    assert clock.waits == []


def test_wait_polls_until_finished_no_faster_than_the_provider_interval():
    polls = [running(), running("InProgress"), RestoreOutcome(FINISHED, "Success", description="restored")]
    provider = FakeProvider([state(RESTORABLE)], restore=running(), polls=polls)

    (changed, result, _warnings), clock = run(provider, wait=True, wait_timeout=300)

    assert changed is True
    assert result["restore_status"] == "restored"
    assert result["action_status"] == "Success"
    assert provider.calls.count("poll") == 3
    assert clock.waits[0] == provider.poll_interval
    assert all(later >= earlier for earlier, later in zip(clock.waits, clock.waits[1:]))
    assert max(clock.waits) <= 5 * provider.poll_interval


def test_wait_gives_up_at_the_deadline_with_a_clear_message():
    provider = FakeProvider([state(RESTORABLE)], restore=running(), polls=[running()])

    with pytest.raises(RestoreFailed) as info:
        run(provider, wait=True, wait_timeout=30)

    assert "still running after wait_timeout=30s" in info.value.msg
    assert "do not restore again" in info.value.msg
    assert info.value.result["restore_status"] == "pending"
    assert provider.calls.count("restore") == 1


def test_wait_never_sleeps_past_the_deadline():
    provider = FakeProvider([state(RESTORABLE)], restore=running(), polls=[running()])
    clock = SleepRecorder()

    with pytest.raises(RestoreFailed):
        restore_mod.run(provider, wait=True, wait_timeout=30, clock=clock.clock, sleep=clock)

    assert sum(clock.waits) == pytest.approx(30)
    assert max(clock.waits) <= 10


def test_wait_reports_a_restore_that_failed_later():
    polls = [running(), RestoreOutcome(REJECTED, "Failed", description="payment declined")]
    provider = FakeProvider([state(RESTORABLE)], restore=running(), polls=polls)

    with pytest.raises(RestoreFailed) as info:
        run(provider, wait=True)

    assert "failed at the registrar" in info.value.msg and "payment declined" in info.value.msg


def test_wait_reports_a_failed_poll_as_accepted_but_unchecked():
    polls = [RegistrarError("Fake", "details", "HTTP 500")]
    provider = FakeProvider([state(RESTORABLE)], restore=running(), polls=polls)

    with pytest.raises(RestoreFailed) as info:
        run(provider, wait=True)

    assert "was accepted, but checking on it failed" in info.value.msg
    assert info.value.result["restore_status"] == "pending"
    assert provider.calls.count("restore") == 1
