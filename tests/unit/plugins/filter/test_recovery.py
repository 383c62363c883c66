# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The domain_recovery role's decisions: input rules, the discovery plan, outcomes and the summary."""

from __future__ import annotations

import pytest

from ansible_collections.domainops.registrar.plugins.filter import recovery
from ansible_collections.domainops.registrar.plugins.filter.recovery import (
    FilterModule,
    recovery_input,
    recovery_outcomes,
    recovery_plan,
    recovery_summary,
    recovery_sync_ids,
)


def errors_of(**settings):
    return recovery_input(settings)["errors"]


# --- input: named domains --------------------------------------------------------------------------


def test_survey_strings_become_numbers_and_defaults_fill_in():
    result = recovery_input(
        {
            "domain": " restore-me.com ",
            "provider": "logicboxes",
            "order_id": "12121212",
            "hostup_domain_id": "20629",
            "invoice_option": "NoInvoice",
        }
    )
    assert result["errors"] == []
    assert result["mode"] == "list"
    (entry,) = result["entries"]
    assert entry["name"] == "restore-me.com"
    assert entry["order_id"] == 12121212
    assert entry["hostup_domain_id"] == 20629
    assert entry["invoice_option"] == "NoInvoice"
    assert entry["restore_action"] is None and entry["transport"] is None


def test_autodns_entries_take_the_role_wide_action_and_transport():
    result = recovery_input(
        {
            "domains": [{"name": "bücher.de", "provider": "AutoDNS"}, {"name": "b.de", "provider": "autodns"}],
            "restore_action": "RESTORE_RENEW",
            "transport": "xml",
        }
    )
    assert result["errors"] == []
    first, second = result["entries"]
    assert first["ascii_name"] == "xn--bcher-kva.de"
    assert first["name"] == "bücher.de"
    assert first["provider"] == "autodns"
    assert (second["restore_action"], second["transport"], second["invoice_option"]) == ("RESTORE_RENEW", "xml", None)


def test_logicboxes_without_invoice_option_is_refused_naming_the_fix():
    (message,) = errors_of(domain="restore-me.com", provider="logicboxes")
    assert message.startswith("domain_recovery_domain (restore-me.com): invoice_option is required with provider")
    assert "set domain_recovery_invoice_option" in message
    (message,) = errors_of(domains=[{"name": "a.com", "provider": "resellerclub"}])
    assert "set it on the entry or in domain_recovery_invoice_option" in message


def test_the_same_domain_twice_is_refused_also_as_unicode_and_punycode():
    (message,) = errors_of(
        domains=[{"name": "bücher.de", "provider": "autodns"}, {"name": "XN--BCHER-KVA.de", "provider": "autodns"}]
    )
    assert (
        message
        == "domain_recovery_domains[1] (XN--BCHER-KVA.de): listed more than once (as domain_recovery_domains[0])"
    )


@pytest.mark.parametrize(
    "entry, expected",
    [
        ({"name": "", "provider": "autodns"}, "domain_recovery_domains[0]: name must not be empty"),
        ({"name": "bad name.de", "provider": "autodns"}, "(bad name.de): name must not contain spaces"),
        (
            {"name": "a.de", "provider": "gandi"},
            "provider must be one of logicboxes, resellerclub, autodns, got 'gandi'",
        ),
        ({"name": "a.de"}, "domain_recovery_domains[0] (a.de): provider is required"),
        ({"name": "a.de", "provider": "autodns", "order_id": 5}, "order_id is only for logicboxes and resellerclub"),
        (
            {"name": "a.de", "provider": "autodns", "invoice_option": "NoInvoice"},
            "invoice_option is only for logicboxes",
        ),
        (
            {"name": "a.com", "provider": "logicboxes", "invoice_option": "NoInvoice", "transport": "xml"},
            "only for autodns",
        ),
        (
            {"name": "a.com", "provider": "logicboxes", "invoice_option": "Free"},
            "invoice_option must be one of NoInvoice",
        ),
        (
            {"name": "a.com", "provider": "logicboxes", "invoice_option": "NoInvoice", "order_id": "0"},
            "order_id must be >= 1, got 0",
        ),
        (
            {"name": "a.de", "provider": "autodns", "hostup_domain_id": "abc"},
            "hostup_domain_id must be a whole number, got 'abc'",
        ),
        (
            {"name": "a.de", "provider": "autodns", "hostup_domain_id": True},
            "hostup_domain_id must be a number, got a boolean",
        ),
        ({"name": "a.de", "provider": "autodns", "colour": "red"}, "unsupported key(s) colour"),
    ],
)
def test_bad_entries_are_named_with_their_rule(entry, expected):
    messages = errors_of(domains=[entry])
    assert any(expected in message for message in messages), messages


