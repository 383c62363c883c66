# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""domain_status_sync as a playbook sees it: options, check mode, changed, failures."""

from __future__ import annotations

import re

import pytest

from ansible_collections.domainops.registrar.plugins.modules import domain_status_sync
from ansible_collections.domainops.registrar.tests.unit.plugins.fakes import answer_json, serialised

KEY = "hk_live_7f3a9c0d2e"


def sync_body(domain_id=20629, **data):
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
        "doubleSyncAttempted": False,
        "doubleSyncSucceeded": False,
        "doubleSyncError": "",
        "domain": {
            "id": str(domain_id),
            "name": "example.se",
            "status": "Active",
            "epp_code": "EPP-XYZ-%d" % domain_id,
        },
    }
    body.update(data)
    return {"success": True, "requestId": "req_%d" % domain_id, "data": body}


def id_of(sent):
    return int(re.search(r"/domains/(\d+)/status-sync$", sent.path).group(1))


def args(**extra):
    base = {"hostup_api_key": KEY}
    base.update(extra)
    return base


def assert_one_line(msg):
    assert msg and "\n" not in msg and "Traceback" not in msg


# Options, checked before any request -----------------------------------------------------------------


@pytest.mark.parametrize(
    "extra, option",
    [
        ({"domain_id": 0}, "domain_id"),
        ({"domain_id": -4}, "domain_id"),
        ({"domain_ids": [1, 0, 3]}, "domain_ids"),
        ({"domains": ["ok.se", "not a name"]}, "domains"),
        ({"domain": "dom_"}, "domain"),
        ({"all_domains": True, "service_status": ["gone"]}, "value of service_status"),
        ({"domain_id": 1, "service_status": ["expired"]}, "service_status"),
        ({"all_domains": False}, "all_domains"),
        ({"domain_ids": [1, 2], "concurrency": 0}, "concurrency"),
        ({"domain_ids": [1, 2], "concurrency": 33}, "concurrency"),
        ({"domain_id": 1, "retries": 11}, "retries"),
        ({"domain_id": 1, "timeout": 0}, "timeout"),
        ({"domain_id": 1, "hostup_api_key": "   "}, "hostup_api_key"),
        ({"domain_id": 1, "hostup_api_key": "hk_live\nX-Evil: 1"}, "hostup_api_key"),
        ({"domain_id": 1, "hostup_api_url": "https://cloud.hostup.se/api\t"}, "hostup_api_url"),
        ({"domain_id": 1, "hostup_api_url": "cloud.hostup.se/api"}, "hostup_api_url"),
    ],
)
def test_each_bad_option_fails_with_one_line_naming_it_before_any_request(run_module, transport, extra, option):
    run = run_module(domain_status_sync, args(**extra))

    assert run.failed
    assert_one_line(run.msg)
    assert run.msg.startswith(option)
    assert len(transport) == 0


@pytest.mark.parametrize(
    "targets",
    [
        {"domain_id": 1, "domain_ids": [2]},
        {"domain": "example.se", "domains": ["example.nu"]},
        {"domain_ids": [1], "all_domains": True},
        {"domain": "example.se", "domain_id": 1},
    ],
)
def test_the_targets_are_mutually_exclusive(run_module, transport, targets):
    run = run_module(domain_status_sync, args(**targets))

    assert run.failed
    assert "mutually exclusive" in run.msg and all(name in run.msg for name in targets)
    assert len(transport) == 0


def test_one_target_is_required(run_module, transport):
    run = run_module(domain_status_sync, args())

    assert run.failed
    assert "one of the following is required" in run.msg
    assert all(name in run.msg for name in ("domain_id", "domain_ids", "domain", "domains", "all_domains"))
    assert len(transport) == 0


@pytest.mark.parametrize("targets", [{"domain_ids": []}, {"domains": []}])
def test_an_empty_list_succeeds_without_a_request(run_module, transport, targets):
    run = run_module(domain_status_sync, args(**targets))

    assert not run.failed
    assert run.result["changed"] is False
    assert run.result["summary"] == {"total": 0, "changed": 0, "unchanged": 0, "failed": 0}
    assert len(transport) == 0


def test_a_missing_key_names_the_option_and_its_environment_variable(run_module, transport):
    run = run_module(domain_status_sync, {"domain_id": 1})

    assert run.failed
    assert run.msg == "hostup_api_key is required (or set HOSTUP_API_KEY)"
    assert len(transport) == 0


@pytest.mark.parametrize("option", ["api_key", "api_url"])
def test_the_0_1_option_names_are_gone(run_module, transport, option):
    run = run_module(domain_status_sync, args(domain_id=1, **{option: "https://cloud.hostup.se/api"}))

    assert run.failed
    assert "Unsupported parameters" in run.msg and option in run.msg
    assert len(transport) == 0


