# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The status-sync flow: batches, name resolution, all_domains, summary, failure message, check and diff mode."""

from __future__ import annotations

import json
import re
import threading

import pytest

from ansible_collections.domainops.registrar.plugins.module_utils import _status_sync as flow
from ansible_collections.domainops.registrar.plugins.module_utils._common import InputError
from ansible_collections.domainops.registrar.plugins.module_utils._redact import Redactor
from ansible_collections.domainops.registrar.tests.unit.plugins.fakes import answer_json, serialised

KEY = "hk_live_7f3a9c0d2e"


def params(**given):
    spec = flow.argument_spec()
    values = {name: option.get("default") for name, option in spec.items()}
    values.update(hostup_api_key=KEY, hostup_api_url="https://cloud.hostup.se/api")
    values.update(given)
    return values


def run(check_mode=False, diff=False, **given):
    values = params(**given)
    plan = flow.check_input(values)
    client = flow.create_client(values, plan, Redactor())
    return flow.run(client, plan, check_mode=check_mode, diff=diff)


# Legacy answers (panel ids) -----------------------------------------------------------------------


def legacy_body(domain_id, changed=True, success=True, errors=()):
    return {
        "success": True,
        "requestId": "req_%d" % domain_id,
        "data": {
            "syncSuccess": success,
            "previousStatus": "Pending",
            "newStatus": "Active" if changed else "Pending",
            "statusChanged": changed and success,
            "statusChangedToActive": changed and success,
            "info": "Domain status synchronized",
            "error": list(errors),
            "domain": {"id": str(domain_id), "name": "d%d.se" % domain_id, "epp_code": "EPP-SECRET-%d" % domain_id},
        },
    }


def panel_id(sent):
    return int(re.search(r"/domains/(\d+)/status-sync$", sent.path).group(1))


def legacy_router(sent):
    domain_id = panel_id(sent)
    return answer_json(legacy_body(domain_id, changed=domain_id % 2 == 0))


def test_each_distinct_id_is_synced_once_in_the_given_order(transport):
    transport.route(legacy_router)

    outcome = run(domain_ids=[5, 3, 5, 8, 3, 1])

    assert sorted(panel_id(sent) for sent in transport.sent) == [1, 3, 5, 8]
    results = outcome.result["results"]
    assert [result["domain_id"] for result in results] == [5, 3, 8, 1]
    assert [result["name"] for result in results] == ["d5.se", "d3.se", "d8.se", "d1.se"]
    assert outcome.result["summary"] == {"total": 4, "changed": 1, "unchanged": 3, "failed": 0}
    assert outcome.result["changed"] is True and outcome.failed is False


def test_results_carry_no_record_unless_asked(transport):
    transport.route(legacy_router)

    plain = run(domain_ids=[1, 2])
    with_records = run(domain_ids=[1, 2], return_records=True)

    assert all("domain" not in result for result in plain.result["results"])
    assert [result["domain"]["name"] for result in with_records.result["results"]] == ["d1.se", "d2.se"]
    assert "EPP-SECRET" not in serialised(with_records.result)


def test_failures_are_counted_after_every_domain_was_tried(transport):
    def router(sent):
        domain_id = panel_id(sent)
        if domain_id == 2:
            return answer_json({"error": "Not Found", "message": "Domain not found", "code": "NOT_FOUND"}, status=404)
        if domain_id == 3:
            return answer_json(legacy_body(3, success=False, errors=["registry lookup failed"]))
        return answer_json(legacy_body(domain_id, changed=domain_id == 4))

    transport.route(router)

    outcome = run(domain_ids=[1, 2, 3, 4], concurrency=2)

    by_id = {result["domain_id"]: result for result in outcome.result["results"]}
    assert by_id[2]["failed"] is True and "HTTP 404" in by_id[2]["msg"] and by_id[2]["error"]["code"] == "NOT_FOUND"
    assert by_id[3]["failed"] is True and "registry lookup failed" in by_id[3]["msg"]
    assert outcome.failed is True
    assert outcome.result["summary"] == {"total": 4, "changed": 1, "unchanged": 1, "failed": 2}
    assert outcome.result["msg"].startswith("2 of 4 domains failed to sync: 2 (HostUp status-sync failed: HTTP 404")
    assert len(transport) == 4