def test_nothing_given_says_what_to_set():
    (message,) = errors_of()
    assert message.startswith("no domains given: set domain_recovery_discover")


def test_single_domain_without_provider_names_the_variable():
    assert errors_of(domain="a.de", provider="") == [
        "domain_recovery_provider is required with domain_recovery_domain (logicboxes, resellerclub, autodns)"
    ]


def test_sync_concurrency_range_and_choices_come_from_the_module():
    assert "domain_recovery_sync_concurrency must be between 1 and 32, got 40" in errors_of(
        domain="a.de", provider="autodns", sync_concurrency="40"
    )
    assert recovery.RESTORE_ACTIONS == ("RESTORE", "RESTORE_RENEW", "RESTORE_ARGP", "RESTORE_NE")
    assert set(recovery.INVOICE_OPTIONS) == {"NoInvoice", "PayInvoice", "KeepInvoice"}


# --- input: discovery -------------------------------------------------------------------------------


def test_discovery_sources_with_costs_per_registrar():
    result = recovery_input(
        {
            "discover": [
                {"provider": "logicboxes", "pattern": " *.com ", "invoice_option": "KeepInvoice"},
                {"provider": "autodns", "limit": "50"},
            ],
            "restore_action": "RESTORE_RENEW",
            "confirm": "yes",
            "max": "3",
        }
    )
    assert result["errors"] == []
    assert result["mode"] == "discover"
    assert result["entries"] == []
    assert result["confirmed"] is True and result["max"] == 3
    lb, ad = result["sources"]
    assert (lb["pattern"], lb["limit"], lb["invoice_option"]) == ("*.com", 1000, "KeepInvoice")
    assert (
        recovery_input({"discover": [{"provider": "autodns", "pattern": "Shop-*"}]})["sources"][0]["pattern"]
        == "shop-*"
    )
    assert (ad["pattern"], ad["limit"], ad["restore_action"], ad["transport"]) == (None, 50, "RESTORE_RENEW", "json")


@pytest.mark.parametrize(
    "answer, confirmed",
    [
        ("yes", True),
        ("true", True),
        ("on", True),
        (True, True),
        ("no", False),
        ("false", False),
        ("", False),
        (None, False),
    ],
)
def test_confirmation_is_read_like_a_bool_option(answer, confirmed):
    result = recovery_input({"discover_providers": ["autodns"], "confirm": answer, "max": 1})
    assert result["errors"] == []
    assert result["confirmed"] is confirmed


def test_an_unclear_confirmation_is_refused():
    assert errors_of(discover_providers=["autodns"], confirm="maybe", max=1) == [
        "domain_recovery_confirm must be yes or no (true/false), got 'maybe'"
    ]


def test_confirming_needs_a_max():
    (message,) = errors_of(discover_providers="autodns", confirm="yes")
    assert message.startswith("domain_recovery_max is required with domain_recovery_confirm")
    assert "domain_recovery_max must be >= 1, got 0" in errors_of(discover_providers="autodns", confirm="yes", max=0)


def test_survey_providers_as_a_list_or_one_string_share_the_pattern():
    for providers in (["logicboxes", "autodns"], "logicboxes\nautodns", "logicboxes,autodns"):
        result = recovery_input({"discover_providers": providers, "pattern": "shop-*", "invoice_option": "NoInvoice"})
        assert result["errors"] == []
        assert [(s["provider"], s["pattern"]) for s in result["sources"]] == [
            ("logicboxes", "shop-*"),
            ("autodns", "shop-*"),
        ]


def test_one_account_is_searched_once():
    (message,) = errors_of(discover_providers=["logicboxes", "resellerclub"], invoice_option="NoInvoice")
    assert message == (
        "domain_recovery_discover_providers[1]: provider resellerclub is the same account as "
        "domain_recovery_discover_providers[0]; list each registrar once"
    )


@pytest.mark.parametrize(
    "source, expected",
    [
        ({"provider": "logicboxes"}, "invoice_option is required with provider logicboxes"),
        ({"provider": "autodns", "limit": 0}, "limit must be between 1 and 10000, got 0"),
        ({"provider": "autodns", "pattern": "a\nb"}, "pattern must only contain letters, digits, hyphens, dots"),
        ({"provider": "autodns", "pattern": "müller.*"}, "pattern must be ASCII"),
        ({"provider": "autodns", "pattern": 5}, "pattern must be a string"),
        ({"provider": "nic"}, "provider must be one of"),
        ({"provider": "autodns", "domain": "a.de"}, "unsupported key(s) domain"),
    ],
)
def test_bad_sources_are_named(source, expected):
    messages = errors_of(discover=[source])
    assert any(expected in message and message.startswith("domain_recovery_discover[0]") for message in messages), (
        messages
    )


