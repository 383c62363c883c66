# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""AutoDNS over the JSON API: exact requests, envelope parsing, jobs, and the password kept out of sight."""

from __future__ import annotations

import base64

import pytest

from ansible_collections.domainops.registrar.plugins.module_utils import _http
from ansible_collections.domainops.registrar.plugins.module_utils import _restore as restore_mod
from ansible_collections.domainops.registrar.plugins.module_utils._autodns.json_api import (
    AutoDnsJsonRestore,
    create_json_client,
)
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._http import ClientSettings
from ansible_collections.domainops.registrar.plugins.module_utils._redact import Redactor
from ansible_collections.domainops.registrar.tests.unit.plugins.fakes import answer_json, read_timeout, serialised

USER = "reseller-4711"
PASSWORD = "pw-Autodns-93kq"
URL = "https://api.demo.autodns.com/v1"
DOMAIN = "example.de"
JOB = 4297543154


def envelope(code, status_type, data=None, text=None, stid="20260301-app-9791", messages=None, **extra):
    body = {"stid": stid, "status": {"code": code, "text": text or "status %s" % code, "type": status_type}}
    if data is not None:
        body["data"] = data
    if messages is not None:
        body["messages"] = messages
    body.update(extra)
    return body


def restore_item(**extra):
    item = {
        "name": DOMAIN,
        "deleted": "2026-02-20T10:00:00.000+0100",
        "restorePhaseEnd": "2099-03-20T10:00:00.000+0100",
        "expire": "2026-02-19T10:00:00.000+0100",
        "payable": "2026-02-19T10:00:00.000+0100",
        "action": "RESTORE",
        "registryStatus": "RESTORE",
    }
    item.update(extra)
    return item


def error_envelope(code="E0105005", text="Domain konnte nicht gefunden werden.", stid="20260301-app-err1"):
    messages = [{"text": "Domain %s nicht gefunden" % DOMAIN, "code": "EF01051", "status": "ERROR", "objects": []}]
    return envelope(code, "ERROR", text=text, stid=stid, messages=messages)


class AutoDns:
    """Routes the JSON API; each attribute holds the answer entry (or a list consumed in order)."""

    def __init__(self, listed=True, jobs=(), info=None, restore=None, job_states=("SUCCESS",)):
        self.search = answer_json(envelope("S0105005", "SUCCESS", [restore_item()] if listed else []))
        self.jobs = answer_json(envelope("S0114005", "SUCCESS", list(jobs)))
        self.info = info or answer_json(error_envelope(), status=404)
        self.restore = restore or answer_json(
            envelope(
                "N0101005", "NOTIFY", [{"id": JOB, "status": "RUNNING"}], text="Domain-Wiederherstellung gestartet"
            )
        )
        self.job_states = list(job_states)

    def __call__(self, sent):
        route = (sent.method, sent.path)
        if route == ("POST", "/v1/domain/restore/_search"):
            return self.search
        if route == ("POST", "/v1/job/_search"):
            return self.jobs
        if route == ("GET", "/v1/domain/%s" % DOMAIN):
            return self.info
        if route == ("PUT", "/v1/domain/%s/_restore" % DOMAIN):
            return self.restore
        if route == ("GET", "/v1/job/%d" % JOB):
            status = self.job_states.pop(0) if len(self.job_states) > 1 else self.job_states[0]
            return answer_json(envelope("S300114", "SUCCESS", [{"id": JOB, "status": status}], stid="stid-poll"))
        raise AssertionError("unexpected request %s %s" % route)


def make_provider(action="RESTORE", reply_to=None, ctid=None, context=4, rate_limit=0, retries=3):
    params = {
        "autodns_username": USER,
        "autodns_password": PASSWORD,
        "autodns_context": context,
        "autodns_api_url": URL,
        "rate_limit": rate_limit,
        "restore_action": action,
        "reply_to": reply_to,
        "ctid": ctid,
    }
    client = create_json_client(params, ClientSettings(retries=retries), Redactor())
    return AutoDnsJsonRestore(client, params, DOMAIN)


def run(provider, **kwargs):
    try:
        changed, result, warnings = restore_mod.run(provider, **kwargs)
    except restore_mod.RestoreFailed as exc:
        return True, None, exc.result, exc.msg, [], exc.error.as_dict() if exc.error else None
    return False, changed, result, result.get("msg"), warnings, None


def puts(transport):
    return [sent for sent in transport.sent if sent.method == "PUT"]


# Exact requests -----------------------------------------------------------------------------------


def test_every_request_carries_basic_auth_context_and_user_agent(transport):
    transport.route(AutoDns())

    run(make_provider(context=1))

    token = base64.b64encode(("%s:%s" % (USER, PASSWORD)).encode()).decode()
    assert len(transport) == 3
    for sent in transport.sent:
        assert sent.header("Authorization") == "Basic %s" % token
        assert sent.header("X-Domainrobot-Context") == "1"
        assert sent.header("User-Agent").startswith("domainops.registrar/")
        assert sent.url.startswith(URL + "/")


