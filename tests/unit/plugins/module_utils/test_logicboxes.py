# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""LogicBoxes/ResellerClub: exact requests, error shapes, status mapping, and the key kept out of sight."""

from __future__ import annotations

import pytest

from ansible_collections.domainops.registrar.plugins.module_utils import _logicboxes
from ansible_collections.domainops.registrar.plugins.module_utils import _restore as restore_mod
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._http import ClientSettings, HttpClient
from ansible_collections.domainops.registrar.plugins.module_utils._logicboxes import LogicBoxesRestore, api
from ansible_collections.domainops.registrar.plugins.module_utils._redact import Redactor
from ansible_collections.domainops.registrar.tests.unit.plugins.fakes import (
    answer_json,
    answer_raw,
    read_timeout,
    serialised,
)

KEY = "lb-key-Zq81xW0p"
USERID = "654321"
ORDER = 12121212
URL = "https://test.httpapi.com/api/"

RESTORE_SUCCESS = {
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


def details(status="Pending Delete Restorable", **extra):
    body = {
        "orderid": str(ORDER),
        "domainname": "example.com",
        "currentstatus": status,
        "orderstatus": [],
        "domainstatus": ["renewhold"],
        "endtime": "1767225600",
        "domsecret": "DS-SECRET-0042",
        "customerid": "7123",
    }
    body.update(extra)
    return body


def restore_answer(**changes):
    body = dict(RESTORE_SUCCESS)
    body.update(changes)
    return {key: value for key, value in body.items() if value is not None}


def params(**extra):
    base = {
        "provider": "logicboxes",
        "logicboxes_api_key": KEY,
        "logicboxes_auth_userid": USERID,
        "logicboxes_api_url": URL,
        "order_id": None,
        "invoice_option": "KeepInvoice",
    }
    base.update(extra)
    return base


def make_provider(domain="example.com", retries=3, **extra):
    values = params(**extra)
    client = HttpClient(api(values), ClientSettings(retries=retries), Redactor())
    return LogicBoxesRestore(client, values, domain)


NO_ACTIONS = {"recsonpage": "0", "recsindb": "0"}


def current_actions(*actions):
    """An ``actions/search-current.json`` answer: numbered entries with string counts."""
    body = {"recsonpage": str(len(actions)), "recsindb": str(len(actions))}
    for number, action in enumerate(actions, 1):
        entry = {
            "eaqid": "2222222",
            "entityid": str(ORDER),
            "entitytypeid": "3",
            "actiontype": "RestoreDomain",
            "actiontypedesc": "restore",
            "actionstatus": "Pending",
            "actionstatusdesc": "waiting for the invoice to be paid",
            "actionadded": "1764484200",
            "actionstarted": "0",
            "actioncompleted": "0",
        }
        entry.update(action)
        body[str(number)] = entry
    return body


class Registrar:
    """Routes the LogicBoxes calls; each attribute is the answer (entry) for that call."""

    def __init__(self, order=ORDER, state=None, restore=None, actions=None):
        self.order = answer_raw(str(order)) if isinstance(order, int) else order
        self.details = [answer_json(state or details())]
        self.restore = restore or answer_json(RESTORE_SUCCESS)
        self.actions = actions or answer_json(NO_ACTIONS)

    def __call__(self, sent):
        if sent.path.endswith("/domains/orderid.json"):
            return self.order
        if sent.path.endswith("/domains/details.json"):
            return self.details.pop(0) if len(self.details) > 1 else self.details[0]
        if sent.path.endswith("/actions/search-current.json"):
            return self.actions
        if sent.path.endswith("/domains/restore.json"):
            return self.restore
        raise AssertionError("unexpected path %s" % sent.path)


def run(provider, **kwargs):
    """(failed, changed, result, msg, warnings, error) of one restore run."""
    try:
        changed, result, warnings = restore_mod.run(provider, **kwargs)
    except restore_mod.RestoreFailed as exc:
        return True, None, exc.result, exc.msg, [], exc.error.as_dict() if exc.error else None
    return False, changed, result, result.get("msg"), warnings, None


def posts(transport):
    return [sent for sent in transport.sent if sent.method == "POST"]


# Exact requests -----------------------------------------------------------------------------------


def test_the_order_id_is_looked_up_by_name_and_answers_a_bare_integer(transport):
    transport.answer(answer_raw(b"12121212"))

    assert make_provider().lookup_order_id() == ORDER

    (sent,) = transport.sent
    assert sent.method == "GET"
    assert sent.url.startswith("https://test.httpapi.com/api/domains/orderid.json?")
    assert sent.query == {"auth-userid": [USERID], "api-key": [KEY], "domain-name": ["example.com"]}
    assert sent.body == b""


def test_an_order_id_sent_as_a_json_string_is_accepted(transport):
    transport.answer(answer_json("12121212"))

    assert make_provider().lookup_order_id() == ORDER


@pytest.mark.parametrize("body", [b'{"orderid": 1}', b'"abc"', b"0", b"true", b"-5"])
def test_an_order_id_answer_that_is_not_a_positive_integer_is_an_error(transport, body):
    transport.answer(answer_raw(body))

    with pytest.raises(RegistrarError) as info:
        make_provider().lookup_order_id()

    assert "bare integer" in str(info.value)


def test_the_details_are_read_with_the_option_that_carries_open_actions(transport):
    transport.answer(answer_json(details()))

    assert make_provider().order_details(ORDER)["currentstatus"] == "Pending Delete Restorable"

    (sent,) = transport.sent
    assert sent.method == "GET"
    assert sent.path == "/api/domains/details.json"
    assert sent.query == {
        "auth-userid": [USERID],
        "api-key": [KEY],
        "order-id": [str(ORDER)],
        "options": ["All"],
    }


def test_the_restore_is_a_post_with_every_parameter_in_the_body_and_nothing_in_the_url(transport):
    transport.route(Registrar())

    failed, changed, *_rest = run(make_provider(invoice_option="PayInvoice"))

    assert not failed and changed
    (sent,) = posts(transport)
    assert sent.url == "https://test.httpapi.com/api/domains/restore.json"
    assert sent.query_string == ""
    assert sent.header("Content-Type") == "application/x-www-form-urlencoded"
    assert sent.form == {
        "auth-userid": [USERID],
        "api-key": [KEY],
        "order-id": [str(ORDER)],
        "invoice-option": ["PayInvoice"],
    }


def test_a_given_order_id_skips_the_lookup(transport):
    transport.route(Registrar())

    run(make_provider(domain=None, order_id=ORDER))

    assert [sent.path for sent in transport.sent] == [
        "/api/domains/details.json",
        "/api/actions/search-current.json",
        "/api/domains/restore.json",
    ]


def test_the_reseller_id_is_not_masked_inside_other_numbers(transport):
    # The reseller id is no secret; masking it would garble order ids and amounts that contain it.
    transport.route(Registrar())

    failed, _changed, result, _msg, _warnings, _error = run(make_provider(domain=None, order_id=int("87" + USERID)))

    assert not failed
    assert result["order_id"] == int("87" + USERID)
    assert "87" + USERID in str(result)


# Error shapes -----------------------------------------------------------------------------------

ERROR_SHAPES = [
    ({"status": "ERROR", "message": "Invalid Order Id"}, "Invalid Order Id"),
    ({"status": "error", "error": "Order is locked"}, "Order is locked"),
    ({"status": "Failed", "actionstatusdesc": "Insufficient funds"}, "Insufficient funds"),
]


@pytest.mark.parametrize("http_status", [200, 500])
@pytest.mark.parametrize("body, message", ERROR_SHAPES, ids=["ERROR-message", "error-error", "Failed-desc"])
def test_every_error_shape_is_recognised_on_a_read(transport, body, message, http_status):
    transport.answer(answer_json(body, status=http_status))

    with pytest.raises(RegistrarError) as info:
        make_provider().order_details(ORDER)

    assert message in str(info.value)
    assert "HTTP %d" % http_status in str(info.value)
    assert info.value.code == body["status"]
    assert len(transport) == 1


@pytest.mark.parametrize("http_status", [200, 500])
@pytest.mark.parametrize("body, message", ERROR_SHAPES, ids=["ERROR-message", "error-error", "Failed-desc"])
def test_every_error_shape_fails_the_restore_without_a_second_request(transport, body, message, http_status):
    registrar = Registrar(restore=answer_json(body, status=http_status))
    transport.route(registrar)

    failed, _changed, _result, msg, _warnings, error = run(make_provider())

    assert failed
    assert message in msg
    assert "LogicBoxes restore failed" in msg
    assert error["maybe_executed"] is False
    assert len(posts(transport)) == 1


def test_a_refused_ip_comes_as_http_500_with_an_error_body(transport):
    transport.answer(answer_json({"status": "ERROR", "message": "Access Denied: IP not allowed"}, status=500))

    with pytest.raises(RegistrarError) as info:
        make_provider().lookup_order_id()

    assert "Access Denied" in str(info.value)
    assert len(transport) == 1  # an HTTP 500 is not a gateway error: no retry


@pytest.mark.parametrize(
    "where, text, given_order",
    [
        ("orderid", "Website doesn't exist for example.com", None),
        ("details", "No Entity found for Entityid 99999999", 99999999),
    ],
)
def test_not_found_texts_mean_an_unknown_domain(transport, where, text, given_order):
    registrar = Registrar()
    if where == "orderid":
        registrar.order = answer_json({"status": "ERROR", "message": text}, status=500)
    else:
        registrar.details = [answer_json({"status": "ERROR", "message": text}, status=500)]
    transport.route(registrar)

    failed, _changed, _result, msg, _warnings, _error = run(make_provider(order_id=given_order))

    assert failed
    assert "unknown to the registrar" in msg and text in msg
    assert posts(transport) == []


def test_an_order_of_another_domain_is_refused(transport):
    transport.route(Registrar(state=details(domainname="other.com")))

    failed, _changed, _result, msg, _warnings, _error = run(make_provider(order_id=ORDER))

    assert failed
    assert "belongs to other.com" in msg
    assert posts(transport) == []


# Status mapping -----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["Active", "InActive", "Suspended"])
def test_a_domain_that_is_not_deleted_needs_no_restore(transport, status):
    transport.route(Registrar(state=details(status)))

    failed, changed, result, _msg, warnings, _error = run(make_provider())

    assert not failed and changed is False
    assert result["restore_status"] == "not_needed"
    assert result["previous_status"] == status
    assert result["order_id"] == ORDER
    assert posts(transport) == []
    assert bool(warnings) is (status != "Active")


@pytest.mark.parametrize("status", ["Deleted", "Archived"])
def test_a_domain_past_the_restore_window_fails_with_the_reason(transport, status):
    transport.route(Registrar(state=details(status)))

    failed, _changed, result, msg, _warnings, _error = run(make_provider())

    assert failed
    assert "past the restore window" in msg and status in msg
    assert result["previous_status"] == status
    assert posts(transport) == []


def test_an_unexpected_status_fails_rather_than_guessing(transport):
    transport.route(Registrar(state=details("Pending Verification")))

    failed, _changed, _result, msg, _warnings, _error = run(make_provider())

    assert failed and "unexpected order status" in msg
    assert posts(transport) == []


@pytest.mark.parametrize("action_status", ["Pending", "InProgress", "AdminApproved"])
def test_an_open_restore_action_is_in_progress_and_nothing_is_sent(transport, action_status):
    state = details(
        eaqid=2222222,
        actiontype="Restore",
        actiontypedesc="Restore of domain",
        actionstatus=action_status,
        actionstatusdesc="waiting for invoice payment",
        actioncompleted="0",
    )
    transport.route(Registrar(state=state))

    failed, changed, result, _msg, _warnings, _error = run(make_provider())

    assert not failed and changed is False
    assert result["restore_status"] == "in_progress"
    assert result["action_id"] == 2222222
    assert result["action_status"] == action_status
    assert posts(transport) == []


def test_a_completed_earlier_action_does_not_block_the_restore(transport):
    # actioncompleted is '0' while open, else the completion timestamp (never "true").
    transport.route(Registrar(state=details(actionstatus="Success", actioncompleted="1764484200", eaqid=1)))

    failed, changed, *_rest = run(make_provider())

    assert not failed and changed
    assert len(posts(transport)) == 1


@pytest.mark.parametrize(
    "action_status, restore_status",
    [("Success", "restored"), ("Pending", "pending"), ("InProgress", "pending"), ("AdminApproved", "pending")],
)
def test_an_accepted_restore_maps_its_action_status(transport, action_status, restore_status):
    transport.route(Registrar(restore=answer_json(restore_answer(actionstatus=action_status))))

    failed, changed, result, _msg, _warnings, _error = run(make_provider())

    assert not failed and changed is True
    assert result["restore_status"] == restore_status
    assert result["action_status"] == action_status
    assert result["action_id"] == 1111111
    assert result["diff"]["before"] == {"status": "Pending Delete Restorable"}


def test_a_restored_domain_returns_the_documented_result(transport):
    transport.route(Registrar())

    failed, changed, result, _msg, _warnings, _error = run(make_provider())

    assert not failed and changed
    assert result == {
        "provider": "logicboxes",
        "domain": "example.com",
        "order_id": ORDER,
        "previous_status": "Pending Delete Restorable",
        "restore_status": "restored",
        "action_id": 1111111,
        "action_status": "Success",
        "action_status_description": "restored successfully",
        "invoice": {"id": "87654", "amount": "5.00", "currency": "USD", "customer_id": "7123"},
        "response": RESTORE_SUCCESS,
        "diff": {"before": {"status": "Pending Delete Restorable"}, "after": {"status": "Active"}},
    }


def test_a_failed_action_status_fails_the_task(transport):
    answer = restore_answer(actionstatus="Failed", actionstatusdesc="Registry rejected the restore", invoiceid=None)
    transport.route(Registrar(restore=answer_json(answer)))

    failed, _changed, result, msg, _warnings, _error = run(make_provider())

    assert failed
    assert "rejected" in msg and "Registry rejected the restore" in msg
    assert result["action_status"] == "Failed"


def test_no_invoice_means_no_invoice_in_the_result(transport):
    answer = restore_answer(invoiceid=None, sellingcurrencysymbol=None, sellingamount=None, customerid=None)
    transport.route(Registrar(restore=answer_json(answer)))

    failed, _changed, result, *_rest = run(make_provider(invoice_option="NoInvoice"))

    assert not failed
    assert result["invoice"] is None


def test_resellerclub_is_the_same_api_under_its_own_name(transport):
    transport.route(Registrar(state=details("Deleted")))

    failed, _changed, result, msg, _warnings, _error = run(make_provider(provider="resellerclub"))

    assert failed and msg.startswith("ResellerClub")
    assert result["provider"] == "resellerclub"


# Waiting ------------------------------------------------------------------------------------------


def test_wait_polls_the_order_until_it_is_active_no_faster_than_every_two_seconds(transport, sleeps):
    registrar = Registrar(restore=answer_json(restore_answer(actionstatus="Pending")))
    registrar.details = [
        answer_json(details()),
        answer_json(details(actionstatus="Pending", eaqid=1111111)),
        answer_json(details(actionstatus="InProgress", eaqid=1111111)),
        answer_json(details("Active", actionstatus="Success", eaqid=1111111)),
    ]
    transport.route(registrar)

    failed, changed, result, *_rest = run(make_provider(), wait=True, wait_timeout=300)

    assert not failed and changed
    assert result["restore_status"] == "restored"
    assert result["action_status"] == "Success"
    assert len(sleeps.waits) == 3
    assert all(wait >= _logicboxes.POLL_INTERVAL for wait in sleeps.waits)
    assert len(posts(transport)) == 1


def test_wait_reports_a_restore_that_failed_later(transport, sleeps):
    registrar = Registrar(restore=answer_json(restore_answer(actionstatus="Pending")))
    registrar.details = [
        answer_json(details()),
        answer_json(details(actionstatus="Failed", actionstatusdesc="payment declined")),
    ]
    transport.route(registrar)

    failed, _changed, _result, msg, _warnings, _error = run(make_provider(), wait=True)

    assert failed
    assert "failed at the registrar" in msg and "payment declined" in msg


# An ambiguous restore answer ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "lost",
    [
        read_timeout,
        lambda: answer_raw("<html>Bad Gateway</html>", status=502, content_type="text/html"),
        lambda: answer_raw("<html>Internal Server Error</html>", status=500, content_type="text/html"),
    ],
    ids=["read-timeout", "502", "500-html"],
)
def test_a_lost_restore_answer_is_never_resent_and_the_state_is_re_read(transport, lost):
    registrar = Registrar(restore=lost())
    registrar.details = [answer_json(details()), answer_json(details("Active"))]
    transport.route(registrar)

    failed, changed, result, _msg, warnings, _error = run(make_provider())

    assert not failed and changed
    assert result["restore_status"] == "restored"
    assert len(posts(transport)) == 1
    assert any("not sent again" in warning for warning in warnings)


