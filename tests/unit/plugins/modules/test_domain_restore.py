# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""domain_restore as a playbook sees it: option rules before any request, URLs, env, check/diff, output."""

from __future__ import annotations

import base64

import pytest
from lxml import etree

from ansible_collections.domainops.registrar.plugins.modules import domain_restore
from ansible_collections.domainops.registrar.tests.unit.plugins.fakes import (
    answer_json,
    answer_raw,
    answer_xml,
    serialised,
)

LB_KEY = "lb-key-Zq81xW0p"
LB_USERID = "654321"
ORDER = 12121212
AD_USER = "reseller-4711"
AD_PASSWORD = "pw-Autodns-93kq"

LB = {
    "provider": "logicboxes",
    "domain": "example.com",
    "invoice_option": "KeepInvoice",
    "logicboxes_auth_userid": LB_USERID,
    "logicboxes_api_key": LB_KEY,
}
AD = {"provider": "autodns", "domain": "example.de", "autodns_username": AD_USER, "autodns_password": AD_PASSWORD}
AD_XML = dict(AD, transport="xml")


def without(args, *names):
    return {key: value for key, value in args.items() if key not in names}


def lb_details(status="Pending Delete Restorable", **extra):
    body = {"orderid": str(ORDER), "domainname": "example.com", "currentstatus": status, "domsecret": "DS-SECRET-9"}
    body.update(extra)
    return body


LB_RESTORED = {
    "description": "example.com",
    "entityid": ORDER,
    "eaqid": 1111111,
    "actiontypedesc": "restore",
    "actionstatus": "Success",
    "actionstatusdesc": "restored successfully",
    "invoiceid": "87654",
    "sellingcurrencysymbol": "USD",
    "sellingamount": "5.00",
    "customerid": "7123",
}


def logicboxes(status="Pending Delete Restorable", restore=None, details_after=None):
    """A LogicBoxes router: lookup, details (first `status`, then `details_after`), restore."""
    seen = {"details": 0}

    def route(sent):
        if sent.path.endswith("/domains/orderid.json"):
            return answer_raw(str(ORDER))
        if sent.path.endswith("/domains/details.json"):
            seen["details"] += 1
            if details_after is not None and seen["details"] > 1:
                return answer_json(details_after)
            return answer_json(lb_details(status))
        if sent.path.endswith("/actions/search-current.json"):
            return answer_json({"recsonpage": "0", "recsindb": "0"})
        if sent.path.endswith("/domains/restore.json"):
            return restore or answer_json(LB_RESTORED)
        raise AssertionError(sent.url)

    return route


def autodns_json(listed=True):
    def envelope(code, status_type, data, text="ok"):
        return answer_json(
            {"stid": "stid-1", "status": {"code": code, "text": text, "type": status_type}, "data": data}
        )

    def route(sent):
        if sent.path.endswith("/domain/restore/_search"):
            name = sent.json["filters"][0]["value"]
            return envelope("S0105005", "SUCCESS", [{"name": name, "action": "RESTORE"}] if listed else [])
        if sent.path.endswith("/job/_search"):
            return envelope("S0114005", "SUCCESS", [])
        if sent.method == "GET" and "/domain/" in sent.path:
            return envelope("S0105", "SUCCESS", [{"name": "example.de", "registryStatus": "ACTIVE"}])
        if sent.path.endswith("/_restore"):
            return envelope("N0101005", "NOTIFY", [{"id": 99, "status": "RUNNING"}], text="started")
        raise AssertionError(sent.url)

    return route


def autodns_xml(listed=True):
    def answer(code, status_type, data):
        return answer_xml(
            "<response><result><data>%s</data><status><code>%s</code><text>ok</text><type>%s</type></status>"
            "</result><stid>stid-x</stid></response>" % (data, code, status_type)
        )

    def route(sent):
        task = etree.fromstring(sent.body).find("task")
        code = task.findtext("code")
        if code == "0105005":
            name = task.findtext("where/and/value")
            item = "<restore><name>%s</name><action>RESTORE</action></restore>" % name if listed else ""
            return answer("S0105005", "success", "<summary>%d</summary>%s" % (int(listed), item))
        if code == "0105":
            return answer(
                "S0105", "success", "<domain><name>example.de</name><registry_status>ACTIVE</registry_status></domain>"
            )
        if code == "0101005":
            return answer(
                "N0101005", "notify", "<domain_job><job><id>99</id><status>RUNNING</status></job></domain_job>"
            )
        raise AssertionError(code)

    return route


