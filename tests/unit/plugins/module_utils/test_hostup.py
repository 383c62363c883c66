# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""HostUp status sync: the exact request, the normalised result, errors and the concurrent batch."""

from __future__ import annotations

import re
import threading

import pytest

from ansible_collections.domainops.registrar.plugins.module_utils import _hostup
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._hostup import (
    AdaptiveConcurrency,
    create_client,
    status_sync,
    sync_many,
)
from ansible_collections.domainops.registrar.plugins.module_utils._http import ClientSettings
from ansible_collections.domainops.registrar.plugins.module_utils._redact import Redactor
from ansible_collections.domainops.registrar.tests.unit.plugins.fakes import (
    answer_json,
    answer_raw,
    serialised,
)

KEY = "hk_live_7f3a9c0d2e"
URL = "https://cloud.hostup.se/api"


def sync_body(domain_id=20629, request_id="req_8f2c1a", **data):
    body = {
        "syncSuccess": True,
        "previousStatus": "Pending",
        "newStatus": "Active",
        "statusChanged": True,
        "statusChangedToActive": True,
        "info": "Domain status synchronized",
        "error": [],
        "revertAttempted": False,
        "revertSucceeded": False,
        "revertError": "",
        "doubleSyncAttempted": True,
        "doubleSyncSucceeded": True,
        "doubleSyncError": "",
        "domain": {
            "id": str(domain_id),
            "name": "example%d.se" % domain_id,
            "status": "Active",
            "expires": "2027-03-01",
            "nameservers": ["ns1.hostup.se", "ns2.hostup.se"],
            "autorenew": "1",
            "reglock": "0",
            "epp_code": "EPP-SECRET-%d" % domain_id,
        },
    }
    body.update(data)
    return {"success": True, "timestamp": "2026-03-01T10:00:00Z", "requestId": request_id, "data": body}


def error_body(status_title, code, message, request_id="req_err_1", **extra):
    body = {"error": status_title, "message": message, "code": code, "timestamp": "2026-03-01T10:00:00Z"}
    if request_id:
        body["requestId"] = request_id
    body.update(extra)
    return body


def make_client(retries=3, redactor=None):
    settings = ClientSettings(retries=retries)
    return create_client({"hostup_api_key": KEY, "hostup_api_url": URL}, settings, redactor or Redactor())


def id_of(sent):
    return int(re.search(r"/domains/(\d+)/status-sync$", sent.path).group(1))


# One domain ---------------------------------------------------------------------------------------


def test_status_sync_sends_the_documented_request(transport):
    transport.answer(answer_json(sync_body()))

    status_sync(make_client(), 20629)

    (sent,) = transport.sent
    assert sent.method == "POST"
    assert sent.url == "https://cloud.hostup.se/api/domains/20629/status-sync"
    assert sent.header("X-API-Key") == KEY
    assert sent.header("Content-Type") == "application/json"
    assert sent.header("User-Agent").startswith("domainops.registrar/")
    assert sent.json == {"id": 20629, "domainIds": ["20629"]}
    assert sent.query == {}


def test_status_sync_returns_the_normalised_result(transport):
    transport.answer(
        answer_json(
            sync_body(
                revertAttempted=True,
                revertSucceeded=False,
                revertError="registrar timeout",
                doubleSyncAttempted=False,
                doubleSyncSucceeded=False,
                error=["first lookup failed"],
            )
        )
    )

    result = status_sync(make_client(), 20629)

    assert result == {
        "domain_id": 20629,
        "status_changed": True,
        "status_changed_to_active": True,
        "previous_status": "Pending",
        "status": "Active",
        "sync_success": True,
        "request_id": "req_8f2c1a",
        "info": "Domain status synchronized",
        "sync_errors": ["first lookup failed"],
        "revert": {"attempted": True, "succeeded": False, "error": "registrar timeout"},
        "double_sync": {"attempted": False, "succeeded": False, "error": None},
        "domain": {
            "id": "20629",
            "name": "example20629.se",
            "status": "Active",
            "expires": "2027-03-01",
            "nameservers": ["ns1.hostup.se", "ns2.hostup.se"],
            "autorenew": "1",
            "reglock": "0",
        },
    }


def test_the_epp_code_is_nowhere_in_the_result(transport):
    transport.answer(answer_json(sync_body()))

    result = status_sync(make_client(), 20629)

    assert "epp_code" not in result["domain"]
    assert "EPP-SECRET-20629" not in serialised(result)


def test_an_epp_code_echoed_in_the_panel_texts_is_masked(transport):
    transport.answer(
        answer_json(sync_body(info="Transfer code EPP-SECRET-20629 refreshed", error=["code EPP-SECRET-20629 reset"]))
    )

    result = status_sync(make_client(), 20629)

    assert "EPP-SECRET-20629" not in serialised(result)