def test_a_lost_restore_answer_with_the_domain_still_restorable_fails_without_resending(transport):
    registrar = Registrar(restore=read_timeout())
    transport.route(registrar)

    failed, _changed, _result, msg, _warnings, error = run(make_provider())

    assert failed
    assert "not sent again" in msg
    assert error["maybe_executed"] is True
    assert len(posts(transport)) == 1


# The key stays hidden -----------------------------------------------------------------------------

ECHOING = {
    "restored": Registrar(restore=answer_json(restore_answer(actionstatusdesc="done for api-key=%s" % KEY))),
    "error-200": Registrar(restore=answer_json({"status": "ERROR", "message": "Bad key %s for %s" % (KEY, USERID)})),
    "error-500": Registrar(
        restore=answer_json({"status": "error", "error": "auth-userid=%s&api-key=%s refused" % (USERID, KEY)}, 500)
    ),
    "not-found": Registrar(order=answer_json({"status": "ERROR", "message": "Website doesn't exist for " + KEY}, 500)),
    "html-page": Registrar(
        restore=answer_raw("<html><body>proxy error for ?api-key=%s</body></html>" % KEY, 500, "text/html")
    ),
    "details-echo": Registrar(state=details("Active", note="key %s" % KEY, **{"api-key": KEY})),
    "timeout": Registrar(restore=read_timeout()),
}