def assert_one_line(msg):
    assert msg and "\n" not in msg and "Traceback" not in msg


# Option rules: one line naming the option, before any request ---------------------------------------


@pytest.mark.parametrize(
    "args, option",
    [
        # Declared with required_if: Ansible names the rule first, then the missing options.
        (without(LB, "invoice_option"), "provider is logicboxes but all of the following are missing: invoice_option"),
        (without(LB, "logicboxes_auth_userid"), "logicboxes_auth_userid"),
        (without(LB, "logicboxes_api_key"), "logicboxes_api_key"),
        (dict(LB, logicboxes_api_key="   "), "logicboxes_api_key"),
        (without(LB, "domain"), "provider is logicboxes but any of the following are missing: domain, order_id"),
        (dict(LB, transport="xml"), "transport"),
        (dict(LB, reply_to="hostmaster@example.net"), "reply_to"),
        (dict(LB, ctid="ticket-1"), "ctid"),
        (dict(LB, restore_action="RESTORE_RENEW"), "restore_action"),
        (dict(LB, order_id=0), "order_id"),
        (dict(LB, order_id=-1), "order_id"),
        (dict(LB, wait_timeout=0), "wait_timeout"),
        (dict(LB, wait_timeout=86401), "wait_timeout"),
        (dict(LB, domain="exa mple.com"), "domain"),
        (dict(LB, domain="example.com/x"), "domain"),
        (dict(LB, domain="localhost"), "domain"),
        (dict(LB, logicboxes_api_url="not a url"), "logicboxes_api_url"),
        (dict(LB, retries=-1), "retries"),
        (dict(LB, timeout=0), "timeout"),
        (dict(LB, max_retry_wait=-1), "max_retry_wait"),
        (dict(LB, rate_limit=-1), "rate_limit"),
        (without(AD, "domain"), "provider is autodns but all of the following are missing: domain"),
        (without(AD, "autodns_username"), "autodns_username"),
        (without(AD, "autodns_password"), "autodns_password"),
        (dict(AD, order_id=ORDER), "order_id"),
        (dict(AD, invoice_option="NoInvoice"), "invoice_option"),
        (dict(AD, autodns_context=0), "autodns_context"),
        (dict(AD, reply_to="not-an-address"), "reply_to"),
        (dict(AD, reply_to="a b@example.net"), "reply_to"),
        (dict(AD, ctid="  "), "ctid"),
        (dict(AD_XML, wait_timeout=0), "wait_timeout"),
        (dict(AD_XML, domain="..de"), "domain"),
        (dict(LB, logicboxes_api_key="lb-key\n2"), "logicboxes_api_key"),
        (dict(LB, logicboxes_auth_userid="6543\t21"), "logicboxes_auth_userid"),
        (dict(LB, logicboxes_api_url="https://httpapi.com/api/\r\nX-Injected: 1"), "logicboxes_api_url"),
        (dict(AD, autodns_username="user\x00"), "autodns_username"),
        (dict(AD_XML, autodns_password="pw\x1b[0m"), "autodns_password"),
        (dict(AD, autodns_api_url="https://api.autodns.com/v1\n"), "autodns_api_url"),
    ],
)
def test_each_option_rule_fails_with_one_line_naming_the_option_before_any_request(run_module, transport, args, option):
    run = run_module(domain_restore, args)

    assert run.failed
    assert_one_line(run.msg)
    if any("\x00" in str(value) for value in args.values()) and "null character" in run.msg:
        # ansible-core 2.21 refuses a NUL in any argument itself, before the module's own checks.
        assert len(transport) == 0
        return
    assert run.msg.startswith(option), run.msg
    assert len(transport) == 0


