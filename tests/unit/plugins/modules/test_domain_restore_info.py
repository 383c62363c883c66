# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""domain_restore_info as a playbook sees it: option rules before any request, shared rules with domain_restore."""

from __future__ import annotations

import os

import pytest
import yaml

from ansible_collections.domainops.registrar.plugins.doc_fragments import _common as common
from ansible_collections.domainops.registrar.plugins.modules import domain_restore, domain_restore_info
from ansible_collections.domainops.registrar.tests.unit.plugins.fakes import answer_json, serialised

LB_KEY = "lb-key-Zq81xW0p"
AD_PASSWORD = "pw-Autodns-93kq"
LB = {"provider": "logicboxes", "logicboxes_auth_userid": "654321", "logicboxes_api_key": LB_KEY}
AD = {"provider": "autodns", "autodns_username": "reseller-4711", "autodns_password": AD_PASSWORD}
AD_XML = dict(AD, transport="xml")


def without(args, *names):
    return {key: value for key, value in args.items() if key not in names}


def assert_one_line(msg):
    assert msg and "\n" not in msg and "Traceback" not in msg


@pytest.mark.parametrize(
    "args, option",
    [
        (dict(LB, limit=0), "limit must be between 1 and 10000"),
        (dict(LB, limit=10001), "limit must be between 1 and 10000"),
        (dict(AD, limit=-5), "limit must be between 1 and 10000"),
        (dict(LB, pattern=""), "pattern must not be empty"),
        (dict(AD, pattern="müller.*"), "pattern must be ASCII"),
        (dict(AD_XML, pattern="shop *"), "pattern must only contain"),
        (dict(LB, pattern="shop\n*"), "pattern must only contain"),
        (dict(LB, domain="exa mple.com"), "domain"),
        (dict(AD, domain="localhost"), "domain"),
        (dict(AD, domain="*.de"), "domain"),
        (without(LB, "logicboxes_auth_userid"), "logicboxes_auth_userid is required for provider logicboxes"),
        (without(LB, "logicboxes_api_key"), "logicboxes_api_key is required for provider logicboxes"),
        (dict(LB, provider="resellerclub", logicboxes_api_key=" "), "logicboxes_api_key is required"),
        (dict(LB, transport="xml"), "transport is only for provider autodns"),
        (dict(LB, logicboxes_api_url="ftp://httpapi.example/api/"), "logicboxes_api_url must be an http"),
        (dict(LB, logicboxes_api_key="key\n2"), "logicboxes_api_key must not contain control characters"),
        (without(AD, "autodns_username"), "autodns_username is required for provider autodns (or set AUTODNS_USER)"),
        (without(AD_XML, "autodns_password"), "autodns_password is required for provider autodns"),
        (dict(AD, autodns_context=0), "autodns_context must be >= 1"),
        (dict(AD, autodns_api_url="api.autodns.com/v1"), "autodns_api_url must be an http"),
        (dict(AD_XML, autodns_gateway_url="gateway"), "autodns_gateway_url must be an http"),
        (dict(AD, rate_limit=-1), "rate_limit must be between 0 and 100"),
        (dict(LB, retries=11), "retries must be between 0 and 10"),
        (dict(AD, timeout=0), "timeout must be >= 0.001"),
    ],
)
def test_each_option_rule_fails_with_one_line_naming_the_option_before_any_request(run_module, transport, args, option):
    run = run_module(domain_restore_info, args)

    assert run.failed
    assert_one_line(run.msg)
    assert run.msg.startswith(option), run.msg
    assert len(transport) == 0


def test_domain_and_pattern_together_are_refused_before_any_request(run_module, transport):
    run = run_module(domain_restore_info, dict(AD, domain="example.de", pattern="*.de"))

    assert run.failed
    assert "mutually exclusive" in run.msg and "domain" in run.msg and "pattern" in run.msg
    assert len(transport) == 0


@pytest.mark.parametrize("option, value", [("invoice_option", "NoInvoice"), ("order_id", 1), ("wait", True)])
def test_restore_options_are_not_options_of_a_listing(run_module, transport, option, value):
    run = run_module(domain_restore_info, dict(LB, **{option: value}))

    assert run.failed
    assert "Unsupported parameters" in run.msg and option in run.msg
    assert LB_KEY not in str(run.result)
    assert len(transport) == 0