@pytest.mark.parametrize("scenario", sorted(ECHOING))
def test_the_api_key_never_appears_in_any_result_message_warning_or_error(transport, scenario):
    transport.route(ECHOING[scenario])

    outcome = run(make_provider())

    assert KEY in transport.sent[0].query_string  # the key was really used
    assert KEY not in serialised(outcome)


# Open actions: the definite check before any restore ----------------------------------------------


def test_the_current_actions_of_the_order_are_asked_before_the_restore(transport):
    transport.route(Registrar())

    failed, changed, *_rest = run(make_provider(domain=None, order_id=ORDER))

    assert not failed and changed
    (search,) = [sent for sent in transport.sent if sent.path == "/api/actions/search-current.json"]
    assert search.method == "GET"
    assert search.query == {
        "auth-userid": [USERID],
        "api-key": [KEY],
        "order-id": [str(ORDER)],
        "no-of-records": ["50"],
        "page-no": ["1"],
    }
    assert [sent.path for sent in transport.sent].index(search.path) < len(transport.sent) - 1


def test_an_open_action_found_by_the_actions_search_is_in_progress_and_nothing_is_sent(transport):
    # The details show no action (they may not carry one); the actions search does.
    transport.route(Registrar(actions=answer_json(current_actions({"actionstatus": "Pending"}))))

    failed, changed, result, _msg, _warnings, _error = run(make_provider())

    assert not failed and changed is False
    assert result["restore_status"] == "in_progress"
    assert result["action_id"] == 2222222
    assert result["action_status"] == "Pending"
    assert result["action_status_description"] == "waiting for the invoice to be paid"
    assert posts(transport) == []