def test_an_empty_url_environment_variable_means_the_live_panel(run_module, transport, monkeypatch):
    # Credential stores (AWX) inject an empty variable for an empty field.
    monkeypatch.setenv("HOSTUP_API_URL", "")
    transport.answer(answer_json(sync_body(7)))

    run = run_module(domain_status_sync, args(domain_id=7))

    assert not run.failed, run.msg
    assert transport.sent[0].url == "https://cloud.hostup.se/api/domains/7/status-sync"


# Check mode ---------------------------------------------------------------------------------------


def test_check_mode_sends_nothing_for_one_domain(run_module, transport):
    run = run_module(domain_status_sync, args(domain_id=20629), check_mode=True)

    assert not run.failed
    assert run.result["changed"] is False
    assert "skipped" in run.msg
    assert len(transport) == 0


def test_check_mode_sends_nothing_for_many_domains(run_module, transport):
    run = run_module(domain_status_sync, args(domain_ids=[3, 1, 3]), check_mode=True)

    assert not run.failed
    assert run.result["changed"] is False
    assert "skipped" in run.msg
    assert [entry["domain_id"] for entry in run.result["results"]] == [3, 1]
    assert run.result["summary"] == {"total": 2, "changed": 0, "unchanged": 0, "failed": 0, "skipped": 2}
    assert len(transport) == 0


def test_diff_mode_shows_the_status_before_and_after(run_module, transport):
    transport.answer(answer_json(sync_body(20629)))

    run = run_module(domain_status_sync, args(domain_id=20629), diff=True)

    assert run.result["diff"] == {"before": {"20629": "Pending"}, "after": {"20629": "Active"}}


# One domain ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("status_changed", [True, False])
def test_changed_equals_status_changed(run_module, transport, status_changed):
    transport.answer(answer_json(sync_body(statusChanged=status_changed)))

    run = run_module(domain_status_sync, args(domain_id=20629))

    assert not run.failed
    assert run.result["changed"] is status_changed
    assert run.result["status_changed"] is status_changed
    for key in (
        "domain_id",
        "status_changed_to_active",
        "previous_status",
        "status",
        "sync_success",
        "request_id",
        "info",
        "sync_errors",
        "revert",
        "double_sync",
    ):
        assert key in run.result
    assert "domain" not in run.result
    assert "EPP-XYZ-20629" not in serialised(run.result)


def test_return_records_adds_the_record_without_the_epp_code(run_module, transport):
    transport.answer(answer_json(sync_body()))

    run = run_module(domain_status_sync, args(domain_id=20629, return_records=True))

    assert run.result["domain"] == {"id": "20629", "name": "example.se", "status": "Active"}
    assert "EPP-XYZ-20629" not in serialised(run.result)


def test_the_key_and_url_come_from_the_environment(run_module, transport, monkeypatch):
    monkeypatch.setenv("HOSTUP_API_KEY", "hk_env_key_123")
    monkeypatch.setenv("HOSTUP_API_URL", "https://panel.example.net/hostup-api")
    transport.answer(answer_json(sync_body(7)))

    run = run_module(domain_status_sync, {"domain_id": 7})

    assert not run.failed
    (sent,) = transport.sent
    assert sent.url == "https://panel.example.net/hostup-api/domains/7/status-sync"
    assert sent.header("X-API-Key") == "hk_env_key_123"


def test_the_default_url_is_the_hostup_api(run_module, transport):
    transport.answer(answer_json(sync_body(7)))

    run_module(domain_status_sync, args(domain_id=7))

    assert transport.sent[0].url == "https://cloud.hostup.se/api/domains/7/status-sync"


def test_sync_success_false_fails_the_task_by_default(run_module, transport):
    transport.answer(answer_json(sync_body(statusChanged=False, syncSuccess=False, error=["registrar unreachable"])))

    run = run_module(domain_status_sync, args(domain_id=20629))

    assert run.failed
    assert_one_line(run.msg)
    assert "syncSuccess false" in run.msg and "registrar unreachable" in run.msg and "req_20629" in run.msg
    assert run.result["changed"] is False


def test_sync_success_false_is_reported_without_failing_when_asked(run_module, transport):
    transport.answer(answer_json(sync_body(statusChanged=False, syncSuccess=False)))

    run = run_module(domain_status_sync, args(domain_id=20629, fail_on_sync_error=False))

    assert not run.failed
    assert run.result["sync_success"] is False
    assert run.result["changed"] is False


def test_a_refused_key_fails_with_the_panel_error_and_never_shows_the_key(run_module, transport):
    transport.answer(
        answer_json(
            {
                "error": "Unauthorized",
                "message": "API key %s revoked" % KEY,
                "code": "UNAUTHORIZED",
                "requestId": "r401",
            },
            status=401,
        )
    )

    run = run_module(domain_status_sync, args(domain_id=20629))

    assert run.failed
    assert_one_line(run.msg)
    assert "HTTP 401" in run.msg and "UNAUTHORIZED" in run.msg and "r401" in run.msg
    assert run.result["domain_id"] == 20629 and run.result["changed"] is False
    assert run.result["error"]["http_status"] == 401
    assert run.result["error"]["maybe_executed"] is False
    assert KEY not in serialised(run.result, run.warnings)