def test_a_missing_credential_names_the_environment_variable_like_domain_restore(run_module, transport):
    info = run_module(domain_restore_info, without(LB, "logicboxes_api_key"))
    restore = run_module(
        domain_restore, dict(without(LB, "logicboxes_api_key"), domain="a.com", invoice_option="NoInvoice")
    )

    assert (
        info.msg == restore.msg == "logicboxes_api_key is required for provider logicboxes (or set LOGICBOXES_API_KEY)"
    )
    assert len(transport) == 0


def test_the_registrar_options_are_the_same_as_domain_restores():
    info = domain_restore_info.argument_spec()
    restore = domain_restore.argument_spec()
    restore_only = {"order_id", "invoice_option", "restore_action", "reply_to", "ctid", "wait", "wait_timeout"}

    assert set(info) - {"pattern", "limit"} == set(restore) - restore_only
    assert all(info[name] == restore[name] for name in set(info) - {"pattern", "limit"})


def test_the_documented_options_match_the_argument_spec():
    documented = yaml.safe_load(domain_restore_info.DOCUMENTATION)
    own = set(documented["options"])

    assert own == {"provider", "domain", "pattern", "limit", "transport", "rate_limit", "sandbox"}
    assert documented["version_added"] == "0.2.0"
    assert "domainops.registrar._common.ATTRIBUTES_RESTORE" in documented["extends_documentation_fragment"]


def test_the_module_is_in_the_all_and_restore_action_groups_as_documented():
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
    with open(os.path.join(root, "meta", "runtime.yml")) as handle:
        groups = yaml.safe_load(handle)["action_groups"]
    documented = yaml.safe_load(common.ModuleDocFragment.ATTRIBUTES_RESTORE)["attributes"]["action_group"]

    member_of = sorted(group for group, members in groups.items() if "domain_restore_info" in members)
    assert member_of == ["all", "restore"]
    assert sorted(documented["membership"]) == ["domainops.registrar." + group for group in member_of]


# Listing through the real providers, answered at the transport -----------------------------------

ACCOUNT = [  # (name, restorePhaseEnd, owner user) as the registrars list them
    ("restore-me.de", "2026-12-20T08:00:00.000+0000", None),
    ("shop-berlin.de", "2026-12-05T08:00:00.000+0000", "customer-42"),
    ("xn--mller-kva.de", "2026-12-05T08:00:00.000+0000", None),
    ("shop-wien.at", None, None),
] + [("bulk-%03d.com" % n, "2026-12-30T08:00:00.000+0000", None) for n in range(30)]


def lb_search(sent):
    """domains/search.json over ACCOUNT: numbered dotted-key records, recsindb, page-no from 1."""
    assert sent.path.endswith("/domains/search.json") and sent.method == "GET", sent.url
    assert sent.query["status"] == ["Pending Delete Restorable"]
    size, page = int(sent.query["no-of-records"][0]), int(sent.query["page-no"][0])
    assert 10 <= size <= 500
    rows = [row[0] for row in ACCOUNT]
    if "domain-name" in sent.query:
        rows = [name for name in rows if name == sent.query["domain-name"][0]]
    chunk = rows[(page - 1) * size : page * size]
    body = {"recsonpage": str(len(chunk)), "recsindb": str(len(rows))}
    for number, name in enumerate(chunk, start=1):
        body[str(number)] = {
            "orders.orderid": str(20000000 + rows.index(name)),
            "entity.description": name,
            "entity.currentstatus": "Pending Delete Restorable",
            "orders.endtime": "1763978400",
        }
    return answer_json(body)


def autodns_search(sent):
    """POST domain/restore/_search over ACCOUNT, with view.offset/limit and an object summary."""
    assert sent.path.endswith("/domain/restore/_search") and sent.method == "POST", sent.url
    view = sent.json["view"]
    rows = ACCOUNT
    for condition in sent.json.get("filters", []):
        if condition["operator"] == "EQUAL":
            rows = [row for row in rows if row[0] == condition["value"]]
    chunk = rows[view["offset"] : view["offset"] + view["limit"]]
    data = []
    for name, deadline, owner in chunk:
        item = {"name": name, "action": "RESTORE", "owner": {"user": owner or AD["autodns_username"], "context": 4}}
        if deadline:
            item["restorePhaseEnd"] = deadline
        data.append(item)
    return answer_json(
        {
            "stid": "20261130-app1-1",
            "status": {"code": "S0105005", "text": "ok", "type": "SUCCESS"},
            "object": {"type": "DomainRestore", "summary": len(rows)},
            "data": data,
        }
    )


