# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""AutoDNS over the JSON API: exact requests, envelope parsing, jobs, and the password kept out of sight.

Job answers are ObjectJob items (``data[i].job``) as the vendor's spec shapes them; see
docs/registrar-apis.md AD-JOB-1.
"""

from __future__ import annotations

import base64

import pytest

from ansible_collections.domainops.registrar.plugins.module_utils import _http
from ansible_collections.domainops.registrar.plugins.module_utils import _restore as restore_mod
from ansible_collections.domainops.registrar.plugins.module_utils._autodns import json_api
from ansible_collections.domainops.registrar.plugins.module_utils._autodns.json_api import (
    AutoDnsJsonRestore,
)
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._http import ClientSettings, HttpClient
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


def object_job(status, job_id=JOB, domain=DOMAIN, action="RESTORE"):
    """An ObjectJob item as job info, job history and job search answer it (AD-JOB-1)."""
    job = {"id": job_id, "status": status}
    if action:
        job["action"] = action
    return {"job": job, "object": {"type": "Domain", "value": domain}}


class AutoDns:
    """Routes the JSON API; each attribute holds the answer entry (or a list consumed in order).

    ``job_states`` are the statuses ``GET /job/{id}`` answers in turn; ``None`` answers 404 there
    (the job moved to the history, which then answers ``history``).
    """

    def __init__(self, listed=True, jobs=(), info=None, restore=None, job_states=("SUCCESS",), history="SUCCESS"):
        self.search = answer_json(envelope("S0105005", "SUCCESS", [restore_item()] if listed else []))
        self.jobs = answer_json(envelope("S300115", "SUCCESS", list(jobs)))
        self.history = history
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
            if status is None:
                return answer_json(error_envelope("E300114", "Auftrag nicht vorhanden", "stid-gone"), status=404)
            return answer_json(envelope("S300114", "SUCCESS", [object_job(status)], stid="stid-poll"))
        if route == ("GET", "/v1/job/history/%d" % JOB):
            if self.history is None:
                return answer_json(error_envelope("E300134", "Auftrag nicht vorhanden", "stid-nohist"), status=404)
            return answer_json(envelope("S300134", "SUCCESS", [object_job(self.history)], stid="stid-history"))
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
    client = HttpClient(json_api.api(params), ClientSettings(retries=retries), Redactor())
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
    # children: subusers' domains are listed too; keys[]: the deadline is asked for (AD-RL-3, AD-RL-5).
    assert search.json == {
        "filters": [{"key": "name", "value": DOMAIN, "operator": "EQUAL"}],
        "view": {"limit": 10, "offset": 0, "children": True},
    }
    assert search.query == {"keys[]": ["restorePhaseEnd"]}


def test_the_job_search_asks_for_every_running_state_of_this_domain(transport):
    transport.route(AutoDns())

    run(make_provider())

    job_search = transport.sent[1]
    assert (job_search.method, job_search.path) == ("POST", "/v1/job/_search")
    assert job_search.json["filters"] == [
        {"key": "object", "value": DOMAIN, "operator": "EQUAL", "link": "AND"},
        {
            "key": "status",
            "values": ["RUNNING", "WAIT", "DEFERRED", "SUPPORT", "NOT_SET"],
            "operator": "IN",
            "link": "AND",
        },
    ]
    assert job_search.json["view"]["children"] is True
    assert job_search.query == {"keys[]": ["object", "action"]}


def test_the_restore_is_a_put_with_the_action_reply_to_and_ctid(transport):
    transport.route(AutoDns())

    run(make_provider(action="RESTORE_RENEW", reply_to="hostmaster@example.net", ctid="ticket-4711"))

    (sent,) = puts(transport)
    assert sent.path == "/v1/domain/example.de/_restore"
    assert sent.json == {"action": "RESTORE_RENEW"}
    # ctid is the documented query parameter, not a header the spec does not know (AD-ENV-5).
    assert sent.query == {"replyTo": ["hostmaster@example.net"], "ctid": ["ticket-4711"]}
    assert sent.header("X-Domainrobot-Ctid") is None


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


@pytest.mark.parametrize("state", ["RUNNING", "WAIT", "DEFERRED", "SUPPORT", "NOT_SET"])
def test_a_running_restore_job_is_in_progress_and_nothing_is_sent(transport, state):
    transport.route(AutoDns(jobs=[object_job(state, job_id=77)]))

    failed, changed, result, *_rest = run(make_provider())

    assert not failed and changed is False
    assert result["restore_status"] == "in_progress"
    assert result["job_id"] == 77
    assert result["action_status"] == state
    assert puts(transport) == []


@pytest.mark.parametrize(
    "job",
    [
        object_job("RUNNING", job_id=78, domain="other-example.net"),
        object_job("RUNNING", job_id=79, action="UPDATE"),
        object_job("SUCCESS", job_id=80),
        {"job": {"id": 81, "status": "RUNNING", "action": "RESTORE"}},
        {"id": 82, "status": "RUNNING", "action": "RESTORE"},
    ],
    ids=["other-domain", "not-a-restore", "finished", "no-object", "flat-without-domain"],
)
def test_a_searched_job_counts_only_for_this_domain_and_a_running_restore(transport, job):
    # The server's filter is not trusted (AD-JOB-4): whatever it returns is checked item by item.
    transport.route(AutoDns(jobs=[job]))

    failed, changed, result, *_rest = run(make_provider())

    assert not failed and changed is True
    assert result["restore_status"] == "pending"
    assert len(puts(transport)) == 1


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


def test_a_restore_phase_end_in_the_past_is_reported_and_the_restore_still_sent(transport):
    # restorePhaseEnd ends the current phase only; the registrar decides (AD-RL-4).
    api = AutoDns()
    api.search = answer_json(
        envelope("S0105005", "SUCCESS", [restore_item(restorePhaseEnd="2020-01-01T00:00:00.000+0100")])
    )
    transport.route(api)

    failed, changed, result, *_rest = run(make_provider())

    assert not failed and changed is True
    assert result["restore_deadline"] == "2020-01-01T00:00:00.000+0100"
    assert len(puts(transport)) == 1


def test_a_listed_item_without_restore_phase_end_has_no_deadline(transport):
    api = AutoDns()
    api.search = answer_json(envelope("S0105005", "SUCCESS", [{"name": DOMAIN, "action": "RESTORE"}]))
    transport.route(api)

    failed, changed, result, *_rest = run(make_provider())

    assert not failed and changed is True
    assert "restore_deadline" not in result


def test_a_domain_info_error_that_is_not_a_404_is_reported_not_read_as_unknown(transport):
    # E0105 is the whole inquire family; only HTTP 404 says "not found" (AD-DOM-2).
    info = answer_json(error_envelope("E0105", "Keine Berechtigung", "stid-403"), status=403)
    transport.route(AutoDns(listed=False, info=info))

    with pytest.raises(RegistrarError) as caught:
        run(make_provider())

    assert caught.value.http_status == 403 and caught.value.code == "E0105"
    assert puts(transport) == []


# Jobs: ObjectJob, history -------------------------------------------------------------------------


def test_wait_reads_the_job_nested_in_the_object_job(transport, sleeps):
    transport.route(AutoDns(job_states=("RUNNING", "SUCCESS")))

    failed, changed, result, *_rest = run(make_provider(), wait=True, wait_timeout=60)

    assert not failed and changed
    assert result["restore_status"] == "restored"
    assert result["action_status"] == "SUCCESS"


def test_a_flat_job_answer_is_tolerated(transport, sleeps):
    api = AutoDns()
    transport.route(api)
    flat = answer_json(envelope("S300114", "SUCCESS", [{"id": JOB, "status": "SUCCESS"}]))

    def router(sent):
        return flat if sent.path == "/v1/job/%d" % JOB else api(sent)

    transport.route(router)

    failed, _changed, result, *_rest = run(make_provider(), wait=True, wait_timeout=60)

    assert not failed and result["restore_status"] == "restored"


def test_a_job_that_moved_to_the_history_is_read_there_and_reported_restored(transport, sleeps):
    transport.route(AutoDns(job_states=("RUNNING", None), history="SUCCESS"))

    failed, changed, result, _msg, warnings, _error = run(make_provider(), wait=True, wait_timeout=60)

    assert not failed and changed
    assert result["restore_status"] == "restored"
    assert result["stid"] == "stid-history"
    assert [sent.path for sent in transport.sent if "history" in sent.path] == ["/v1/job/history/%d" % JOB]
    assert warnings == []


def test_a_job_that_failed_and_moved_to_the_history_fails_the_task(transport, sleeps):
    transport.route(AutoDns(job_states=(None,), history="FAILED"))

    failed, _changed, _result, msg, *_rest = run(make_provider(), wait=True, wait_timeout=60)

    assert failed and "failed at the registrar" in msg and "FAILED" in msg


def test_a_job_found_nowhere_is_followed_by_the_domain_state(transport, sleeps):
    domain = {"name": DOMAIN, "registryStatus": "ACTIVE"}
    api = AutoDns(job_states=(None,), history=None, info=answer_json(envelope("S0105", "SUCCESS", [domain])))
    transport.route(api)
    api.search = [api.search, answer_json(envelope("S0105005", "SUCCESS", []))]

    def router(sent):
        if sent.path == "/v1/domain/restore/_search":
            return api.search.pop(0) if len(api.search) > 1 else api.search[0]
        return api(sent)

    transport.route(router)

    failed, _changed, result, *_rest = run(make_provider(), wait=True, wait_timeout=60)

    assert not failed and result["restore_status"] == "restored"


def test_an_unknown_job_status_on_the_restore_is_pending_with_a_warning(transport):
    transport.route(AutoDns(restore=answer_json(envelope("N0101005", "NOTIFY", [{"id": JOB, "status": "QUEUED"}]))))

    failed, changed, result, _msg, warnings, _error = run(make_provider())

    assert not failed and changed
    assert result["restore_status"] == "pending"
    assert any("QUEUED" in warning for warning in warnings)


# Refusal while a restore runs ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Für die Domain example.de läuft bereits ein Auftrag.", "A job is already running for domain example.de."],
    ids=["german", "english"],
)
def test_a_restore_refused_because_a_job_already_runs_is_in_progress(transport, text):
    # Guess (AD-RST-3): the refusal is recognised by its text; nothing new was started or billed.
    messages = [{"text": text, "code": "EF01000", "status": "ERROR"}]
    refusal = envelope("E0101005", "ERROR", text="Auftrag abgelehnt", stid="stid-busy", messages=messages)
    transport.route(AutoDns(restore=answer_json(refusal, status=400)))

    failed, changed, result, _msg, _warnings, _error = run(make_provider())

    assert not failed and changed is False
    assert result["restore_status"] == "in_progress"
    assert result["stid"] == "stid-busy"
    assert len(puts(transport)) == 1


def test_another_restore_refusal_still_fails(transport):
    transport.route(AutoDns(restore=answer_json(error_envelope("E0101005", "Wiederherstellung abgelehnt"), status=400)))

    failed, *_rest = run(make_provider())

    assert failed


# Subusers -----------------------------------------------------------------------------------------


def test_a_subusers_domain_is_restored_acting_for_its_owner(transport, sleeps):
    api = AutoDns(job_states=("SUCCESS",))
    api.search = answer_json(envelope("S0105005", "SUCCESS", [restore_item(owner={"user": "customer2", "context": 4})]))
    transport.route(api)

    failed, changed, result, *_rest = run(make_provider(), wait=True)

    assert not failed and changed and result["restore_status"] == "restored"
    assert result["owner"] == "customer2/4"
    (sent,) = puts(transport)
    assert sent.header("X-Domainrobot-Owner-User") == "customer2"
    assert sent.header("X-Domainrobot-Owner-Context") == "4"
    job_reads = [s for s in transport.sent if s.path.startswith("/v1/job/4")]
    assert job_reads and all(s.header("X-Domainrobot-Owner-User") == "customer2" for s in job_reads)


def test_the_callers_own_domain_is_restored_without_owner_headers(transport):
    api = AutoDns()
    api.search = answer_json(envelope("S0105005", "SUCCESS", [restore_item(owner={"user": USER, "context": 4})]))
    transport.route(api)

    _failed, changed, result, *_rest = run(make_provider())

    assert changed and "owner" not in result
    assert all(sent.header("X-Domainrobot-Owner-User") is None for sent in transport.sent)


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


# Listing ------------------------------------------------------------------------------------------


def list_answer(names, summary, owner=None):
    items = [{"name": name, "action": "RESTORE", "restorePhaseEnd": "2026-12-01T00:00:00.000+0100"} for name in names]
    if owner:
        for item in items:
            item["owner"] = owner
    body = envelope("S0105005", "SUCCESS", items)
    if summary is not None:
        body["object"] = {"type": "DomainRestore", "summary": summary}
    return answer_json(body)


def lister():
    params = {
        "autodns_username": USER,
        "autodns_password": PASSWORD,
        "autodns_context": 4,
        "autodns_api_url": URL,
    }
    # Built without a domain and without the restore-only options, as the listing module does.
    return AutoDnsJsonRestore(HttpClient(json_api.api(params), ClientSettings(), Redactor()), params)


def test_listing_pages_with_view_limit_and_offset_and_includes_subusers(transport):
    transport.answer(list_answer(["a.de", "b.de"], 5, owner={"user": "customer1", "context": 4}))

    entries, more = lister().list_restorable(offset=2, limit=2)

    assert more is True
    assert entries == [
        {
            "domain": name,
            "status": "RESTORABLE",
            "restore_deadline": "2026-12-01T00:00:00.000+0100",
            "order_id": None,
            "action": "RESTORE",
            "owner": "customer1/4",
        }
        for name in ("a.de", "b.de")
    ]
    (sent,) = transport.sent
    assert sent.json == {"view": {"limit": 2, "offset": 2, "children": True}}
    assert sent.query == {"keys[]": ["restorePhaseEnd"]}


def test_the_last_page_says_there_is_no_more(transport):
    transport.answer(list_answer(["e.de"], 5))

    entries, more = lister().list_restorable(offset=4, limit=2)

    assert [entry["domain"] for entry in entries] == ["e.de"] and more is False
    assert entries[0]["owner"] is None


def test_without_a_summary_a_full_page_may_have_more(transport):
    transport.answer(list_answer(["a.de", "b.de"], None), list_answer([], None))
    provider = lister()

    assert provider.list_restorable(limit=2)[1] is True
    assert provider.list_restorable(offset=2, limit=2) == ([], False)


def test_a_star_pattern_narrows_server_side_and_is_checked_again(transport):
    transport.answer(list_answer(["shop.de", "shop.com"], 2))

    entries, _more = lister().list_restorable(pattern="*.de")

    assert [entry["domain"] for entry in entries] == ["shop.de"]
    assert transport.sent[0].json["filters"] == [{"key": "name", "value": "*.de", "operator": "LIKE"}]


def test_a_pattern_like_cannot_express_is_only_applied_here(transport):
    transport.answer(list_answer(["shop1.de", "shop12.de"], 2))

    entries, _more = lister().list_restorable(pattern="shop?.de")

    assert [entry["domain"] for entry in entries] == ["shop1.de"]
    assert "filters" not in transport.sent[0].json


def test_one_name_is_asked_for_exactly_and_missing_keys_are_none(transport):
    transport.answer(answer_json(envelope("S0105005", "SUCCESS", [{"name": "Example.DE"}])))

    entries, _more = lister().list_restorable(domain="example.de")

    assert entries == [
        {
            "domain": "example.de",
            "status": "RESTORABLE",
            "restore_deadline": None,
            "order_id": None,
            "action": None,
            "owner": None,
        }
    ]
    assert transport.sent[0].json["filters"] == [{"key": "name", "value": "example.de", "operator": "EQUAL"}]


def test_an_owner_name_with_control_characters_is_never_sent(transport):
    api = AutoDns()
    owner = {"user": "customer2\r\nX-Injected: 1", "context": 4}
    api.search = answer_json(envelope("S0105005", "SUCCESS", [restore_item(owner=owner)]))
    transport.route(api)

    _failed, changed, result, *_rest = run(make_provider())

    assert changed and "owner" not in result
    assert all(sent.header("X-Domainrobot-Owner-User") is None for sent in transport.sent)
    assert all(sent.header("X-Injected") is None for sent in transport.sent)