@pytest.mark.parametrize(
    "args, option",
    [
        (dict(LB, logicboxes_api_url="ftp://httpapi.example/api/"), "logicboxes_api_url"),
        (dict(AD, autodns_api_url="api.autodns.com/v1"), "autodns_api_url"),
        (dict(AD_XML, autodns_gateway_url="gateway"), "autodns_gateway_url"),
    ],
)
def test_a_url_that_is_not_http_fails_naming_the_option_before_any_request(run_module, transport, args, option):
    run = run_module(domain_restore, args)

    assert run.failed
    assert_one_line(run.msg)
    assert run.msg.startswith(option + " must be an http:// or https:// URL")
    assert len(transport) == 0


def test_an_unknown_provider_is_refused(run_module, transport):
    run = run_module(domain_restore, dict(LB, provider="godaddy"))

    assert run.failed and "provider" in run.msg
    assert len(transport) == 0


@pytest.mark.parametrize(
    "args, option",
    [
        (dict(AD_XML, ctid="ticket\x014711"), "ctid"),
        (dict(AD_XML, reply_to="host\x01master@example.net"), "reply_to"),
        (dict(AD, ctid="ticket\n4711"), "ctid"),
    ],
    ids=["xml-ctid", "xml-reply-to", "json-ctid-newline"],
)
def test_control_characters_in_autodns_texts_fail_naming_the_option_before_any_request(
    run_module, transport, args, option
):
    transport.route(autodns_xml() if args.get("transport") == "xml" else autodns_json())

    run = run_module(domain_restore, args)

    assert run.failed
    assert run.msg.startswith(option)
    assert len(transport) == 0


# Where requests go --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, router, sandbox, expected",
    [
        (LB, logicboxes("Active"), False, "https://httpapi.com/api/domains/orderid.json"),
        (LB, logicboxes("Active"), True, "https://test.httpapi.com/api/domains/orderid.json"),
        (dict(LB, provider="resellerclub"), logicboxes("Active"), True, "https://test.httpapi.com/api/domains/"),
        (AD, autodns_json(), False, "https://api.autodns.com/v1/domain/restore/_search"),
        (AD, autodns_json(), True, "https://api.demo.autodns.com/v1/domain/restore/_search"),
        (AD_XML, autodns_xml(), False, "https://gateway.autodns.com"),
        (AD_XML, autodns_xml(), True, "https://demo.autodns.com/gateway/"),
    ],
    ids=["lb-live", "lb-sandbox", "rc-sandbox", "json-live", "json-demo", "xml-live", "xml-demo"],
)
def test_sandbox_picks_the_providers_test_system(run_module, transport, args, router, sandbox, expected):
    transport.route(router)

    run = run_module(domain_restore, dict(args, sandbox=sandbox))

    assert not run.failed, run.msg
    assert transport.sent[0].url.split("?")[0].startswith(expected)
    assert all(sent.host == transport.sent[0].host for sent in transport.sent)


@pytest.mark.parametrize(
    "args, router, env, option",
    [
        (LB, logicboxes("Active"), "LOGICBOXES_API_URL", "logicboxes_api_url"),
        (AD, autodns_json(), "AUTODNS_API_URL", "autodns_api_url"),
        (AD_XML, autodns_xml(), "AUTODNS_GATEWAY_URL", "autodns_gateway_url"),
    ],
    ids=["logicboxes", "autodns-json", "autodns-xml"],
)
def test_a_url_set_in_the_task_beats_sandbox_and_environment(
    run_module, transport, monkeypatch, args, router, env, option
):
    monkeypatch.setenv(env, "https://from-env.example.net/api")
    transport.route(router)

    run = run_module(domain_restore, dict(args, sandbox=True, **{option: "https://registrar-proxy.example.net/base/"}))

    assert not run.failed, run.msg
    assert all(sent.url.startswith("https://registrar-proxy.example.net/base/") for sent in transport.sent)


