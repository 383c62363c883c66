# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""AutoDNS over the XML gateway: documents built safely, answers parsed safely, same result as JSON."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from ansible_collections.domainops.registrar.plugins.module_utils import _restore as restore_mod
from ansible_collections.domainops.registrar.plugins.module_utils._autodns import json_api, xml_gateway
from ansible_collections.domainops.registrar.plugins.module_utils._autodns.json_api import (
    AutoDnsJsonRestore,
)
from ansible_collections.domainops.registrar.plugins.module_utils._autodns.xml_gateway import (
    AutoDnsXmlRestore,
    XmlAnswerError,
    build_request,
    parse_answer,
)
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._http import ClientSettings, HttpClient
from ansible_collections.domainops.registrar.plugins.module_utils._redact import Redactor
from ansible_collections.domainops.registrar.tests.unit.plugins.fakes import (
    answer_json,
    answer_xml,
    read_timeout,
    serialised,
)

USER = "reseller-4711"
PASSWORD = "pw-Autodns-93kq"
GATEWAY = "https://demo.autodns.com/gateway/"
DOMAIN = "example.de"
JOB = 4297543154
STID = "20260301-app-9791"
RESTORE_TEXT = "Domain-Wiederherstellung gestartet"


def xml_answer(code, status_type, data="", text=None, stid=STID, msgs="", ctid=None):
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<response><result><data>%s</data><status><code>%s</code>'
        "<text>%s</text><type>%s</type></status>%s</result>%s<stid>%s</stid></response>"
        % (data, code, text or "status %s" % code, status_type, msgs, "<ctid>%s</ctid>" % ctid if ctid else "", stid)
    )


RESTORE_LIST = xml_answer(
    "S0105005",
    "success",
    "<summary>1</summary><restore><name>%s</name><action>RESTORE</action>"
    "<restore_phase_end>2099-03-20T10:00:00.000+0100</restore_phase_end></restore>" % DOMAIN,
)
EMPTY_LIST = xml_answer("S0105005", "success", "<summary>0</summary>")
RESTORE_STARTED = xml_answer(
    "N0101005",
    "notify",
    "<domain_job><job><id>%d</id><status>RUNNING</status></job></domain_job>" % JOB,
    text=RESTORE_TEXT,
)
ACTIVE_DOMAIN = xml_answer(
    "S0105",
    "success",
    "<domain><name>%s</name><registry_status>ACTIVE</registry_status><authinfo>AUTH-XML-SECRET</authinfo></domain>"
    % DOMAIN,
)
NOT_FOUND = xml_answer(
    "E0105",
    "error",
    text="Domain nicht gefunden",
    msgs="<msg><text>Domain %s nicht gefunden</text><code>EF01050</code><type>error</type></msg>" % DOMAIN,
)


def task_code(sent):
    return etree.fromstring(sent.body).findtext("task/code")


class Gateway:
    """Routes by task code; each attribute is that task's answer text (or entry)."""

    def __init__(self, restore_list=RESTORE_LIST, inquire=NOT_FOUND, restore=RESTORE_STARTED):
        self.answers = {"0105005": restore_list, "0105": inquire, "0101005": restore}

    def __call__(self, sent):
        answer = self.answers[task_code(sent)]
        return answer_xml(answer) if isinstance(answer, str) else answer


def xml_params(**extra):
    params = {
        "autodns_username": USER,
        "autodns_password": PASSWORD,
        "autodns_context": 4,
        "autodns_gateway_url": GATEWAY,
        "rate_limit": 0,
        "restore_action": "RESTORE",
        "reply_to": None,
        "ctid": None,
    }
    params.update(extra)
    return params


def make_provider(**extra):
    params = xml_params(**extra)
    client = HttpClient(xml_gateway.api(params), ClientSettings(), Redactor())
    return AutoDnsXmlRestore(client, params, DOMAIN)


def run(provider, **kwargs):
    try:
        changed, result, warnings = restore_mod.run(provider, **kwargs)
    except restore_mod.RestoreFailed as exc:
        return True, None, exc.result, exc.msg, [], exc.error.as_dict() if exc.error else None
    return False, changed, result, result.get("msg"), warnings, None


def restores(transport):
    return [sent for sent in transport.sent if task_code(sent) == "0101005"]


# Building requests ------------------------------------------------------------------------------