def test_a_failed_batch_drops_the_records_even_when_asked(transport):
    def router(sent):
        if panel_id(sent) == 2:
            return answer_json({"error": "Not Found", "message": "nope", "code": "NOT_FOUND"}, status=404)
        return legacy_router(sent)

    transport.route(router)

    outcome = run(domain_ids=[1, 2, 3], return_records=True)

    assert outcome.failed is True
    assert all("domain" not in result for result in outcome.result["results"])


def test_a_failure_message_names_at_most_twenty_domains_and_stays_short(transport):
    long_reason = "registry says no " * 100
    transport.route(lambda sent: answer_json(legacy_body(panel_id(sent), success=False, errors=[long_reason])))

    outcome = run(domain_ids=list(range(1, 2001)), concurrency=8)

    message = outcome.result["msg"]
    assert message.startswith("2000 of 2000 domains failed to sync: 1 (")
    assert message.endswith(" and 1980 more")
    assert message.count("reported syncSuccess false") == 20
    assert len(message) < 10 * 1024
    assert "\n" not in message


def test_sync_success_false_counts_as_failed_even_when_it_does_not_fail_the_task(transport):
    transport.route(lambda sent: answer_json(legacy_body(panel_id(sent), success=False)))

    outcome = run(domain_ids=[1, 2], fail_on_sync_error=False)

    assert [result["failed"] for result in outcome.result["results"]] == [False, False]
    assert outcome.result["summary"] == {"total": 2, "changed": 0, "unchanged": 0, "failed": 2}
    assert outcome.failed is False


@pytest.mark.parametrize("concurrency", [1, 3, 8])
def test_never_more_than_concurrency_requests_in_flight(transport, concurrency):
    transport.route(legacy_router)
    # Each request stays open until `concurrency + 1` are in flight (which must never happen) or 50 ms pass.
    transport.hold = (concurrency + 1, 0.05)

    outcome = run(domain_ids=list(range(1, 2 * concurrency + 3)), concurrency=concurrency)

    assert len(outcome.result["results"]) == 2 * concurrency + 2
    assert transport.max_in_flight == concurrency


def test_a_429_during_a_batch_halves_the_parallelism_and_honours_retry_after(transport, sleeps, monkeypatch):
    throttles = []

    class Spy(flow.AdaptiveConcurrency):
        def throttled(self, response=None):
            super().throttled(response)
            throttles.append(self.limit)

    monkeypatch.setattr(flow, "AdaptiveConcurrency", Spy)
    first_of_three = threading.Event()

    def router(sent):
        if panel_id(sent) == 3 and not first_of_three.is_set():
            first_of_three.set()
            return answer_json({"error": "Too Many Requests", "code": "RATE_LIMITED"}, 429, {"Retry-After": "2"})
        return legacy_router(sent)

    transport.route(router)

    outcome = run(domain_ids=[1, 2, 3, 4, 5, 6], concurrency=4)

    assert throttles == [2]
    assert 2.0 in sleeps.waits
    assert outcome.result["summary"]["failed"] == 0
    assert len(transport) == 7


def test_empty_lists_send_nothing_and_succeed(transport):
    for given in ({"domain_ids": []}, {"domains": []}):
        outcome = run(**given)

        assert outcome.failed is False
        assert outcome.result == {
            "changed": False,
            "results": [],
            "summary": {"total": 0, "changed": 0, "unchanged": 0, "failed": 0},
        }
    assert len(transport) == 0


def test_check_mode_sends_nothing_and_counts_what_would_be_synced(transport):
    outcome = run(check_mode=True, domain_ids=[1, 2, 2, 3])

    assert len(transport) == 0
    assert outcome.result["changed"] is False
    assert outcome.result["summary"] == {"total": 3, "changed": 0, "unchanged": 0, "failed": 0, "skipped": 3}
    assert outcome.result["results"] == [{"domain_id": 1}, {"domain_id": 2}, {"domain_id": 3}]
    assert "skipped" in outcome.result["msg"] and "nothing was sent" in outcome.result["msg"]