@pytest.mark.parametrize(
    "args, router, env",
    [
        (LB, logicboxes("Active"), "LOGICBOXES_API_URL"),
        (AD, autodns_json(), "AUTODNS_API_URL"),
        (AD_XML, autodns_xml(), "AUTODNS_GATEWAY_URL"),
    ],
    ids=["logicboxes", "autodns-json", "autodns-xml"],
)
@pytest.mark.parametrize("sandbox", [False, True])
def test_a_url_from_the_environment_variable_beats_sandbox(
    run_module, transport, monkeypatch, args, router, env, sandbox
):
    monkeypatch.setenv(env, "https://from-env.example.net/api")
    transport.route(router)

    run = run_module(domain_restore, dict(args, sandbox=sandbox))

    assert not run.failed, run.msg
    assert all(sent.url.startswith("https://from-env.example.net/api") for sent in transport.sent)


def test_logicboxes_credentials_come_from_the_environment(run_module, transport, monkeypatch):
    monkeypatch.setenv("LOGICBOXES_AUTH_USERID", "111222")
    monkeypatch.setenv("LOGICBOXES_API_KEY", "env-lb-key-1")
    transport.route(logicboxes("Active"))

    run = run_module(domain_restore, without(LB, "logicboxes_auth_userid", "logicboxes_api_key"))

    assert not run.failed, run.msg
    assert transport.sent[0].query["auth-userid"] == ["111222"]
    assert transport.sent[0].query["api-key"] == ["env-lb-key-1"]
    assert "env-lb-key-1" not in serialised(run.result, run.warnings)


def test_a_missing_credential_names_the_option_and_its_environment_variable(run_module, transport):
    lb = run_module(domain_restore, without(LB, "logicboxes_api_key"))
    ad = run_module(domain_restore, without(AD, "autodns_username"))

    assert lb.msg == "logicboxes_api_key is required for provider logicboxes (or set LOGICBOXES_API_KEY)"
    assert ad.msg == "autodns_username is required for provider autodns (or set AUTODNS_USER)"
    assert len(transport) == 0


# One module_defaults block for both registrars ---------------------------------------------------

LB_PROXY = "https://lb-proxy.example.net/api/"
AD_PROXY = "https://autodns-proxy.example.net/v1"
AD_GATEWAY = "https://autodns-gateway.example.net/gateway"
BOTH = dict(
    LB,
    autodns_username=AD_USER,
    autodns_password=AD_PASSWORD,
    autodns_context=1,
    logicboxes_api_url=LB_PROXY,
    autodns_api_url=AD_PROXY,
    autodns_gateway_url=AD_GATEWAY,
)
BOTH_AD = dict(without(BOTH, "invoice_option"), provider="autodns", domain="example.de")


def sent_text(transport):
    return serialised([(sent.url, sent.headers, sent.body.decode("utf-8")) for sent in transport.sent])


@pytest.mark.parametrize(
    "args, router, host, foreign",
    [
        (BOTH, logicboxes("Active"), "lb-proxy.example.net", (AD_USER, AD_PASSWORD)),
        (dict(BOTH, provider="resellerclub"), logicboxes("Active"), "lb-proxy.example.net", (AD_USER, AD_PASSWORD)),
        (BOTH_AD, autodns_json(), "autodns-proxy.example.net", (LB_USERID, LB_KEY)),
        (dict(BOTH_AD, transport="xml"), autodns_xml(), "autodns-gateway.example.net", (LB_USERID, LB_KEY)),
    ],
    ids=["logicboxes", "resellerclub", "autodns-json", "autodns-xml"],
)
def test_both_registrars_options_together_serve_each_provider_and_the_other_is_never_sent(
    run_module, transport, args, router, host, foreign
):
    transport.route(router)

    run = run_module(domain_restore, args)

    assert not run.failed, run.msg
    assert transport.sent and all(sent.host == host for sent in transport.sent)
    assert not any(value in sent_text(transport) for value in foreign)


@pytest.mark.parametrize(
    "args, router",
    [
        (
            dict(LB, autodns_context=0, autodns_api_url="not a url", autodns_password="pw\n", autodns_username=""),
            logicboxes("Active"),
        ),
        (
            dict(AD, logicboxes_api_url="ftp://x", logicboxes_api_key="key\n", logicboxes_auth_userid=" "),
            autodns_json(),
        ),
    ],
    ids=["logicboxes-ignores-autodns", "autodns-ignores-logicboxes"],
)
def test_the_other_registrars_options_are_ignored_even_when_invalid(run_module, transport, args, router):
    transport.route(router)

    run = run_module(domain_restore, args)

    assert not run.failed, run.msg