def test_the_restore_request_is_the_documented_document(transport):
    transport.route(Gateway())

    run(make_provider(restore_action="RESTORE_RENEW", reply_to="hostmaster@example.net", ctid="ticket-4711"))

    (sent,) = restores(transport)
    assert sent.method == "POST"
    assert sent.url == GATEWAY
    assert sent.header("Content-Type") == "application/xml; charset=utf-8"
    assert sent.body.startswith(b"<?xml")  # UTF-8, no BOM
    root = etree.fromstring(sent.body)
    assert etree.tostring(root).decode() == (
        "<request><auth><user>reseller-4711</user><password>pw-Autodns-93kq</password><context>4</context></auth>"
        "<task><code>0101005</code><domain><name>example.de</name><action>RESTORE_RENEW</action></domain>"
        "<reply_to>hostmaster@example.net</reply_to><ctid>ticket-4711</ctid></task></request>"
    )


def test_the_restore_list_request_filters_on_the_name(transport):
    transport.route(Gateway())

    run(make_provider())

    task = etree.fromstring(transport.sent[0].body).find("task")
    # children 1: subusers' domains too (AX-5); the deadline is asked for as a <key> (AX-4).
    assert etree.tostring(task).decode() == (
        "<task><code>0105005</code><view><offset>0</offset><limit>10</limit><children>1</children></view>"
        "<key>restore_phase_end</key>"
        "<where><and><key>name</key><operator>eq</operator><value>example.de</value></and></where></task>"
    )


def test_without_reply_to_and_ctid_neither_element_is_sent(transport):
    transport.route(Gateway())

    run(make_provider())

    task = etree.fromstring(restores(transport)[0].body).find("task")
    assert task.find("reply_to") is None and task.find("ctid") is None


@pytest.mark.parametrize(
    "hostile",
    [
        "</password><x>injected</x><password>",
        "a&b<c>d\"e'f",
        "]]><!ENTITY x SYSTEM 'file:///etc/passwd'>",
        "<![CDATA[x]]>",
    ],
)
def test_hostile_values_stay_text(hostile):
    def fill(task):
        etree.SubElement(etree.SubElement(task, "domain"), "name").text = hostile

    document = build_request(USER, hostile, 4, "0101005", fill)

    root = etree.fromstring(document)
    assert root.findtext("auth/password") == hostile
    assert root.findtext("task/domain/name") == hostile
    assert [element.tag for element in root.iter()] == [
        "request",
        "auth",
        "user",
        "password",
        "context",
        "task",
        "code",
        "domain",
        "name",
    ]


_XML_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=40,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(password=_XML_TEXT, ctid=_XML_TEXT)
def test_any_text_round_trips_without_changing_the_document_structure(password, ctid):
    def fill(task):
        etree.SubElement(task, "ctid").text = ctid

    root = etree.fromstring(build_request(USER, password, 4, "0101005", fill))

    assert (root.findtext("auth/password") or "") == password
    assert (root.findtext("task/ctid") or "") == ctid
    assert len(list(root.iter())) == 8


# Parsing answers --------------------------------------------------------------------------------


def test_a_success_answer_is_parsed():
    answer = parse_answer(ACTIVE_DOMAIN.encode())

    assert answer["status"] == {"code": "S0105", "text": "status S0105", "type": "SUCCESS"}
    assert answer["stid"] == STID
    assert answer["messages"] == []
    assert answer["data"]["domain"]["registry_status"] == "ACTIVE"


def test_a_notify_answer_carries_the_job_and_ctid():
    answer = parse_answer(
        xml_answer(
            "N0101005",
            "notify",
            "<domain_job><job><id>1</id><status>RUNNING</status></job></domain_job>",
            ctid="ticket-1",
        ).encode()
    )

    assert answer["status"]["type"] == "NOTIFY"
    assert answer["ctid"] == "ticket-1"
    assert answer["data"]["domain_job"]["job"]["status"] == "RUNNING"


def test_an_error_answer_lists_its_messages():
    answer = parse_answer(NOT_FOUND.encode())

    assert answer["status"]["type"] == "ERROR"
    assert answer["messages"] == [
        {"text": "Domain example.de nicht gefunden", "code": "EF01050", "type": "error"},
    ]