def test_named_domains_and_discovery_do_not_mix():
    messages = errors_of(domain="a.de", provider="autodns", discover_providers=["autodns"])
    assert any("not both" in message for message in messages)


def test_hostup_ids_by_name_reach_entries():
    result = recovery_input(
        {"domains": [{"name": "Bücher.de", "provider": "autodns"}], "hostup_domain_ids": {"bücher.de": "20633"}}
    )
    assert result["errors"] == []
    assert result["entries"][0]["hostup_domain_id"] == 20633
    assert errors_of(discover_providers=["autodns"], hostup_domain_ids={"x": 1}) == [
        "domain_recovery_hostup_domain_ids (x): key must have at least two labels, such as example.com"
    ]


# --- plan -------------------------------------------------------------------------------------------


def listing(provider, names, truncated=False, **source):
    source = dict({"provider": provider, "invoice_option": None, "restore_action": None, "transport": None}, **source)
    return {
        "changed": False,
        "domains": [
            {"domain": name, "provider": provider, "status": "Pending Delete Restorable", "order_id": index + 1}
            for index, name in enumerate(names)
        ],
        "count": len(names),
        "truncated": truncated,
        "domain_recovery_source": source,
    }


def discover(confirm=None, max=None, **extra):
    settings = {"discover_providers": ["logicboxes", "autodns"], "invoice_option": "KeepInvoice"}
    settings.update(confirm=confirm, max=max, **extra)
    result = recovery_input(settings)
    assert result["errors"] == []
    return result


LISTINGS = {
    "results": [
        listing("logicboxes", ["a.com", "b.com"], invoice_option="KeepInvoice"),
        listing("autodns", ["c.de"], restore_action="RESTORE", transport="json"),
    ]
}


def test_without_confirmation_the_plan_only_shows():
    plan = recovery_plan(LISTINGS, discover())
    assert plan["decision"] == "preview"
    assert plan["restore"] == []
    assert [(e["name"], e["invoice_option"], e["restore_action"]) for e in plan["found"]] == [
        ("a.com", "KeepInvoice", None),
        ("b.com", "KeepInvoice", None),
        ("c.de", None, "RESTORE"),
    ]
    assert "set domain_recovery_confirm to yes (with domain_recovery_max at least 3)" in plan["reason"]


def test_confirmed_within_max_restores_exactly_what_was_found():
    plan = recovery_plan(LISTINGS, discover(confirm="yes", max=3, hostup_domain_ids={"c.de": 20633}))
    assert plan["decision"] == "restore"
    assert [(e["name"], e["provider"], e["order_id"], e["hostup_domain_id"]) for e in plan["restore"]] == [
        ("a.com", "logicboxes", 1, None),
        ("b.com", "logicboxes", 2, None),
        ("c.de", "autodns", 1, 20633),
    ]


def test_more_found_than_max_restores_none():
    plan = recovery_plan(LISTINGS, discover(confirm=True, max=2))
    assert plan["decision"] == "over_max"
    assert plan["restore"] == []
    assert plan["reason"].startswith("nothing restored: 3 restorable domains found, more than domain_recovery_max (2)")
    preview = recovery_plan(LISTINGS, discover(max=2))
    assert "(and domain_recovery_max to at least 3: it is 2)" in preview["reason"]


def test_a_cut_listing_restores_none():
    listings = [listing("autodns", ["c.de"], truncated=True)]
    plan = recovery_plan(listings, discover(confirm="yes", max=100))
    assert plan["decision"] == "truncated"
    assert plan["truncated"] == ["autodns"]
    assert plan["restore"] == []


def test_nothing_found_is_nothing_to_do_and_duplicates_count_once():
    assert recovery_plan({"results": [listing("autodns", [])]}, discover(confirm="yes", max=1))["decision"] == "nothing"
    twice = [listing("autodns", ["c.de", "C.DE"])]
    assert [e["name"] for e in recovery_plan(twice, discover())["found"]] == ["c.de"]


def test_list_mode_passes_entries_through():
    recovery = recovery_input({"domain": "a.de", "provider": "autodns"})
    plan = recovery_plan({"results": [], "skipped": True}, recovery)
    assert plan["decision"] == "restore"
    assert [entry["name"] for entry in plan["restore"]] == ["a.de"]


