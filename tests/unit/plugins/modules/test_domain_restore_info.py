# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""domain_restore_info as a playbook sees it: option rules before any request, shared rules with domain_restore."""

from __future__ import annotations

import os

import pytest
import yaml

from ansible_collections.domainops.registrar.plugins.doc_fragments import common
from ansible_collections.domainops.registrar.plugins.modules import domain_restore, domain_restore_info

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
    assert "domainops.registrar.common.ATTRIBUTES_RESTORE" in documented["extends_documentation_fragment"]


def test_the_module_is_in_the_all_and_restore_action_groups_as_documented():
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
    with open(os.path.join(root, "meta", "runtime.yml")) as handle:
        groups = yaml.safe_load(handle)["action_groups"]
    documented = yaml.safe_load(common.ModuleDocFragment.ATTRIBUTES_RESTORE)["attributes"]["action_group"]

    member_of = sorted(group for group, members in groups.items() if "domain_restore_info" in members)
    assert member_of == ["all", "restore"]
    assert sorted(documented["membership"]) == ["domainops.registrar." + group for group in member_of]