def test_the_restore_list_is_searched_for_exactly_this_name(transport):
    transport.route(AutoDns())

    run(make_provider())

    search = transport.sent[0]
    assert (search.method, search.path) == ("POST", "/v1/domain/restore/_search")
    assert search.header("Content-Type") == "application/json"
    assert search.json == {"filters": [{"key": "name", "value": DOMAIN, "operator": "EQUAL"}], "view": {"limit": 1}}


def test_the_restore_is_a_put_with_the_action_reply_to_and_ctid(transport):
    transport.route(AutoDns())

    run(make_provider(action="RESTORE_RENEW", reply_to="hostmaster@example.net", ctid="ticket-4711"))

    (sent,) = puts(transport)
    assert sent.path == "/v1/domain/example.de/_restore"
    assert sent.json == {"action": "RESTORE_RENEW"}
    assert sent.query == {"replyTo": ["hostmaster@example.net"]}
    assert sent.header("X-Domainrobot-Ctid") == "ticket-4711"


def test_without_reply_to_and_ctid_neither_is_sent(transport):
    transport.route(AutoDns())

    run(make_provider())

    (sent,) = puts(transport)
    assert sent.query_string == ""
    assert sent.header("X-Domainrobot-Ctid") is None


# Decisions ----------------------------------------------------------------------------------------


def test_an_accepted_restore_is_pending_with_job_and_stid(transport):
    transport.route(AutoDns())

    failed, changed, result, _msg, _warnings, _error = run(make_provider())

    assert not failed and changed is True
    assert result["restore_status"] == "pending"
    assert result["job_id"] == JOB
    assert result["action_status"] == "RUNNING"
    assert result["action_status_description"] == "Domain-Wiederherstellung gestartet"
    assert result["stid"] == "20260301-app-9791"
    assert result["action"] == "RESTORE"
    assert result["previous_status"] == "RESTORABLE"
    assert result["diff"] == {"before": {"status": "RESTORABLE"}, "after": {"status": "RESTORE RUNNING"}}


def test_a_restore_answered_with_a_finished_job_is_restored(transport):
    api = AutoDns(restore=answer_json(envelope("S0101005", "SUCCESS", [{"id": JOB, "status": "SUCCESS"}])))
    transport.route(api)

    _failed, changed, result, *_rest = run(make_provider())

    assert changed and result["restore_status"] == "restored"


def test_wait_polls_the_job_until_success(transport, sleeps):
    transport.route(AutoDns(job_states=("RUNNING", "RUNNING", "SUCCESS")))

    failed, changed, result, *_rest = run(make_provider(), wait=True, wait_timeout=60)

    assert not failed and changed
    assert result["restore_status"] == "restored"
    assert result["action_status"] == "SUCCESS"
    assert result["stid"] == "stid-poll"
    polls = [sent for sent in transport.sent if sent.path == "/v1/job/%d" % JOB]
    assert len(polls) == 3 and all(sent.method == "GET" for sent in polls)
    assert len(puts(transport)) == 1


@pytest.mark.parametrize("final", ["FAILED", "CANCELED"])
def test_a_job_that_fails_fails_the_task(transport, final):
    transport.route(AutoDns(job_states=("RUNNING", final)))

    failed, _changed, _result, msg, _warnings, _error = run(make_provider(), wait=True)

    assert failed
    assert "failed at the registrar" in msg and final in msg


def test_wait_gives_up_at_wait_timeout_and_says_the_restore_still_runs(transport, sleeps):
    transport.route(AutoDns(job_states=("RUNNING",)))

    failed, _changed, result, msg, _warnings, _error = run(make_provider(), wait=True, wait_timeout=20)

    assert failed
    assert "still running after wait_timeout=20s" in msg and "do not restore again" in msg
    assert result["restore_status"] == "pending"
    assert sum(sleeps.waits) <= 20
    assert len(puts(transport)) == 1


def test_a_running_restore_job_is_in_progress_and_nothing_is_sent(transport):
    transport.route(AutoDns(jobs=[{"id": 77, "status": "RUNNING", "action": "RESTORE", "object": DOMAIN}]))

    failed, changed, result, *_rest = run(make_provider())

    assert not failed and changed is False
    assert result["restore_status"] == "in_progress"
    assert result["job_id"] == 77
    assert puts(transport) == []
    job_search = transport.sent[1]
    assert job_search.path == "/v1/job/_search"