def test_any_open_action_on_the_order_blocks_the_restore_whatever_its_type(transport):
    # A restore's action type is undocumented, and the registrar refuses a restore while any action is pending.
    action = {"actiontype": "SomethingElse", "actiontypedesc": "other", "actionstatus": "RFASent"}
    transport.route(Registrar(actions=answer_json(current_actions(action))))

    failed, changed, result, *_rest = run(make_provider())

    assert not failed and changed is False
    assert result["restore_status"] == "in_progress"
    assert posts(transport) == []


def test_actions_of_other_orders_are_not_taken_for_this_one(transport):
    # The server's order-id filter is not trusted.
    other = current_actions({"entityid": "99999999"})
    transport.route(Registrar(actions=answer_json(other)))

    failed, changed, result, *_rest = run(make_provider())

    assert not failed and changed is True
    assert result["restore_status"] == "restored"
    assert len(posts(transport)) == 1


def test_a_failed_actions_search_fails_the_task_and_sends_no_restore(transport):
    registrar = Registrar(actions=answer_json({"status": "ERROR", "message": "Access denied"}, status=500))
    transport.route(registrar)

    with pytest.raises(RegistrarError) as info:
        run(make_provider())

    assert "LogicBoxes actions failed" in info.value.one_line() and "Access denied" in info.value.one_line()
    assert posts(transport) == []