def test_diff_mode_shows_before_and_after_of_each_changed_domain(transport):
    transport.route(legacy_router)

    outcome = run(diff=True, domain_ids=[1, 2, 4])

    assert outcome.result["diff"] == {
        "before": {"2": "Pending", "4": "Pending"},
        "after": {"2": "Active", "4": "Active"},
    }


# API v2 (names, dom_ ids, all_domains) ------------------------------------------------------------

ACCOUNT = [
    {"id": "dom_%04d" % index, "name": "site%d.se" % index, "serviceStatus": status}
    for index, status in enumerate(["active", "expired", "pending", "expired", "suspended"] * 3)
]


def v2_router(page_size=4, statuses=None):
    """An account of ACCOUNT's 15 domains: cursor pages, name lookups, status syncs (changed when expired)."""
    by_id = {item["id"]: item for item in ACCOUNT}

    def route(sent):
        if sent.method == "GET":
            if "name" in sent.query:
                name = sent.query["name"][0]
                return answer_json(
                    {"data": [i for i in ACCOUNT if i["name"] == name], "hasMore": False, "nextCursor": None}
                )
            start = int(sent.query.get("cursor", ["c0"])[0][1:])
            page = ACCOUNT[start : start + page_size]
            more = start + page_size < len(ACCOUNT)
            return answer_json(
                {"data": page, "hasMore": more, "nextCursor": "c%d" % (start + page_size) if more else None}
            )
        dom = re.search(r"/v2/domains/([^/]+)/actions/status-sync$", sent.path).group(1)
        item = by_id.get(dom)
        if item is None:
            problem = {
                "status": 404,
                "code": "not_found",
                "detail": "Domain %s was not found." % dom,
                "requestId": "r1",
            }
            return answer_json(problem, status=404)
        changed = item["serviceStatus"] == "expired"
        return answer_json(
            {
                "id": dom,
                "name": item["name"],
                "previousStatus": item["serviceStatus"],
                "newStatus": "active" if changed else item["serviceStatus"],
                "statusChanged": changed,
                "statusChangedToActive": changed,
                "syncSuccess": True,
            }
        )

    return route


def syncs(transport):
    return [re.search(r"/v2/domains/([^/]+)/actions", s.path).group(1) for s in transport.sent if s.method == "POST"]


def test_names_are_looked_up_then_synced_by_their_dom_id(transport):
    transport.route(v2_router())

    outcome = run(domains=["site1.se", "SITE2.se", "dom_0003"])

    lookups = [sent.query["name"][0] for sent in transport.sent if sent.method == "GET"]
    assert sorted(lookups) == ["site1.se", "site2.se"]
    assert sorted(syncs(transport)) == ["dom_0001", "dom_0002", "dom_0003"]
    results = outcome.result["results"]
    assert [(r["id"], r["name"]) for r in results] == [
        ("dom_0001", "site1.se"),
        ("dom_0002", "site2.se"),
        ("dom_0003", "site3.se"),
    ]
    assert [r["status"] for r in results] == ["active", "pending", "active"]
    assert outcome.result["summary"] == {"total": 3, "changed": 2, "unchanged": 1, "failed": 0}


def test_an_idn_is_looked_up_as_punycode(transport):
    transport.route(v2_router())

    run(domains=["räksmörgås.se"])

    assert transport.sent[0].query["name"] == ["xn--rksmrgs-5wao1o.se"]


def test_an_unknown_name_fails_that_domain_only_and_costs_no_sync(transport):
    transport.route(v2_router())

    outcome = run(domains=["site1.se", "nosuch.se", "site4.se"])

    assert sorted(syncs(transport)) == ["dom_0001", "dom_0004"]
    unknown = outcome.result["results"][1]
    assert unknown["name"] == "nosuch.se" and unknown["failed"] is True
    assert "no domain named nosuch.se" in unknown["msg"]
    assert outcome.failed is True
    assert outcome.result["msg"].startswith("1 of 3 domains failed to sync: nosuch.se (HostUp v2-lookup failed")
    assert outcome.result["summary"] == {"total": 3, "changed": 1, "unchanged": 1, "failed": 1}


def test_a_name_and_its_dom_id_are_one_domain(transport):
    transport.route(v2_router())

    outcome = run(domains=["site1.se", "dom_0001", "site1.se"])

    assert syncs(transport) == ["dom_0001"]
    assert outcome.result["summary"]["total"] == 1


