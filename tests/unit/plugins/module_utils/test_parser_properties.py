# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Property-based tests of the response parsers: no answer makes them raise anything but the
collection's own errors (RegistrarError, InputError, and XmlAnswerError inside the XML parser).

Answers are fed to the real HttpClient (retry policy, decoding, the provider's error mapper)
through the unit tests' one seam, the fake transport under requests; the provider units and
``_restore.run`` then work on them as they would on a registrar's. The regression tests at the
end pin, example by example, the answers that once made the parsers raise (the strategies
generate such shapes too).
"""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from requests.structures import CaseInsensitiveDict

from ansible_collections.domainops.registrar.plugins.module_utils import _logicboxes
from ansible_collections.domainops.registrar.plugins.module_utils import _restore as restore
from ansible_collections.domainops.registrar.plugins.module_utils._autodns import json_api as _autodns
from ansible_collections.domainops.registrar.plugins.module_utils._common import InputError
from ansible_collections.domainops.registrar.plugins.module_utils._domain_name import normalise_domain
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._hostup import legacy as _hostup
from ansible_collections.domainops.registrar.plugins.module_utils._hostup.base import sync_error_message
from ansible_collections.domainops.registrar.plugins.module_utils._http import (
    ClientSettings,
    HttpClient,
    HttpResponse,
    _parse_retry_after,
    decode_json,
)
from ansible_collections.domainops.registrar.plugins.module_utils._redact import MASK, Redactor
from ansible_collections.domainops.registrar.tests.unit.plugins import reliability_cases as cases
from ansible_collections.domainops.registrar.tests.unit.plugins import reliability_support as support

etree = pytest.importorskip("lxml.etree")
from ansible_collections.domainops.registrar.plugins.module_utils._autodns import xml_gateway as _autodns_xml  # noqa: E402

# MATRIX_MAX_EXAMPLES raises the number of examples for a deeper local search.
PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("MATRIX_MAX_EXAMPLES", "200")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
URL = "https://registrar.invalid/api/"

# ---------------------------------------------------------------------------------------------
# Strategies

json_leaf = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=16)
json_any = st.recursive(
    json_leaf,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=6,
)
text_or_none = st.none() | st.text(max_size=24)
statuses = st.sampled_from([200, 200, 200, 201, 204, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504])
headers = st.fixed_dictionaries({}, optional={"Retry-After": st.sampled_from(["0", "1", "120", "soon", ""])})


def maybe(strategy):
    """Mostly the expected shape, sometimes anything JSON."""
    return st.one_of(strategy, strategy, json_any)


def shaped(keys):
    return st.fixed_dictionaries({}, optional=keys)


def encoded(body):
    return st.one_of(
        body.map(lambda value: json.dumps(value).encode("utf-8")),
        body.map(lambda value: json.dumps(value)[: len(json.dumps(value)) // 2].encode("utf-8")),
        st.binary(max_size=48),
        st.sampled_from([b"", b"null", b"12121212", b'"12121212"', b"<html><body>502</body></html>", b"\xff\xfe{}"]),
    )


def answers(body):
    """Lists of (status, headers, body bytes): what the registrar answers to successive requests."""
    return st.lists(st.tuples(statuses, headers, encoded(body)), min_size=1, max_size=3)


hostup_data = shaped(
    {
        "syncSuccess": maybe(st.booleans() | st.sampled_from(["true", "false", "1", 0])),
        "previousStatus": maybe(text_or_none),
        "newStatus": maybe(text_or_none),
        "statusChanged": maybe(st.booleans()),
        "statusChangedToActive": maybe(st.booleans()),
        "info": maybe(text_or_none),
        "error": maybe(st.lists(st.none() | st.text(max_size=16), max_size=3)),
        "revertAttempted": json_any,
        "revertError": json_any,
        "doubleSyncAttempted": json_any,
        "doubleSyncError": json_any,
        "domain": maybe(shaped({"id": json_any, "name": json_any, "epp_code": st.text(min_size=8, max_size=12)})),
    }
)


hostup_body = shaped(
    {
        "success": maybe(st.booleans()),
        "requestId": maybe(text_or_none),
        "data": maybe(hostup_data),
        "message": json_any,
        "error": json_any,
        "code": json_any,
        "details": maybe(st.lists(shaped({"field": json_any, "message": json_any, "code": json_any}), max_size=2)),
    }
)

lb_statuses = st.sampled_from(
    [
        "Pending Delete Restorable",
        "Active",
        "InActive",
        "Suspended",
        "QueuedForDeletion",
        "Deleted",
        "Archived",
        "Weird",
    ]
)
lb_action_statuses = st.sampled_from(
    ["Success", "Pending", "InProgress", "AdminApproved", "Failed", "Error", "ERROR", "RFASent"]
)
lb_body = shaped(
    {
        "domainname": maybe(st.none() | st.sampled_from([cases.LB_DOMAIN, "other.com"]) | st.text(max_size=12)),
        "currentstatus": maybe(lb_statuses),
        "actionstatus": maybe(lb_action_statuses),
        "actionstatusdesc": json_any,
        "actioncompleted": maybe(st.sampled_from(["0", "1764484200", "", 0])),
        "eaqid": json_any,
        "orderid": json_any,
        "invoiceid": json_any,
        "sellingamount": json_any,
        "customerid": json_any,
        "domsecret": st.text(min_size=8, max_size=12),
        "status": maybe(st.sampled_from(["ERROR", "error", "Failed", "Success"])),
        "message": json_any,
        "error": json_any,
        # The search family's envelope (actions/search-current.json, domains/search.json).
        "recsindb": maybe(st.sampled_from(["0", "1", "2", "75"])),
        "1": maybe(
            shaped(
                {
                    "entityid": maybe(st.sampled_from([str(cases.LB_ORDER_ID), "99"])),
                    "actioncompleted": maybe(st.sampled_from(["0", "1764484200"])),
                    "orders.orderid": json_any,
                    "entity.description": maybe(st.sampled_from([cases.LB_DOMAIN, "other.com"])),
                    "entity.currentstatus": maybe(lb_statuses),
                }
            )
        ),
    }
)

autodns_item = shaped(
    {
        "name": maybe(st.sampled_from([cases.AUTODNS_RESTORABLE, "other.de"])),
        "restorePhaseEnd": maybe(
            st.sampled_from(
                ["2099-01-01T00:00:00.000+0000", "2000-01-01T00:00:00Z", "2019-07-01 10:51:27", "garbage", "+9999"]
            )
            | st.datetimes(timezones=st.none() | st.timezones()).map(lambda when: when.isoformat())
        ),
        "status": maybe(st.sampled_from(["RUNNING", "SUCCESS", "FAILED", "CANCELED", "WAIT"])),
        "action": maybe(st.sampled_from(["RESTORE", "RESTORE_RENEW", "CREATE"])),
        "id": json_any,
        "registryStatus": json_any,
        "authinfo": st.text(min_size=8, max_size=12),
    }
)
autodns_body = shaped(
    {
        "stid": json_any,
        "status": maybe(
            shaped(
                {
                    "code": maybe(st.sampled_from(["S0105005", "N0101005", "E0105", "E0101005"])),
                    "text": maybe(text_or_none),
                    "type": maybe(st.sampled_from(["SUCCESS", "NOTIFY", "ERROR", "NOTICE"])),
                }
            )
        ),
        "data": maybe(st.lists(autodns_item, max_size=3)),
        "messages": maybe(st.lists(shaped({"code": json_any, "text": json_any, "status": json_any}), max_size=2)),
    }
)

XML_TAGS = (
    "response", "result", "status", "code", "text", "type", "data", "restore", "name", "action", "summary",
    "restore_phase_end", "domain", "domain_job", "job", "id", "msg", "stid", "ctid", "registry_status", "x",
)  # fmt: skip


def _element(tree):
    tag, content = tree
    element = etree.Element(tag)
    if isinstance(content, str):
        element.text = content
    else:
        for child in content:
            element.append(_element(child))
    return element


xml_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
xml_trees = st.recursive(
    st.tuples(st.sampled_from(XML_TAGS), xml_text),
    lambda children: st.tuples(st.sampled_from(XML_TAGS), st.lists(children, max_size=4)),
    max_leaves=8,
)


@st.composite
def gateway_answers(draw):
    """A <response>, mostly shaped like the gateway's, as bytes."""
    status_type = draw(st.sampled_from(["success", "error", "notify", "SUCCESS", "", "weird"]))
    status = [
        ("code", draw(st.sampled_from(["S0105005", "S0105", "N0101005", "E0105", "E0101005"]))),
        ("type", status_type),
    ]
    if draw(st.booleans()):
        # Mostly text, sometimes elements (as in <text><b>x</b></text>).
        status.append(("text", draw(st.one_of(xml_text, xml_text, st.lists(xml_trees, min_size=1, max_size=2)))))
    data_items = draw(st.lists(xml_trees, max_size=3))
    if draw(st.booleans()):
        name = draw(st.sampled_from([cases.XML_RESTORABLE, "other.de"]))
        data_items.append(("restore", [("name", name), ("action", "RESTORE")]))
    if draw(st.booleans()):
        data_items.append(
            ("domain_job", [("job", [("id", draw(st.sampled_from(["42", "x", ""]))), ("status", "RUNNING")])])
        )
    result = [("data", data_items), ("status", status)]
    result += draw(st.lists(st.tuples(st.just("msg"), st.lists(xml_trees, max_size=3)), max_size=2))
    root = ("response", [("result", result), ("stid", draw(xml_text))])
    if draw(st.integers(0, 9)) == 0:
        root = draw(xml_trees)
    return etree.tostring(_element(root), xml_declaration=draw(st.booleans()), encoding="UTF-8")


xml_answers = st.lists(
    st.tuples(statuses, headers, gateway_answers() | st.binary(max_size=48) | st.sampled_from([b"", b"<response/>"])),
    min_size=1,
    max_size=4,
)

# ---------------------------------------------------------------------------------------------
# A real client; the unit tests' fake transport (conftest.py) replays the scripted answers

_TRANSPORT = []


@pytest.fixture(autouse=True)
def _scripted_transport(transport):
    """The test's fake transport, for ``scripted`` (autouse: hypothesis reuses it across examples)."""
    _TRANSPORT[:] = [transport]


def scripted(client, script):
    """Make ``client`` answer each request with the next (status, headers, body) of ``script``, then 404."""
    fake = _TRANSPORT[0]
    fake.script.clear()
    fake.answer(*script).route(lambda sent: (404, {}, b""))
    return client


def client_settings():
    return ClientSettings(timeout=5, retries=1, max_retry_wait=30)


def hostup_client(script):
    client = HttpClient(
        _hostup.api({"hostup_api_key": cases.HOSTUP_KEY, "hostup_api_url": URL}),
        client_settings(),
        Redactor(),
    )
    return scripted(client, script)


def logicboxes_unit(script, order_id=None):
    params = support.logicboxes_params(URL, order_id=order_id)
    client = HttpClient(_logicboxes.api(params), client_settings(), Redactor())
    return _logicboxes.LogicBoxesRestore(scripted(client, script), params, cases.LB_DOMAIN)


def autodns_json_unit(script):
    params = support.autodns_params(URL)
    client = HttpClient(_autodns.api(params), client_settings(), Redactor())
    return _autodns.AutoDnsJsonRestore(scripted(client, script), params, cases.AUTODNS_RESTORABLE)


def autodns_xml_unit(script):
    params = support.autodns_params(URL)
    client = HttpClient(_autodns_xml.api(params), client_settings(), Redactor())
    return _autodns_xml.AutoDnsXmlRestore(scripted(client, script), params, cases.XML_RESTORABLE)


def only_own_errors(call, *allowed):
    """Run ``call``; any exception but the collection's own (and ``allowed``) fails the property."""
    try:
        return call()
    except (RegistrarError, InputError, *allowed) as exc:
        one_line = exc.one_line() if isinstance(exc, RegistrarError) else str(exc)
        assert "\n" not in one_line and "Traceback" not in one_line, one_line
        return None


def run_restore(unit, wait):
    outcome = only_own_errors(
        # The sleeps fixture (conftest.py) gives the restore flow a recording sleep and a fake clock.
        lambda: restore.run(unit, wait=wait, wait_timeout=5),
        restore.RestoreFailed,
    )
    if outcome is not None:
        changed, result, warnings = outcome
        assert isinstance(changed, bool)
        json.dumps(result)
        json.dumps(warnings)
    return outcome


# ---------------------------------------------------------------------------------------------
# The properties


@PROPERTY_SETTINGS
@given(answers(hostup_body))
def test_hostup_status_sync_normalisation(script):
    result = only_own_errors(lambda: _hostup.status_sync(hostup_client(script), 20629, return_record=True))
    if result is not None:
        json.dumps(result)
        assert "epp_code" not in json.dumps(result["domain"])
        message = sync_error_message(result)
        assert "\n" not in message


@PROPERTY_SETTINGS
@given(
    answers(lb_body),
    st.sampled_from([None, cases.LB_ORDER_ID]),
    st.sampled_from(["lookup", "read", "restore", "poll", "list", "run", "run+wait"]),
)
def test_logicboxes_answers(script, order_id, action):
    unit = logicboxes_unit(script, cases.LB_ORDER_ID if action in ("restore", "poll") else order_id)
    running = restore.RestoreOutcome(restore.RUNNING, "Pending", action_id=1)
    calls = {
        "lookup": unit.lookup_order_id,
        "read": unit.read_state,
        "restore": unit.restore,
        "poll": lambda: unit.poll(running),
        "list": lambda: unit.list_restorable(domain=cases.LB_DOMAIN, limit=10),
    }
    if action in calls:
        only_own_errors(calls[action])
    else:
        run_restore(unit, wait=action == "run+wait")


@PROPERTY_SETTINGS
@given(answers(autodns_body), st.sampled_from(["read", "restore", "poll", "run", "run+wait"]))
def test_autodns_json_envelopes(script, action):
    unit = autodns_json_unit(script)
    running = restore.RestoreOutcome(restore.RUNNING, "RUNNING", job_id=7)
    calls = {"read": unit.read_state, "restore": unit.restore, "poll": lambda: unit.poll(running)}
    if action in calls:
        only_own_errors(calls[action])
    else:
        run_restore(unit, wait=action == "run+wait")


@PROPERTY_SETTINGS
@given(xml_answers, st.sampled_from(["read", "restore", "run", "run+wait"]))
def test_autodns_xml_answers(script, action):
    unit = autodns_xml_unit(script)
    calls = {"read": unit.read_state, "restore": unit.restore}
    if action in calls:
        only_own_errors(calls[action])
    else:
        run_restore(unit, wait=action == "run+wait")


@PROPERTY_SETTINGS
@given(gateway_answers() | st.binary(max_size=64))
def test_xml_parse_answer(content):
    answer = only_own_errors(lambda: _autodns_xml.parse_answer(content), _autodns_xml.XmlAnswerError)
    if answer is not None:
        assert isinstance(answer["status"], dict) and isinstance(answer["messages"], list)
        assert isinstance(answer["data"], dict)


@PROPERTY_SETTINGS
@given(xml_trees)
def test_xml_element_to_data(tree):
    data = _autodns_xml.element_to_data(_element(tree))
    assert isinstance(data, (dict, str))
    json.dumps(data)


@PROPERTY_SETTINGS
@given(st.text(max_size=80) | st.from_regex(r"[A-Za-z0-9\u00c0-\u024f.\-]{1,40}", fullmatch=True))
def test_normalise_domain(value):
    name = only_own_errors(lambda: normalise_domain(value))
    if name is not None:
        assert name.isascii() and name == name.lower() and len(name) <= 253
        assert all(0 < len(label) <= 63 for label in name.split("."))
        assert normalise_domain(name) == name, "normalising twice changes the name"


@PROPERTY_SETTINGS
@given(st.text(max_size=40) | st.sampled_from(["1", "0", "-5", "1e400", "nan", "Wed, 21 Oct 2015 07:28:00 GMT"]))
def test_retry_after(value):
    wait = _parse_retry_after(value)
    assert wait is None or (isinstance(wait, float) and wait >= 0), wait


@PROPERTY_SETTINGS
@given(statuses, st.binary(max_size=200), st.sampled_from([decode_json, None]))
def test_http_response_decoding(status, content, decode):
    response = HttpResponse(status, CaseInsensitiveDict(), content, decode)
    assert response.data is None or decode is decode_json
    snippet = response.snippet()
    assert "\n" not in snippet and len(snippet) <= 123


@PROPERTY_SETTINGS
@given(
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", min_size=8, max_size=32),
    st.text(max_size=40),
    st.text(max_size=40),
)
def test_redactor_masks_known_secrets(secret, before, after):
    redactor = Redactor([secret])
    text = redactor.text(before + secret + after)
    assert secret not in text
    assert MASK in text
    assert secret not in json.dumps(redactor.data({"message": before + secret + after, "epp_code": secret}))


# ---------------------------------------------------------------------------------------------
# Regressions: answers that once made the parsers raise, each pinned by its own example


def test_regression_status_text_not_str_json():
    """An AutoDNS status text that is a number is shown as text (was a TypeError)."""
    body = json.dumps({"status": {"code": "E0105", "text": 5, "type": "ERROR"}}).encode()
    with pytest.raises(RegistrarError) as caught:
        autodns_json_unit([(500, {}, body)]).read_state()
    message = caught.value.one_line()
    assert message.endswith("code E0105: 5"), message
    assert "\n" not in message


def test_regression_status_text_not_str_xml():
    """A gateway <text> holding elements is left out of the message (was a TypeError)."""
    body = (
        b"<response><result><status><code>E0105</code><type>error</type>"
        b"<text><b>x</b></text></status></result></response>"
    )
    with pytest.raises(RegistrarError) as caught:
        autodns_xml_unit([(200, {}, body)]).read_state()
    message = caught.value.one_line()
    assert "code E0105" in message and "the registrar reported an error" in message, message
    assert "\n" not in message


def test_regression_hostup_null_sync_error():
    """Null entries of HostUp's data.error list are dropped (joining them was a TypeError)."""
    body = json.dumps({"success": True, "data": {"syncSuccess": False, "error": [None, "lookup failed"]}}).encode()
    result = _hostup.status_sync(hostup_client([(200, {}, body)]), 20629)
    assert result["sync_success"] is False
    assert result["sync_errors"] == ["lookup failed"]
    message = sync_error_message(result)
    assert message.endswith("reported syncSuccess false: lookup failed"), message
    assert "None" not in message


def test_regression_lb_domainname_not_str():
    """A non-string domainname in LogicBoxes details counts as absent (.lower() was an AttributeError)."""
    details = json.dumps({"domainname": 5, "currentstatus": "Active"}).encode()
    state = logicboxes_unit([(200, {}, details)], order_id=cases.LB_ORDER_ID).read_state()
    assert state.kind == restore.ACTIVE, state.__dict__
    assert (state.domain, state.order_id) == (cases.LB_DOMAIN, cases.LB_ORDER_ID)


def test_regression_deeply_nested_json():
    """JSON nested 100000 levels deep is "not valid JSON", not a RecursionError."""
    nested = b"[" * cases.DEEP_JSON_LEVELS + b"]" * cases.DEEP_JSON_LEVELS
    response = HttpResponse(200, CaseInsensitiveDict(), nested, decode_json)
    assert response.data is None
    assert response.decode_error == "the answer is not valid JSON (Content-Type missing)"
    with pytest.raises(RegistrarError) as caught:
        autodns_json_unit([(200, {}, nested)]).read_state()
    assert "not valid JSON" in caught.value.one_line(), caught.value.one_line()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_xml_entities_never_resolved_in_any_encoding(encoding):
    """Whatever the encoding, an answer with entities is refused: never read, never expanded."""
    for document in (cases.XXE_BODY, cases.BILLION_LAUGHS):
        document = document.replace('encoding="UTF-8"', "").replace('<?xml version="1.0"?>', '<?xml version="1.0" ?>')
        document = document.replace('<?xml version="1.0" ?>', '<?xml version="1.0" encoding="%s"?>' % encoding.upper())
        with pytest.raises(_autodns_xml.XmlAnswerError) as caught:
            _autodns_xml.parse_answer(document.encode(encoding))
        shown = str(caught.value)
        assert "root:" not in shown and "lollol" not in shown, shown


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_regression_doctype_refused_in_utf16(encoding):
    """A UTF-16/32 answer with a DOCTYPE is refused like a UTF-8 one (the byte pattern missed it)."""
    document = cases.XXE_BODY.replace('encoding="UTF-8"', 'encoding="%s"' % encoding.upper())
    with pytest.raises(_autodns_xml.XmlAnswerError) as caught:
        _autodns_xml.parse_answer(document.encode(encoding))
    assert str(caught.value) == "the XML answer declares a DOCTYPE or entities; refused for safety"