@pytest.mark.parametrize(
    "args, router, env, expected",
    [
        (LB, logicboxes("Active"), "LOGICBOXES_API_URL", "https://test.httpapi.com/api/"),
        (AD, autodns_json(), "AUTODNS_API_URL", "https://api.demo.autodns.com/v1/"),
        (AD_XML, autodns_xml(), "AUTODNS_GATEWAY_URL", "https://demo.autodns.com/gateway/"),
    ],
    ids=["logicboxes", "autodns-json", "autodns-xml"],
)
def test_an_empty_url_environment_variable_counts_as_unset(
    run_module, transport, monkeypatch, args, router, env, expected
):
    # Credential stores (AWX) inject an empty variable for an empty field.
    monkeypatch.setenv(env, "")
    transport.route(router)

    run = run_module(domain_restore, dict(args, sandbox=True))

    assert not run.failed, run.msg
    assert all(sent.url.startswith(expected) for sent in transport.sent)


@pytest.mark.parametrize("transport_name", ["json", "xml"])
def test_autodns_credentials_and_context_come_from_the_environment(run_module, transport, monkeypatch, transport_name):
    monkeypatch.setenv("AUTODNS_USER", "env-user")
    monkeypatch.setenv("AUTODNS_PASSWORD", "env-password-1")
    monkeypatch.setenv("AUTODNS_CONTEXT", "1")
    transport.route(autodns_xml() if transport_name == "xml" else autodns_json())

    run = run_module(domain_restore, {"provider": "autodns", "domain": "example.de", "transport": transport_name})

    assert not run.failed, run.msg
    sent = transport.sent[0]
    if transport_name == "json":
        assert sent.header("Authorization") == "Basic " + base64.b64encode(b"env-user:env-password-1").decode()
        assert sent.header("X-Domainrobot-Context") == "1"
    else:
        auth = etree.fromstring(sent.body).find("auth")
        assert (auth.findtext("user"), auth.findtext("password"), auth.findtext("context")) == (
            "env-user",
            "env-password-1",
            "1",
        )
    assert "env-password-1" not in serialised(run.result, run.warnings)


def test_the_default_context_is_4(run_module, transport):
    transport.route(autodns_json())

    run_module(domain_restore, AD)

    assert transport.sent[0].header("X-Domainrobot-Context") == "4"


# What a run returns -------------------------------------------------------------------------------


def test_a_logicboxes_restore_returns_the_documented_result(run_module, transport):
    transport.route(logicboxes())

    run = run_module(domain_restore, LB)

    assert not run.failed, run.msg
    result = run.result
    assert result["changed"] is True
    assert result["restore_status"] == "restored"
    assert result["provider"] == "logicboxes"
    assert result["domain"] == "example.com"
    assert result["order_id"] == ORDER
    assert result["previous_status"] == "Pending Delete Restorable"
    assert result["action_id"] == 1111111
    assert result["action_status"] == "Success"
    assert result["invoice"] == {"id": "87654", "amount": "5.00", "currency": "USD", "customer_id": "7123"}
    assert "diff" not in result
    assert LB_KEY not in serialised(result, run.warnings)


def test_check_mode_only_reads_and_reports_what_it_would_do(run_module, transport):
    transport.route(logicboxes())

    run = run_module(domain_restore, LB, check_mode=True)

    assert not run.failed
    assert run.result["changed"] is True
    assert run.result["restore_status"] == "pending"
    assert "Check mode" in run.msg
    # Reads only: the order id, the order, and its open actions.
    assert [sent.method for sent in transport.sent] == ["GET", "GET", "GET"]


def test_diff_mode_shows_the_status_before_and_after(run_module, transport):
    transport.route(logicboxes())

    run = run_module(domain_restore, LB, diff=True)

    assert run.result["diff"] == {"before": {"status": "Pending Delete Restorable"}, "after": {"status": "Active"}}