DOCTYPE_ATTACKS = {
    "doctype": '<?xml version="1.0"?><!DOCTYPE response><response><result/></response>',
    "external-entity": '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    "<response><result><status><text>&xxe;</text><type>success</type></status></result></response>",
    "billion-laughs": '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join('<!ENTITY lol%d "%s">' % (n, ("&lol%s;" % ("" if n == 1 else n - 1)) * 10) for n in range(1, 10))
    + "]><response><result><status><text>&lol9;</text><type>success</type></status></result></response>",
    "lowercase-doctype": "<!doctype response><response><result/></response>",
}


@pytest.mark.parametrize("name", sorted(DOCTYPE_ATTACKS))
def test_doctype_and_entity_declarations_are_refused_quickly(name):
    started = time.monotonic()

    with pytest.raises(XmlAnswerError) as info:
        parse_answer(DOCTYPE_ATTACKS[name].encode())

    assert "DOCTYPE" in str(info.value)
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize("name", ["external-entity", "billion-laughs"])
def test_declarations_hidden_in_utf16_are_never_expanded(name):
    document = DOCTYPE_ATTACKS[name].replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    started = time.monotonic()

    try:
        outcome = parse_answer(document.encode("utf-16"))
    except XmlAnswerError as exc:
        outcome = str(exc)

    text = serialised(outcome)
    assert "lollol" not in text
    assert "root:" not in text
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "not well-formed"),
        (b"<response><result><status>", "not well-formed"),
        (RESTORE_STARTED.encode()[:-30], "not well-formed"),
        (b"<html><body>Bad Gateway</body></html>", "not a gateway <response>"),
        (b"<response><stid>1</stid></response>", "no <result>"),
        (b'{"status": "ok"}', "not well-formed"),
    ],
    ids=["empty", "unclosed", "truncated", "html", "no-result", "json"],
)
def test_malformed_answers_are_refused_with_a_reason(content, reason):
    with pytest.raises(XmlAnswerError) as info:
        parse_answer(content)

    assert reason in str(info.value)
    assert "\n" not in str(info.value)


def test_a_truncated_answer_to_a_read_is_a_one_line_registrar_error(transport):
    transport.route(Gateway(restore_list=RESTORE_LIST[:-40]))

    with pytest.raises(RegistrarError) as info:
        run(make_provider())

    assert "not well-formed XML" in str(info.value)
    assert "\n" not in str(info.value)
    assert info.value.maybe_executed is False


def test_a_truncated_answer_to_the_restore_is_re_read_not_resent(transport):
    gateway = Gateway(restore=RESTORE_STARTED[:-40])
    transport.route(gateway)

    failed, _changed, _result, msg, _warnings, error = run(make_provider())

    assert failed
    assert "not sent again" in msg
    assert error["maybe_executed"] is True
    assert len(restores(transport)) == 1


# Decisions ----------------------------------------------------------------------------------------


def test_an_error_answer_to_the_restore_fails_with_code_messages_and_stid(transport):
    refused = xml_answer(
        "E0101005",
        "error",
        text="Wiederherstellung abgelehnt",
        stid="stid-x1",
        msgs="<msg><text>Restore-Phase beendet</text><code>EF0101005</code><type>error</type></msg>",
    )
    transport.route(Gateway(restore=refused))

    failed, _changed, _result, msg, _warnings, error = run(make_provider())

    assert failed
    assert "E0101005" in msg and "EF0101005" in msg and "stid-x1" in msg
    assert error["maybe_executed"] is False
    assert len(restores(transport)) == 1


def test_wait_over_xml_re_reads_until_the_domain_is_active(transport, sleeps):
    gateway = Gateway()
    lists = [RESTORE_LIST, RESTORE_LIST, EMPTY_LIST]
    gateway.answers["0105005"] = lambda sent: answer_xml(lists.pop(0) if len(lists) > 1 else lists[0])
    gateway.answers["0105"] = ACTIVE_DOMAIN
    transport.route(gateway)

    failed, changed, result, *_rest = run(make_provider(), wait=True)

    assert not failed and changed
    assert result["restore_status"] == "restored"
    assert len(restores(transport)) == 1


def test_the_password_and_authinfo_never_appear_in_the_output(transport):
    transport.route(Gateway(restore_list=EMPTY_LIST, inquire=ACTIVE_DOMAIN))

    outcome = run(make_provider())

    assert outcome[2]["restore_status"] == "not_needed"
    assert PASSWORD not in serialised(outcome)
    assert "AUTH-XML-SECRET" not in serialised(outcome)