def test_an_actions_answer_that_counts_actions_but_lists_none_is_not_read_as_none(transport):
    transport.route(Registrar(actions=answer_json({"recsonpage": "1", "recsindb": "1"})))

    with pytest.raises(RegistrarError) as info:
        run(make_provider())

    assert "lists none" in str(info.value)
    assert posts(transport) == []


# Order statuses and action fields as real answers give them ---------------------------------------


def test_an_order_queued_for_deletion_fails_with_the_reason_and_sends_nothing(transport):
    transport.route(Registrar(state=details("QueuedForDeletion")))

    failed, _changed, result, msg, _warnings, _error = run(make_provider())

    assert failed
    assert "QueuedForDeletion" in msg and "Pending Delete Restorable" in msg
    assert result["previous_status"] == "QueuedForDeletion"
    assert posts(transport) == []


@pytest.mark.parametrize("completed", ["0", 0, ""])
def test_an_action_in_the_details_that_has_not_completed_is_open(transport, completed):
    state = details(eaqid="3333333", actionstatus="RFASent", actionstatusdesc="sent", actioncompleted=completed)
    transport.route(Registrar(state=state))

    failed, changed, result, *_rest = run(make_provider())

    assert not failed and changed is False
    assert result["restore_status"] == "in_progress"
    assert result["action_id"] == 3333333
    assert posts(transport) == []


