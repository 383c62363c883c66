# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""HostUp API v2: the vendor-shaped answers of tests/fixtures/hostup replayed through the reader,
the exact requests, cursor paging and problem details."""

from __future__ import annotations

import json
import os

import pytest

from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._hostup import v2
from ansible_collections.domainops.registrar.plugins.module_utils._http import ClientSettings, HttpClient
from ansible_collections.domainops.registrar.plugins.module_utils._redact import Redactor
from ansible_collections.domainops.registrar.tests.unit.plugins.fakes import answer_json, answer_raw, serialised

KEY = "hk_live_7f3a9c0d2e"
URL = "https://cloud.hostup.se/api"
FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "fixtures", "hostup")


def fixture(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as handle:
        return json.load(handle)


def problem_answer(name, headers=None):
    body = fixture(name)
    all_headers = {"Content-Type": "application/problem+json"}
    all_headers.update(headers or {})
    return answer_raw(json.dumps(body), status=body["status"], content_type=None, headers=all_headers)


def make_client(retries=3):
    return HttpClient(
        v2.api({"hostup_api_key": KEY, "hostup_api_url": URL}), ClientSettings(retries=retries), Redactor()
    )


# Status sync --------------------------------------------------------------------------------------


def test_status_sync_sends_an_empty_post_with_bearer_auth(transport):
    transport.answer(answer_json(fixture("v2_status_sync.json")))

    v2.status_sync(make_client(), "dom_01hxa3b4c5d6e7f8g9h0j1k2a1")

    (sent,) = transport.sent
    assert sent.method == "POST"
    assert sent.url == URL + "/v2/domains/dom_01hxa3b4c5d6e7f8g9h0j1k2a1/actions/status-sync"
    assert sent.header("Authorization") == "Bearer " + KEY
    assert sent.header("X-API-Key") is None
    assert sent.body == b""


def test_status_sync_reads_the_documented_answer(transport):
    transport.answer(answer_json(fixture("v2_status_sync.json"), headers={"X-Request-Id": "req_hdr_1"}))

    result = v2.status_sync(make_client(), "dom_01hxa3b4c5d6e7f8g9h0j1k2a1")

    assert result == {
        "id": "dom_01hxa3b4c5d6e7f8g9h0j1k2a1",
        "name": "example.se",
        "previous_status": "pending",
        "status": "active",
        "request_id": "req_hdr_1",
        "status_changed": True,
        "status_changed_to_active": True,
        "sync_success": True,
        "info": None,
        "sync_errors": [],
        "revert": {"attempted": False, "succeeded": False, "error": None},
        "double_sync": {"attempted": False, "succeeded": False, "error": None},
    }


def test_a_v2_answer_without_request_id_reports_none_rather_than_inventing_one(transport):
    transport.answer(answer_json(fixture("v2_status_sync.json")))

    assert v2.status_sync(make_client(), "dom_01hxa3b4c5d6e7f8g9h0j1k2a1")["request_id"] is None


def test_a_failed_v2_sync_keeps_its_error_text(transport):
    body = dict(fixture("v2_status_sync.json"), syncSuccess=False, statusChanged=False, error="registry timeout")
    transport.answer(answer_json(body))

    result = v2.status_sync(make_client(), "dom_01hxa3b4c5d6e7f8g9h0j1k2a1")

    assert result["sync_success"] is False
    assert result["sync_errors"] == ["registry timeout"]


def test_statuses_are_reported_in_lower_case(transport):
    body = dict(fixture("v2_status_sync.json"), previousStatus="Expired", newStatus="Active")
    transport.answer(answer_json(body))

    result = v2.status_sync(make_client(), "dom_01hxa3b4c5d6e7f8g9h0j1k2a1")

    assert (result["previous_status"], result["status"]) == ("expired", "active")


# Problem details ----------------------------------------------------------------------------------


def test_a_problem_reads_into_one_line_with_status_code_detail_and_request_id(transport):
    transport.answer(problem_answer("v2_problem_404.json"))

    with pytest.raises(RegistrarError) as caught:
        v2.status_sync(make_client(), "dom_01hxa3b4c5d6e7f8g9h0j1k2zz")

    error = caught.value
    assert error.one_line() == (
        "HostUp v2-status-sync failed: HTTP 404, code not_found: "
        "Domain dom_01hxa3b4c5d6e7f8g9h0j1k2zz was not found. (request id req_01hxa3b4c5d6e7f8g9h0j1k2n4)"
    )
    assert error.maybe_executed is False
    assert len(transport) == 1


def test_problem_field_errors_are_named(transport):
    body = dict(fixture("v2_problem_404.json"), status=422, code="validation_error", detail="Invalid request.")
    body["errors"] = [{"pointer": "/limit", "detail": "must be at most 1000", "code": "too_big"}]
    transport.answer(answer_raw(json.dumps(body), status=422, content_type="application/problem+json"))

    with pytest.raises(RegistrarError) as caught:
        list(v2.list_domains(make_client()))

    assert "Invalid request. (/limit: must be at most 1000)" in caught.value.one_line()
    assert caught.value.details == body["errors"]


def test_a_429_is_retried_after_retry_after_then_succeeds(transport, sleeps):
    transport.answer(problem_answer("v2_problem_429.json", headers={"Retry-After": "3"}))
    transport.answer(answer_json(fixture("v2_status_sync.json")))

    result = v2.status_sync(make_client(), "dom_01hxa3b4c5d6e7f8g9h0j1k2a1")

    assert result["sync_success"] is True
    assert sleeps.waits == [3.0]
    assert len(transport) == 2


def test_a_429_after_every_retry_names_rate_limited_and_the_request_id(transport, sleeps):
    for _attempt in range(3):
        transport.answer(problem_answer("v2_problem_429.json", headers={"Retry-After": "1"}))

    with pytest.raises(RegistrarError) as caught:
        v2.status_sync(make_client(retries=2), "dom_01hxa3b4c5d6e7f8g9h0j1k2a1")

    line = caught.value.one_line()
    assert line.startswith("HostUp v2-status-sync failed: HTTP 429, code rate_limited: Rate limit exceeded")
    assert "retries exhausted" in line and "req_01hxa3b4c5d6e7f8g9h0j1k2n5" in line
    assert len(transport) == 3


def test_the_key_never_shows_in_a_problem_that_echoes_it(transport):
    body = dict(fixture("v2_problem_404.json"), status=401, code="unauthorized", detail="Bad token Bearer " + KEY)
    transport.answer(answer_raw(json.dumps(body), status=401, content_type="application/problem+json"))

    with pytest.raises(RegistrarError) as caught:
        v2.status_sync(make_client(), "dom_01hxa3b4c5d6e7f8g9h0j1k2a1")

    assert KEY not in caught.value.one_line() and KEY not in serialised(caught.value.as_dict())


# Lookup and listing -------------------------------------------------------------------------------


def test_lookup_asks_for_the_exact_name_and_returns_the_item(transport):
    transport.answer(answer_json(fixture("v2_domains_by_name.json")))

    item = v2.lookup(make_client(), "example.se")

    (sent,) = transport.sent
    assert sent.method == "GET" and sent.path == "/api/v2/domains"
    assert sent.query == {"name": ["example.se"]}
    assert item["id"].startswith("dom_") and item["name"] == "example.se"


def test_lookup_of_an_unknown_name_is_none(transport):
    transport.answer(answer_json(fixture("v2_domains_by_name_none.json")))

    assert v2.lookup(make_client(), "nosuch.se") is None


def test_the_listing_follows_the_cursor_and_reads_each_page_once(transport):
    transport.answer(answer_json(fixture("v2_domains_page1.json")), answer_json(fixture("v2_domains_page2.json")))

    items = list(v2.list_domains(make_client()))

    first, second = transport.sent
    assert first.query == {"limit": ["1000"]}
    assert second.query == {"limit": ["1000"], "cursor": [fixture("v2_domains_page1.json")["nextCursor"]]}
    expected = fixture("v2_domains_page1.json")["data"] + fixture("v2_domains_page2.json")["data"]
    assert [item["id"] for item in items] == [item["id"] for item in expected]


def test_a_listing_that_repeats_a_cursor_stops_instead_of_looping(transport):
    page = fixture("v2_domains_page1.json")
    transport.route(lambda sent: answer_json(page))

    with pytest.raises(RegistrarError) as caught:
        list(v2.list_domains(make_client()))

    assert "same cursor twice" in caught.value.one_line()
    assert len(transport) == 2


def test_an_undocumented_service_status_counts_as_unknown():
    assert v2.service_status({"serviceStatus": "Expired"}) == "expired"
    assert v2.service_status({"serviceStatus": "redemption"}) == "unknown"
    assert v2.service_status({}) == "unknown"