# --- outcomes, sync ids, summary ---------------------------------------------------------------------


def restore_result(name, provider, **result):
    item = {"name": name, "provider": provider, "order_id": None, "hostup_domain_id": result.pop("hostup", None)}
    return dict({"changed": False, "domain_recovery_item": item}, **result)


RESTORES = {
    "results": [
        restore_result(
            "a.com",
            "logicboxes",
            changed=True,
            restore_status="restored",
            order_id=1,
            action_id=7,
            invoice={"id": "87654", "amount": "80.00", "currency": "USD"},
            hostup=20629,
        ),
        restore_result("c.de", "autodns", changed=True, restore_status="pending", job_id=99, hostup=20633),
        restore_result("gone.com", "logicboxes", failed=True, msg="past the restore window", hostup=20630),
        restore_result("late.de", "autodns", failed=True, changed=True, msg="still running after wait_timeout"),
        restore_result("up.de", "autodns", restore_status="not_needed", hostup=20629),
    ]
}


def test_outcomes_keep_failures_and_billed_failures_apart():
    outcomes = recovery_outcomes(RESTORES)
    assert [(o["name"], o["restore_status"], o["changed"]) for o in outcomes] == [
        ("a.com", "restored", True),
        ("c.de", "pending", True),
        ("gone.com", "failed", False),
        ("late.de", "failed", True),
        ("up.de", "not_needed", False),
    ]
    assert outcomes[1]["action_id"] == 99
    assert outcomes[2]["msg"] == "past the restore window"
    assert outcomes[0]["msg"] is None


def test_sync_ids_skip_failures_and_repeats():
    outcomes = recovery_outcomes(RESTORES)
    assert recovery_sync_ids(outcomes) == [20629, 20633]
    assert recovery_sync_ids(outcomes, False) == []


def test_summary_groups_by_status_and_reads_the_hostup_batch():
    outcomes = recovery_outcomes(RESTORES)
    sync = {
        "failed": True,
        "results": [
            {"domain_id": 20629, "failed": False, "status_changed": True, "status_changed_to_active": True},
            {"domain_id": 20633, "failed": True, "msg": "syncSuccess false"},
        ],
    }
    summary = recovery_summary(outcomes, plan=None, sync=sync, sync_ids=[20629, 20633])
    assert summary["mode"] == "list" and summary["discovery"] is None
    assert summary["restored"] == ["a.com"]
    assert summary["pending"] == ["c.de"]
    assert summary["failed"] == ["gone.com", "late.de"]
    assert summary["changed"] == ["a.com", "c.de", "late.de"]
    assert summary["hostup"]["synced"] == [20629]
    assert summary["hostup"]["failed"] == [20633]
    assert summary["hostup"]["error"] is None
    assert summary["domains"][1]["hostup"]["msg"] == "syncSuccess false"
    assert summary["domains"][3]["hostup"] is None
    assert summary["nothing_left_to_do"] is False


def test_a_whole_failed_batch_is_one_error():
    summary = recovery_summary([], sync={"failed": True, "msg": "HostUp: 401"}, sync_ids=[1])
    assert summary["hostup"]["error"] == "HostUp: 401"


def test_discovery_summary_says_what_was_refused_and_when_nothing_is_left():
    refused = recovery_summary([], plan=recovery_plan(LISTINGS, discover(confirm="yes", max=1)))
    assert refused["discovery"]["found"] == ["a.com", "b.com", "c.de"]
    assert refused["refused"].startswith("nothing restored: 3 restorable domains found")
    assert refused["nothing_left_to_do"] is False
    preview = recovery_summary([], plan=recovery_plan(LISTINGS, discover()))
    assert preview["refused"] is None and preview["nothing_left_to_do"] is False
    empty = recovery_summary([], plan=recovery_plan([listing("autodns", [])], discover(confirm="yes", max=1)))
    assert empty["nothing_left_to_do"] is True
    running = recovery_summary(
        recovery_outcomes([restore_result("c.de", "autodns", restore_status="in_progress")]),
        plan=recovery_plan([listing("autodns", ["c.de"])], discover(confirm="yes", max=1)),
    )
    assert running["in_progress"] == ["c.de"] and running["nothing_left_to_do"] is True


def test_the_filters_are_registered():
    assert set(FilterModule().filters()) == {
        "recovery_input",
        "recovery_plan",
        "recovery_outcomes",
        "recovery_sync_ids",
        "recovery_summary",
    }