def test_an_active_domain_is_not_changed_and_not_restored(run_module, transport):
    transport.route(logicboxes("Active"))

    run = run_module(domain_restore, LB)

    assert not run.failed
    assert run.result["changed"] is False
    assert run.result["restore_status"] == "not_needed"
    assert "DS-SECRET-9" not in serialised(run.result)
    assert all(sent.method == "GET" for sent in transport.sent)


@pytest.mark.parametrize("transport_name", ["json", "xml"])
def test_an_idn_is_sent_and_returned_as_punycode(run_module, transport, transport_name):
    transport.route(autodns_xml() if transport_name == "xml" else autodns_json())

    run = run_module(domain_restore, dict(AD, domain="Müller.de", transport=transport_name))

    assert not run.failed, run.msg
    assert run.result["domain"] == "xn--mller-kva.de"
    assert b"xn--mller-kva.de" in transport.sent[0].body


def test_a_failing_read_fails_with_one_line_and_structured_error(run_module, transport):
    transport.answer(answer_json({"status": "ERROR", "message": "Access Denied: IP not allowed"}, status=500))

    run = run_module(domain_restore, LB)

    assert run.failed
    assert_one_line(run.msg)
    assert "LogicBoxes orderid failed: HTTP 500, code ERROR: Access Denied" in run.msg
    assert run.result["error"]["http_status"] == 500
    assert run.result["provider"] == "logicboxes" and run.result["domain"] == "example.com"
    assert LB_KEY not in serialised(run.result, run.warnings)


def test_plain_http_to_a_remote_registrar_warns_without_showing_secrets(run_module, transport):
    transport.route(logicboxes("Active"))

    run = run_module(domain_restore, dict(LB, logicboxes_api_url="http://lb-proxy.example.net/api/"))

    assert not run.failed
    assert any("plain http://" in warning for warning in run.warnings)
    assert LB_KEY not in serialised(run.warnings)


def test_a_restore_accepted_but_still_running_at_wait_timeout_is_changed(run_module, transport):
    pending = answer_json(dict(LB_RESTORED, actionstatus="Pending", actionstatusdesc="awaiting payment"))
    transport.route(logicboxes(restore=pending, details_after=lb_details(actionstatus="Pending")))

    run = run_module(domain_restore, dict(LB, wait=True, wait_timeout=5))

    assert run.failed
    assert "still running" in run.msg
    assert run.result.get("changed") is True


def test_a_restore_accepted_but_unchecked_after_a_failed_poll_is_changed(run_module, transport):
    pending = answer_json(dict(LB_RESTORED, actionstatus="Pending", actionstatusdesc="awaiting payment"))
    broken = answer_json({"status": "ERROR", "message": "Temporary failure"}, status=500)
    transport.route(logicboxes(restore=pending, details_after=None))
    router = transport.router
    calls = {"details": 0}

    def route(sent):
        if sent.path.endswith("/domains/details.json"):
            calls["details"] += 1
            if calls["details"] > 1:
                return broken
        return router(sent)

    transport.route(route)

    run = run_module(domain_restore, dict(LB, wait=True))

    assert run.failed
    assert "accepted, but checking on it failed" in run.msg
    assert run.result.get("changed") is True
    assert [sent.method for sent in transport.sent].count("POST") == 1


SECRET_ECHO = {
    "error-text": logicboxes(restore=answer_json({"status": "ERROR", "message": "key %s refused" % LB_KEY})),
    "html-500": logicboxes(
        restore=answer_raw("<html>api-key=%s</html>" % LB_KEY, status=500, content_type="text/html"),
        details_after=lb_details("Active"),
    ),
    "description": logicboxes(restore=answer_json(dict(LB_RESTORED, actionstatusdesc="done with key " + LB_KEY))),
}


@pytest.mark.parametrize("scenario", sorted(SECRET_ECHO))
def test_the_api_key_appears_nowhere_in_the_module_output(run_module, transport, scenario):
    transport.route(SECRET_ECHO[scenario])

    run = run_module(domain_restore, LB)

    assert LB_KEY not in serialised(run.result, run.warnings)