# Same result as JSON ------------------------------------------------------------------------------


def json_router(listed, active):
    def envelope(code, status_type, data, text=None):
        return answer_json(
            {
                "stid": STID,
                "status": {"code": code, "text": text or "status %s" % code, "type": status_type},
                "data": data,
            }
        )

    def route(sent):
        path = (sent.method, sent.path)
        if path == ("POST", "/v1/domain/restore/_search"):
            items = [{"name": DOMAIN, "action": "RESTORE", "restorePhaseEnd": "2099-03-20T10:00:00.000+0100"}]
            return envelope("S0105005", "SUCCESS", items if listed else [])
        if path == ("POST", "/v1/job/_search"):
            return envelope("S0114005", "SUCCESS", [])
        if path == ("GET", "/v1/domain/%s" % DOMAIN):
            if active:
                return envelope("S0105", "SUCCESS", [{"name": DOMAIN, "registryStatus": "ACTIVE", "authinfo": "A"}])
            return answer_json(
                {"stid": STID, "status": {"code": "E0105", "text": "nicht gefunden", "type": "ERROR"}}, 404
            )
        if path == ("PUT", "/v1/domain/%s/_restore" % DOMAIN):
            return envelope("N0101005", "NOTIFY", [{"id": JOB, "status": "RUNNING"}], text=RESTORE_TEXT)
        raise AssertionError(path)

    return route


def json_provider():
    params = xml_params(autodns_api_url="https://api.demo.autodns.com/v1")
    client = HttpClient(json_api.api(params), ClientSettings(), Redactor())
    return AutoDnsJsonRestore(client, params, DOMAIN)


@pytest.mark.parametrize(
    "scenario, listed, active, gateway",
    [
        ("restore-accepted", True, False, Gateway()),
        ("already-active", False, True, Gateway(restore_list=EMPTY_LIST, inquire=ACTIVE_DOMAIN)),
    ],
)
def test_xml_gives_the_same_module_result_as_json(transport, scenario, listed, active, gateway):
    transport.route(json_router(listed, active))
    from_json = run(json_provider())
    transport.route(gateway)
    from_xml = run(make_provider())

    def comparable(outcome):
        failed, changed, result, msg, warnings, error = outcome
        result = {key: value for key, value in result.items() if key != "response"}
        return failed, changed, result, msg, warnings, error

    assert comparable(from_xml) == comparable(from_json)


def test_the_xml_restore_result_is_the_documented_one(transport):
    transport.route(Gateway())

    failed, changed, result, *_rest = run(make_provider())

    assert not failed and changed
    assert {key: value for key, value in result.items() if key != "response"} == {
        "provider": "autodns",
        "domain": DOMAIN,
        "action": "RESTORE",
        "previous_status": "RESTORABLE",
        "restore_status": "pending",
        "restore_deadline": "2099-03-20T10:00:00.000+0100",
        "job_id": JOB,
        "action_status": "RUNNING",
        "action_status_description": RESTORE_TEXT,
        "invoice": None,
        "stid": STID,
        "diff": {"before": {"status": "RESTORABLE"}, "after": {"status": "RESTORE RUNNING"}},
    }


def test_a_lost_answer_over_xml_is_not_resent(transport):
    transport.route(Gateway(restore=read_timeout()))

    failed, _changed, _result, _msg, _warnings, error = run(make_provider())

    assert failed
    assert error["maybe_executed"] is True
    assert len(restores(transport)) == 1


def test_an_unknown_domain_over_xml_fails_with_the_gateways_code_and_message(transport):
    # The gateway answers HTTP 200 for errors and no source names a "not found" message code: the
    # inquire task's own failure (E0105) is read as unknown and its words are shown (AX-7).
    transport.route(Gateway(restore_list=EMPTY_LIST))

    failed, _changed, _result, msg, *_rest = run(make_provider())

    assert failed and "unknown" in msg and "E0105" in msg and "EF01050" in msg
    assert restores(transport) == []


def test_another_inquire_error_over_xml_is_an_error(transport):
    denied = xml_answer("E0105005", "error", text="Zugriff verweigert", msgs="<msg><code>EF00050</code></msg>")
    transport.route(Gateway(restore_list=EMPTY_LIST, inquire=denied))

    with pytest.raises(RegistrarError) as caught:
        run(make_provider())

    assert caught.value.code == "E0105005"