def test_many_names_are_resolved_from_one_listing_pass_that_stops_when_all_are_found(transport, monkeypatch):
    monkeypatch.setattr(flow, "NAMES_PER_WORKER", 0)
    transport.route(v2_router(page_size=4))

    outcome = run(domains=["site0.se", "site5.se", "site6.se"])

    gets = [sent for sent in transport.sent if sent.method == "GET"]
    assert all("name" not in sent.query for sent in gets)
    assert len(gets) == 2  # site6 is on the second page of four; the listing stops there
    assert sorted(syncs(transport)) == ["dom_0000", "dom_0005", "dom_0006"]
    assert outcome.failed is False


def test_all_domains_reads_every_page_once_and_keeps_the_asked_statuses(transport):
    transport.route(v2_router(page_size=4))

    outcome = run(all_domains=True, service_status=["expired", "suspended"])

    cursors = [sent.query.get("cursor", [None])[0] for sent in transport.sent if sent.method == "GET"]
    assert cursors == [None, "c4", "c8", "c12"]
    expected = [item["id"] for item in ACCOUNT if item["serviceStatus"] in ("expired", "suspended")]
    assert sorted(syncs(transport)) == sorted(expected)
    assert [result["id"] for result in outcome.result["results"]] == expected
    assert outcome.result["summary"] == {"total": 9, "changed": 6, "unchanged": 3, "failed": 0}


def test_all_domains_in_check_mode_lists_but_sends_no_sync(transport):
    transport.route(v2_router(page_size=100))

    outcome = run(check_mode=True, all_domains=True, service_status=["expired"])

    assert syncs(transport) == []
    assert outcome.result["summary"] == {"total": 6, "changed": 0, "unchanged": 0, "failed": 0, "skipped": 6}
    assert outcome.result["results"][0] == {"id": "dom_0001", "name": "site1.se"}


def test_check_mode_with_an_unknown_name_fails_as_the_real_run_would(transport):
    transport.route(v2_router())

    outcome = run(check_mode=True, domains=["site1.se", "nosuch.se"])

    assert syncs(transport) == []
    assert outcome.failed is True
    summary = outcome.result["summary"]
    assert summary == {"total": 2, "changed": 0, "unchanged": 0, "failed": 1, "skipped": 1}
    assert outcome.result["msg"].startswith("Check mode: status sync of 1 domains skipped")


def test_one_name_returns_a_flat_result(transport):
    transport.route(v2_router())

    outcome = run(domain="site1.se", diff=True)

    assert outcome.failed is False
    assert outcome.result["changed"] is True
    assert (outcome.result["id"], outcome.result["name"], outcome.result["status"]) == (
        "dom_0001",
        "site1.se",
        "active",
    )
    assert outcome.result["diff"] == {
        "before": {"site1.se (dom_0001)": "expired"},
        "after": {"site1.se (dom_0001)": "active"},
    }


def test_one_unknown_name_fails_naming_it_without_a_sync(transport):
    transport.route(v2_router())

    outcome = run(domain="nosuch.se")

    assert outcome.failed is True and syncs(transport) == []
    assert outcome.result["msg"] == "HostUp v2-lookup failed: no domain named nosuch.se in this account"


# Input rules ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given, text",
    [
        ({"all_domains": False}, "all_domains: false selects no domain"),
        ({"domain_id": 1, "service_status": ["expired"]}, "service_status narrows all_domains"),
        ({"domains": ["ok.se", "bad name.se"]}, "domains must not contain spaces"),
        ({"domain": "dom_bad id"}, "domain must hold domain names or v2 ids"),
        ({"domain": "localhost"}, "domain must have at least two labels"),
        ({"domain_ids": [3, 0]}, "domain_ids must hold integers >= 1, got 0"),
    ],
)
def test_bad_targets_are_refused_naming_the_option(given, text):
    with pytest.raises(InputError) as caught:
        flow.check_input(params(**given))

    assert text in str(caught.value)


def test_results_are_json_serialisable(transport):
    transport.route(v2_router())

    json.dumps(run(domains=["site1.se", "nosuch.se"]).result)