def test_the_details_contact_records_are_not_returned(transport):
    contact = {"name": "Jane Roe", "emailaddr": "jane@example.com", "contactid": "88112233"}
    transport.route(Registrar(state=details("Active", registrantcontact=contact, admincontactid="88112233")))

    failed, _changed, result, *_rest = run(make_provider())

    assert not failed
    assert "registrantcontact" not in result["response"]
    assert result["response"]["admincontactid"] == "88112233"
    assert "jane@example.com" not in serialised(result)


# Restore answers: unknown statuses, message-only errors, "already pending" --------------------------


def test_an_accepted_restore_with_an_unknown_action_status_is_pending_with_a_warning(transport):
    transport.route(Registrar(restore=answer_json(restore_answer(actionstatus="RFASent"))))

    failed, changed, result, _msg, warnings, _error = run(make_provider())

    assert not failed and changed is True
    assert result["restore_status"] == "pending"
    assert result["action_status"] == "RFASent"
    (warning,) = warnings
    assert "'RFASent'" in warning and "may have been billed" in warning


@pytest.mark.parametrize("http_status", [500, 200])
@pytest.mark.parametrize(
    "text", ["There is already an action pending on this Order.", "There is already a pending action on this order"]
)
def test_already_pending_refusal_is_in_progress_without_a_change(transport, http_status, text):
    registrar = Registrar(
        restore=answer_json(
            {"message": text} if http_status == 500 else {"status": "ERROR", "message": text}, status=http_status
        )
    )
    transport.route(registrar)

    failed, changed, result, _msg, warnings, _error = run(make_provider())

    assert not failed and changed is False
    assert result["restore_status"] == "in_progress"
    assert result["action_status_description"] == text
    assert warnings == []
    assert len(posts(transport)) == 1


def test_a_5xx_body_with_only_a_message_is_the_registrars_refusal_not_a_lost_answer(transport):
    registrar = Registrar(restore=answer_json({"message": "Invalid invoice-option for this order"}, status=500))
    transport.route(registrar)

    failed, _changed, _result, msg, warnings, error = run(make_provider())

    assert failed
    assert msg.startswith("LogicBoxes restore failed") and "HTTP 500" in msg
    assert "Invalid invoice-option for this order" in msg
    assert "lost" not in msg and warnings == []
    assert error["maybe_executed"] is False  # processed and refused: re-running is safe
    assert len(posts(transport)) == 1


@pytest.mark.parametrize("http_status", [502, 503, 504])
def test_a_gateway_status_stays_ambiguous_even_with_a_logicboxes_body(transport, http_status):
    registrar = Registrar(restore=answer_json({"message": "Service unavailable"}, status=http_status))
    transport.route(registrar)

    failed, _changed, _result, msg, _warnings, error = run(make_provider())

    assert failed
    assert "not sent again" in msg
    assert error["maybe_executed"] is True
    assert len(posts(transport)) == 1


def test_a_200_restore_answer_without_an_action_status_is_ambiguous(transport):
    registrar = Registrar(restore=answer_json({"description": "example.com", "entityid": ORDER}))
    transport.route(registrar)

    failed, _changed, _result, msg, _warnings, error = run(make_provider())

    assert failed
    assert "not sent again" in msg and "names no action status" in msg
    assert error["maybe_executed"] is True
    assert len(posts(transport)) == 1


def test_a_message_only_body_on_a_read_is_an_error_with_its_message(transport):
    transport.answer(answer_json({"message": "Internal error while reading the order"}, status=500))

    with pytest.raises(RegistrarError) as info:
        make_provider().order_details(ORDER)

    assert "Internal error while reading the order" in str(info.value)
    assert len(transport) == 1