# Refusal, empty answers, subusers, listing --------------------------------------------------------

BUSY = xml_answer(
    "E0101005",
    "error",
    text="Der Auftrag konnte nicht ausgeführt werden.",
    msgs="<msg><text>Für die Domain %s läuft bereits ein Auftrag.</text><code>EF01000</code><type>error</type></msg>"
    % DOMAIN,
    stid="stid-busy",
)
EMPTY_DATA_ACCEPTED = (
    '<?xml version="1.0" encoding="UTF-8"?><response><result><data/><status><code>N0101005</code>'
    "<type>notify</type><object><type>domain</type><value>%s</value></object></status></result></response>" % DOMAIN
)


def test_a_restore_refused_because_a_job_already_runs_is_in_progress(transport):
    # Over XML a running restore is not visible before the restore; the refusal says it (AX-6, a guess).
    transport.route(Gateway(restore=BUSY))

    failed, changed, result, _msg, _warnings, _error = run(make_provider())

    assert not failed and changed is False
    assert result["restore_status"] == "in_progress"
    assert result["stid"] == "stid-busy"
    assert len(restores(transport)) == 1


def test_a_restore_accepted_with_an_empty_data_is_pending(transport):
    transport.route(Gateway(restore=EMPTY_DATA_ACCEPTED))

    failed, changed, result, *_rest = run(make_provider())

    assert not failed and changed is True
    assert result["restore_status"] == "pending"
    assert result["action_status"] == "RUNNING"
    assert "job_id" not in result and "stid" not in result


def test_an_answer_without_a_status_type_is_not_taken_as_done_and_not_resent(transport):
    answer = '<?xml version="1.0"?><response><result><data/><status><code>X</code></status></result></response>'
    transport.route(Gateway(restore=answer))

    failed, _changed, _result, msg, _warnings, error = run(make_provider())

    assert failed and error["maybe_executed"] is True
    assert "not sent again" in msg
    assert len(restores(transport)) == 1


def test_a_subusers_domain_is_restored_with_the_request_owner(transport):
    listed = xml_answer(
        "S0105005",
        "success",
        "<summary>1</summary><restore><name>%s</name><action>RESTORE</action>"
        "<owner><user>customer2</user><context>4</context></owner></restore>" % DOMAIN,
    )
    transport.route(Gateway(restore_list=listed))

    failed, changed, result, *_rest = run(make_provider())

    assert not failed and changed and result["owner"] == "customer2/4"
    root = etree.fromstring(restores(transport)[0].body)
    assert [child.tag for child in root] == ["auth", "owner", "task"]
    assert (root.findtext("owner/user"), root.findtext("owner/context")) == ("customer2", "4")
    assert etree.fromstring(transport.sent[0].body).find("owner") is None


def test_listing_over_xml_pages_and_names_owners(transport):
    page = xml_answer(
        "S0105005",
        "success",
        "<summary>3</summary>"
        "<restore><name>a.de</name><action>RESTORE</action><owner><user>%s</user><context>4</context></owner>"
        "<restore_phase_end>2026-12-01 00:00:00</restore_phase_end></restore>"
        "<restore><name>b.de</name><action>RESTORE</action><owner><user>customer1</user><context>4</context></owner>"
        "</restore>" % USER,
    )
    transport.answer(answer_xml(page))
    params = {
        "autodns_username": USER,
        "autodns_password": PASSWORD,
        "autodns_context": 4,
        "autodns_gateway_url": GATEWAY,
    }
    provider = AutoDnsXmlRestore(HttpClient(xml_gateway.api(params), ClientSettings(), Redactor()), params)

    entries, more = provider.list_restorable(offset=0, limit=2)

    assert more is True
    assert [(e["domain"], e["owner"], e["restore_deadline"]) for e in entries] == [
        ("a.de", None, "2026-12-01 00:00:00"),
        ("b.de", "customer1/4", None),
    ]
    view = etree.fromstring(transport.sent[0].body).find("task/view")
    assert [(child.tag, child.text) for child in view] == [("offset", "0"), ("limit", "2"), ("children", "1")]
    assert etree.fromstring(transport.sent[0].body).find("task/where") is None