def test_logicboxes_lists_every_restorable_order_in_check_mode_with_order_ids_and_no_deadline(run_module, transport):
    transport.route(lb_search)

    run = run_module(domain_restore_info, dict(LB, limit=10000), check_mode=True)

    assert not run.failed, run.msg
    assert run.result["changed"] is False
    assert run.result["count"] == len(ACCOUNT) and run.result["truncated"] is False
    first = run.result["domains"][0]
    assert first == {
        "domain": "bulk-000.com",
        "provider": "logicboxes",
        "order_id": 20000004,
        "status": "Pending Delete Restorable",
        "restore_deadline": None,
        "action": None,
        "owner": None,
    }
    assert [item["domain"] for item in run.result["domains"]] == sorted(row[0] for row in ACCOUNT)
    assert all(sent.method == "GET" for sent in transport.sent)
    assert LB_KEY not in serialised(run.result, run.warnings)


def test_logicboxes_pages_with_a_small_page_for_a_small_limit_and_reports_truncated(run_module, transport):
    transport.route(lb_search)

    run = run_module(domain_restore_info, dict(LB, limit=3))

    assert run.result["count"] == 3 and run.result["truncated"] is True
    assert len(transport.sent) == 1 and transport.sent[0].query["no-of-records"] == ["10"]


def test_autodns_sorts_by_deadline_then_name_and_names_the_subusers_owner(run_module, transport):
    transport.route(autodns_search)

    run = run_module(domain_restore_info, dict(AD, pattern="*.de"))

    assert not run.failed, run.msg
    domains = run.result["domains"]
    assert [item["domain"] for item in domains] == ["shop-berlin.de", "xn--mller-kva.de", "restore-me.de"]
    assert domains[0]["owner"] == "customer-42/4" and domains[1]["owner"] is None
    assert domains[0]["restore_deadline"] == "2026-12-05T08:00:00.000+0000"
    assert {item["action"] for item in domains} == {"RESTORE"}
    assert all(item["order_id"] is None and item["provider"] == "autodns" for item in domains)


def test_an_idn_given_in_unicode_is_asked_for_in_punycode(run_module, transport):
    transport.route(autodns_search)

    run = run_module(domain_restore_info, dict(AD, domain="Müller.de"))

    assert [item["domain"] for item in run.result["domains"]] == ["xn--mller-kva.de"]
    assert transport.sent[0].json["filters"][0]["value"] == "xn--mller-kva.de"


def test_an_unknown_domain_is_an_empty_list_not_a_failure(run_module, transport):
    transport.route(lb_search)

    run = run_module(domain_restore_info, dict(LB, domain="never-deleted.com"))

    assert not run.failed
    assert run.result["domains"] == [] and run.result["count"] == 0


def test_a_registrar_error_fails_in_one_line_with_status_code_and_request_id_without_the_password(
    run_module, transport
):
    error = {
        "stid": "20261130-app1-77",
        "status": {"code": "E01004", "text": "Authentifizierung fehlgeschlagen.", "type": "ERROR"},
        "messages": [{"text": "Login fehlgeschlagen", "code": "EF01004", "status": "ERROR"}],
    }
    transport.answer(answer_json(error, status=401))

    run = run_module(domain_restore_info, AD)

    assert run.failed
    assert_one_line(run.msg)
    assert "HTTP 401" in run.msg and "E01004" in run.msg and "20261130-app1-77" in run.msg
    assert run.result["error"]["operation"] == "restore-search"
    assert AD_PASSWORD not in serialised(run.result, run.warnings)


def test_a_read_answered_503_is_retried(run_module, transport, sleeps):
    transport.answer(answer_json({"status": "ERROR", "message": "maintenance"}, status=503), lb_search)

    run = run_module(domain_restore_info, dict(LB, domain="restore-me.de"))

    assert not run.failed, run.msg
    assert run.result["count"] == 1 and len(transport.sent) == 2


def test_the_other_registrars_options_are_ignored_even_when_invalid(run_module, transport):
    transport.route(lb_search)

    run = run_module(
        domain_restore_info, dict(LB, autodns_context=0, autodns_api_url="not a url", autodns_password="pw\n")
    )

    assert not run.failed, run.msg
    assert "pw\n" not in sent_text(transport)


def sent_text(transport):
    return serialised([(sent.url, sent.headers, sent.body.decode("utf-8")) for sent in transport.sent])
