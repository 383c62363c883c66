# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""HostUp legacy status sync (panel ids): the exact request, the compact result and errors."""

from __future__ import annotations

import re

import pytest

from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._hostup.legacy import api, status_sync
from ansible_collections.domainops.registrar.plugins.module_utils._http import ClientSettings, HttpClient
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
    return HttpClient(api({"hostup_api_key": KEY, "hostup_api_url": URL}), settings, redactor or Redactor())


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
        "name": "example20629.se",
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
    }


def test_the_panel_record_is_returned_only_when_asked(transport):
    transport.answer(answer_json(sync_body()), answer_json(sync_body()))

    assert "domain" not in status_sync(make_client(), 20629)
    assert status_sync(make_client(), 20629, return_record=True)["domain"] == {
        "id": "20629",
        "name": "example20629.se",
        "status": "Active",
        "expires": "2027-03-01",
        "nameservers": ["ns1.hostup.se", "ns2.hostup.se"],
        "autorenew": "1",
        "reglock": "0",
    }


def test_the_epp_code_is_nowhere_in_the_result(transport):
    transport.answer(answer_json(sync_body()))

    result = status_sync(make_client(), 20629, return_record=True)

    assert "epp_code" not in result["domain"]
    assert "EPP-SECRET-20629" not in serialised(result)


def test_an_epp_code_echoed_in_the_panel_texts_is_masked(transport):
    transport.answer(
        answer_json(sync_body(info="Transfer code EPP-SECRET-20629 refreshed", error=["code EPP-SECRET-20629 reset"]))
    )

    result = status_sync(make_client(), 20629, return_record=True)

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