def test_a_domain_not_in_the_restore_list_but_active_needs_nothing(transport):
    domain = {"name": DOMAIN, "registryStatus": "ACTIVE", "authinfo": "AUTH-INFO-SECRET-1", "nameServers": []}
    transport.route(AutoDns(listed=False, info=answer_json(envelope("S0105", "SUCCESS", [domain]))))

    failed, changed, result, *_rest = run(make_provider())

    assert not failed and changed is False
    assert result["restore_status"] == "not_needed"
    assert result["previous_status"] == "ACTIVE"
    assert "authinfo" not in result["response"]
    assert "AUTH-INFO-SECRET-1" not in serialised(result)
    assert puts(transport) == []


def test_a_domain_neither_restorable_nor_active_is_unknown(transport):
    transport.route(AutoDns(listed=False))

    failed, _changed, _result, msg, *_rest = run(make_provider())

    assert failed
    assert "not in the restore list" in msg
    assert puts(transport) == []


def test_a_restore_phase_that_ended_is_past_the_window(transport):
    api = AutoDns()
    api.search = answer_json(
        envelope("S0105005", "SUCCESS", [restore_item(restorePhaseEnd="2020-01-01T00:00:00.000+0100")])
    )
    transport.route(api)

    failed, _changed, _result, msg, *_rest = run(make_provider())

    assert failed
    assert "restore phase ended" in msg
    assert puts(transport) == []


# Envelopes ----------------------------------------------------------------------------------------


def test_an_error_envelope_on_http_200_fails_the_restore_with_codes_and_stid(transport):
    transport.route(AutoDns(restore=answer_json(error_envelope("E0101005", "Wiederherstellung abgelehnt", "stid-e1"))))

    failed, _changed, _result, msg, _warnings, error = run(make_provider())

    assert failed
    assert "HTTP 200" in msg and "E0101005" in msg and "EF01051" in msg and "stid-e1" in msg
    assert error["code"] == "E0101005"
    assert error["request_id"] == "stid-e1"
    assert error["maybe_executed"] is False
    assert len(puts(transport)) == 1


def test_an_error_envelope_on_a_read_is_a_registrar_error(transport):
    api = AutoDns()
    api.search = answer_json(error_envelope("E0105005", "Zugriff verweigert", "stid-r1"), status=403)
    transport.route(api)

    with pytest.raises(RegistrarError) as info:
        run(make_provider())

    assert info.value.http_status == 403
    assert info.value.code == "E0105005"
    assert info.value.request_id == "stid-r1"
    assert "\n" not in str(info.value)


def test_a_notify_envelope_without_a_job_is_accepted_and_pending(transport):
    transport.route(AutoDns(restore=answer_json(envelope("N0101005", "NOTIFY", []))))

    failed, changed, result, *_rest = run(make_provider())

    assert not failed and changed and result["restore_status"] == "pending"


def test_waiting_on_a_restore_answered_without_a_job_never_asks_for_job_none(transport):
    api = AutoDns(restore=answer_json(envelope("N0101005", "NOTIFY", [])))
    transport.route(api)

    run(make_provider(), wait=True, wait_timeout=10)

    assert all("None" not in sent.path for sent in transport.sent)


def test_a_lost_restore_answer_is_not_resent(transport):
    api = AutoDns(restore=read_timeout())
    transport.route(api)

    failed, _changed, _result, msg, _warnings, error = run(make_provider())

    assert failed
    assert "not sent again" in msg
    assert error["maybe_executed"] is True
    assert len(puts(transport)) == 1


# The password stays hidden ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "restore",
    [
        answer_json(envelope("N0101005", "NOTIFY", [{"id": JOB, "status": "RUNNING", "note": PASSWORD}])),
        answer_json(error_envelope("E0101005", "Passwort %s falsch" % PASSWORD)),
        answer_json({"password": PASSWORD, "status": {"type": "ERROR", "code": "E1", "text": "bad"}}, status=401),
    ],
    ids=["echo-in-data", "echo-in-error-text", "echo-as-field"],
)
def test_the_password_never_appears_in_the_output(transport, restore):
    transport.route(AutoDns(restore=restore))

    outcome = run(make_provider())

    assert PASSWORD not in serialised(outcome)


def test_requests_are_spaced_to_the_documented_three_per_second(transport, sleeps, monkeypatch):
    class FakeClockLimiter(_http.RateLimiter):
        def __init__(self, per_second, sleep):
            super().__init__(per_second, clock=sleeps.clock, sleep=sleep)

    monkeypatch.setattr(_http, "RateLimiter", FakeClockLimiter)
    api = AutoDns(job_states=("RUNNING", "RUNNING", "SUCCESS"))
    starts = []

    def timed(sent):
        starts.append(sleeps.clock())
        return api(sent)

    transport.route(timed)

    run(make_provider(rate_limit=3), wait=True)

    assert len(starts) >= 4
    for index in range(len(starts) - 3):
        assert starts[index + 3] - starts[index] >= 1.0 - 1e-9