def test_plain_http_to_a_remote_panel_warns(run_module, transport):
    transport.answer(answer_json(sync_body(7)))

    run = run_module(domain_status_sync, args(domain_id=7, hostup_api_url="http://panel.example.net/api"))

    assert not run.failed
    assert any("plain http://" in warning for warning in run.warnings)
    assert KEY not in serialised(run.warnings)


# Many domains -----------------------------------------------------------------------------------


def test_domain_ids_returns_results_and_summary_and_changed_when_any_changed(run_module, transport):
    transport.route(lambda sent: answer_json(sync_body(id_of(sent), statusChanged=id_of(sent) == 2)))

    run = run_module(domain_status_sync, args(domain_ids=[1, 2, 2, 3], concurrency=2))

    assert not run.failed
    assert run.result["changed"] is True
    assert [result["domain_id"] for result in run.result["results"]] == [1, 2, 3]
    assert run.result["summary"] == {"total": 3, "changed": 1, "unchanged": 2, "failed": 0}
    assert len(transport) == 3
    assert "EPP-XYZ" not in serialised(run.result)


def test_domain_ids_unchanged_batch_is_not_changed(run_module, transport):
    transport.route(lambda sent: answer_json(sync_body(id_of(sent), statusChanged=False)))

    run = run_module(domain_status_sync, args(domain_ids=[1, 2]))

    assert not run.failed
    assert run.result["changed"] is False


def test_domain_ids_fails_after_trying_all_and_names_the_failed_ids(run_module, transport):
    def router(sent):
        domain_id = id_of(sent)
        if domain_id in (2, 4):
            return answer_json({"error": "Not Found", "message": "no such domain", "code": "NOT_FOUND"}, status=404)
        return answer_json(sync_body(domain_id))

    transport.route(router)

    run = run_module(domain_status_sync, args(domain_ids=[1, 2, 3, 4]))

    assert run.failed
    assert_one_line(run.msg)
    assert "2 of 4 domains failed" in run.msg
    assert "2 (" in run.msg and "4 (" in run.msg
    assert [result["domain_id"] for result in run.result["results"] if result["failed"]] == [2, 4]
    assert len(transport) == 4
    assert run.result["summary"] == {"total": 4, "changed": 2, "unchanged": 0, "failed": 2}
    assert run.result["changed"] is True
    assert KEY not in serialised(run.result, run.warnings)


def test_the_plain_http_warning_is_kept_when_a_single_sync_fails(run_module, transport):
    transport.answer(answer_json({"error": "Not Found", "message": "no such domain", "code": "NOT_FOUND"}, status=404))

    run = run_module(domain_status_sync, args(domain_id=7, hostup_api_url="http://panel.example.net/api"))

    assert run.failed
    assert any("plain http://" in warning for warning in run.warnings)


# Names and dom_ ids (API v2) ------------------------------------------------------------------------


def test_a_name_is_looked_up_and_synced_with_bearer_auth(run_module, transport):
    item = {"id": "dom_01hxa3b4c5d6e7f8g9h0j1k2a1", "name": "example.se", "serviceStatus": "expired"}
    transport.answer(answer_json({"data": [item], "hasMore": False, "nextCursor": None}))
    transport.answer(
        answer_json(
            {
                "id": item["id"],
                "name": "example.se",
                "previousStatus": "expired",
                "newStatus": "active",
                "statusChanged": True,
                "statusChangedToActive": True,
                "syncSuccess": True,
            }
        )
    )

    run = run_module(domain_status_sync, args(domain="Example.SE"))

    assert not run.failed, run.msg
    lookup, sync = transport.sent
    assert lookup.query == {"name": ["example.se"]}
    assert sync.path == "/api/v2/domains/%s/actions/status-sync" % item["id"]
    assert {sent.header("Authorization") for sent in transport.sent} == {"Bearer " + KEY}
    assert (run.result["id"], run.result["previous_status"], run.result["status"]) == (item["id"], "expired", "active")
    assert run.result["changed"] is True


def test_a_listing_failure_fails_the_task_on_one_line(run_module, transport):
    problem = {"status": 403, "code": "forbidden", "detail": "Missing scope read:domains", "requestId": "req_403"}
    transport.answer(answer_json(problem, status=403))

    run = run_module(domain_status_sync, args(all_domains=True))

    assert run.failed
    assert run.msg == "HostUp v2-list failed: HTTP 403, code forbidden: Missing scope read:domains (request id req_403)"
    assert KEY not in serialised(run.result)