@pytest.mark.parametrize(
    "raw, expected",
    [
        (True, True),
        (False, False),
        ("true", True),
        ("True", True),
        ("false", False),
        ("1", True),
        ("0", False),
        (1, True),
        (0, False),
        (None, False),
    ],
)
def test_the_panel_booleans_are_read_also_from_strings_and_numbers(transport, raw, expected):
    transport.answer(
        answer_json(sync_body(syncSuccess=raw, statusChanged=raw, statusChangedToActive=raw, revertAttempted=raw))
    )

    result = status_sync(make_client(), 20629)

    assert result["sync_success"] is expected
    assert result["status_changed"] is expected
    assert result["status_changed_to_active"] is expected
    assert result["revert"]["attempted"] is expected


def test_the_request_id_falls_back_to_the_response_header(transport):
    body = sync_body()
    del body["requestId"]
    transport.answer(answer_json(body, headers={"X-Request-Id": "hdr-42"}))

    assert status_sync(make_client(), 20629)["request_id"] == "hdr-42"


def test_401_names_status_code_message_and_request_id_and_is_not_retried(transport, sleeps):
    transport.answer(
        answer_json(error_body("Unauthorized", "UNAUTHORIZED", "Invalid API key", request_id="req_401_x"), status=401)
    )

    with pytest.raises(RegistrarError) as info:
        status_sync(make_client(), 20629)

    text = str(info.value)
    for part in ("HostUp", "status-sync", "HTTP 401", "UNAUTHORIZED", "Invalid API key", "req_401_x"):
        assert part in text
    assert "\n" not in text
    assert len(transport) == 1
    assert sleeps.waits == []
    assert info.value.as_dict()["maybe_executed"] is False


def test_422_lists_the_field_errors(transport):
    details = [
        {"field": "domainIds", "message": "must be an array of strings", "code": "INVALID_TYPE"},
        {"field": "id", "message": "must be at least 1", "code": "MINIMUM"},
    ]
    transport.answer(
        answer_json(
            error_body("Unprocessable Entity", "VALIDATION_ERROR", "Invalid input", details=details), status=422
        )
    )

    with pytest.raises(RegistrarError) as info:
        status_sync(make_client(), 20629)

    text = str(info.value)
    assert "HTTP 422" in text and "VALIDATION_ERROR" in text
    assert "domainIds: must be an array of strings" in text
    assert "id: must be at least 1" in text
    assert info.value.details == details


def test_success_false_on_http_200_is_a_failure(transport):
    transport.answer(
        answer_json({"success": False, "message": "Domain is locked", "code": "CONFLICT", "requestId": "r9"})
    )

    with pytest.raises(RegistrarError) as info:
        status_sync(make_client(), 20629)

    assert "Domain is locked" in str(info.value)
    assert "HTTP 200" in str(info.value)
    assert "r9" in str(info.value)


def test_the_documented_504_is_retried_because_a_sync_is_safe_to_repeat(transport, sleeps):
    transport.answer(
        answer_json(error_body("Gateway Timeout", "GATEWAY_TIMEOUT", "Registrar did not answer"), status=504),
        answer_json(sync_body()),
    )

    assert status_sync(make_client(), 20629)["status"] == "Active"
    assert len(transport) == 2
    assert len(sleeps.waits) == 1


def test_a_504_after_all_retries_reports_the_panel_message(transport):
    transport.answer(
        *[answer_json(error_body("Gateway Timeout", "GATEWAY_TIMEOUT", "Registrar did not answer"), status=504)] * 3
    )

    with pytest.raises(RegistrarError) as info:
        status_sync(make_client(retries=2), 20629)

    assert "HTTP 504" in str(info.value) and "Registrar did not answer" in str(info.value)
    assert len(transport) == 3


def test_an_answer_without_data_is_an_error(transport):
    transport.answer(answer_json({"success": True, "requestId": "r1"}))

    with pytest.raises(RegistrarError) as info:
        status_sync(make_client(), 20629)

    assert "no 'data' object" in str(info.value)


def test_an_html_login_page_is_an_error_not_a_crash(transport):
    transport.answer(answer_raw("<html><body>Please log in</body></html>", content_type="text/html"))

    with pytest.raises(RegistrarError) as info:
        status_sync(make_client(), 20629)

    assert "not valid JSON" in str(info.value)


# Many domains -----------------------------------------------------------------------------------


def ok_router(sent):
    domain_id = id_of(sent)
    return answer_json(sync_body(domain_id, request_id="req_%d" % domain_id, statusChanged=domain_id % 2 == 0))


def test_sync_many_syncs_each_distinct_id_once_in_the_given_order(transport):
    transport.route(ok_router)

    results, summary = sync_many(make_client(), [5, 3, 5, 8, 3, 1], concurrency=4, fail_on_sync_error=True)

    assert sorted(id_of(sent) for sent in transport.sent) == [1, 3, 5, 8]
    assert [result["domain_id"] for result in results] == [5, 3, 8, 1]
    assert [result["request_id"] for result in results] == ["req_5", "req_3", "req_8", "req_1"]
    assert all(result["failed"] is False for result in results)
    assert summary == {"total": 4, "changed": 1, "unchanged": 3, "failed": 0}


def test_sync_many_counts_failures_and_tries_every_domain(transport):
    def router(sent):
        domain_id = id_of(sent)
        if domain_id == 2:
            return answer_json(error_body("Not Found", "NOT_FOUND", "Domain not found"), status=404)
        if domain_id == 3:
            return answer_json(sync_body(3, syncSuccess=False, statusChanged=False, error=["registry lookup failed"]))
        return answer_json(sync_body(domain_id, statusChanged=domain_id == 4))

    transport.route(router)

    results, summary = sync_many(make_client(), [1, 2, 3, 4], concurrency=2, fail_on_sync_error=True)

    by_id = {result["domain_id"]: result for result in results}
    assert by_id[2]["failed"] is True and "HTTP 404" in by_id[2]["msg"] and by_id[2]["error"]["code"] == "NOT_FOUND"
    assert by_id[3]["failed"] is True and "registry lookup failed" in by_id[3]["msg"]
    assert by_id[1]["failed"] is False and by_id[4]["failed"] is False
    assert summary == {"total": 4, "changed": 1, "unchanged": 1, "failed": 2}
    assert len(transport) == 4


def test_sync_success_false_counts_as_failed_even_when_it_does_not_fail_the_task(transport):
    transport.route(lambda sent: answer_json(sync_body(id_of(sent), syncSuccess=False, statusChanged=False)))

    results, summary = sync_many(make_client(), [1, 2], concurrency=2, fail_on_sync_error=False)

    assert [result["failed"] for result in results] == [False, False]
    assert summary == {"total": 2, "changed": 0, "unchanged": 0, "failed": 2}


@pytest.mark.parametrize("concurrency", [1, 3, 8])
def test_sync_many_never_has_more_than_concurrency_requests_in_flight(transport, concurrency):
    transport.route(ok_router)
    # Each request stays open until `concurrency + 1` are in flight (which must never happen) or 50 ms pass.
    transport.hold = (concurrency + 1, 0.05)

    ids = list(range(1, 2 * concurrency + 3))

    results, _summary = sync_many(make_client(), ids, concurrency=concurrency, fail_on_sync_error=True)

    assert len(results) == len(ids)
    assert transport.max_in_flight == concurrency


def test_sync_many_with_one_id_sends_one_request(transport):
    transport.route(ok_router)

    results, summary = sync_many(make_client(), [7, 7, 7], concurrency=4, fail_on_sync_error=True)

    assert len(transport) == 1
    assert summary["total"] == 1 and len(results) == 1


def test_a_429_during_a_batch_halves_the_parallelism_and_honours_retry_after(transport, sleeps, monkeypatch):
    throttles = []

    class Spy(AdaptiveConcurrency):
        def throttled(self, response=None):
            super().throttled(response)
            throttles.append(self.limit)

    monkeypatch.setattr(_hostup, "AdaptiveConcurrency", Spy)
    first_of_three = threading.Event()

    def router(sent):
        if id_of(sent) == 3 and not first_of_three.is_set():
            first_of_three.set()
            return answer_json(
                error_body("Too Many Requests", "RATE_LIMITED", "slow down"), status=429, headers={"Retry-After": "2"}
            )
        return ok_router(sent)

    transport.route(router)

    results, summary = sync_many(make_client(), [1, 2, 3, 4, 5, 6], concurrency=4, fail_on_sync_error=True)

    assert throttles == [2]
    assert 2.0 in sleeps.waits
    assert summary["failed"] == 0 and len(results) == 6
    assert len(transport) == 7


def test_adaptive_concurrency_halves_on_throttle_and_grows_back_after_successes():
    gate = AdaptiveConcurrency(8)

    gate.throttled()
    assert gate.limit == 4
    gate.throttled()
    gate.throttled()
    gate.throttled()
    assert gate.limit == 1  # never below one

    for expected in (2, 3, 4):
        for _step in range(2 * (expected - 1)):
            gate.acquire()
            gate.release(succeeded=True)
        assert gate.limit == expected

    for _step in range(100):
        gate.acquire()
        gate.release(succeeded=True)
    assert gate.limit == 8  # never above the configured maximum


def test_adaptive_concurrency_failures_do_not_grow_the_limit():
    gate = AdaptiveConcurrency(4)
    gate.throttled()

    for _step in range(20):
        gate.acquire()
        gate.release(succeeded=False)

    assert gate.limit == 2


def test_adaptive_concurrency_blocks_beyond_the_limit_until_a_release():
    gate = AdaptiveConcurrency(2)
    gate.acquire()
    gate.acquire()
    entered = threading.Event()

    def third():
        gate.acquire()
        entered.set()
        gate.release(True)

    worker = threading.Thread(target=third)
    worker.start()
    assert not entered.wait(0.05)
    gate.release(True)
    assert entered.wait(2)
    worker.join(2)
    gate.release(True)
