# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""LogicBoxes/ResellerClub listing: ``domains/search.json`` pages read into the listing interface."""

from __future__ import annotations

import pytest

from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._http import ClientSettings, HttpClient
from ansible_collections.domainops.registrar.plugins.module_utils._logicboxes import LogicBoxesRestore, api
from ansible_collections.domainops.registrar.plugins.module_utils._redact import Redactor
from ansible_collections.domainops.registrar.tests.unit.plugins.fakes import answer_json, serialised

KEY = "lb-key-Zq81xW0p"
USERID = "654321"
URL = "https://test.httpapi.com/api/"
RESTORABLE = "Pending Delete Restorable"


def lister():
    # Built without a domain, order id or invoice option: listing needs none of them.
    params = {
        "provider": "resellerclub",
        "logicboxes_auth_userid": USERID,
        "logicboxes_api_key": KEY,
        "logicboxes_api_url": URL,
    }
    return LogicBoxesRestore(HttpClient(api(params), ClientSettings(), Redactor()), params, None)


def record(order_id, name, status=RESTORABLE):
    return {
        "orders.orderid": str(order_id),
        "entity.entityid": str(order_id),
        "entity.description": name,
        "entity.currentstatus": status,
        "entity.customerid": "7123",
        "entitytype.entitytypekey": "domcno",
        "orders.endtime": "1763978400",
        "orders.creationtime": "1606730400",
    }


def page(records, total):
    body = {"recsonpage": str(len(records)), "recsindb": str(total)}
    body.update({str(number): item for number, item in enumerate(records, 1)})
    return body


def test_a_page_is_asked_with_the_documented_parameters(transport):
    transport.answer(answer_json(page([], 0)))

    lister().list_restorable(offset=100, limit=50)

    (sent,) = transport.sent
    assert sent.method == "GET"
    assert sent.path == "/api/domains/search.json"
    assert sent.query == {
        "auth-userid": [USERID],
        "api-key": [KEY],
        "no-of-records": ["50"],
        "page-no": ["3"],
        "status": [RESTORABLE],
    }


def test_numbered_dotted_records_become_entries_in_their_order(transport):
    records = [record(12121299, "b-example.org"), record(12121212, "a-example.com")]
    transport.answer(answer_json(page(records, 2)))

    entries, more = lister().list_restorable(limit=10)

    assert more is False
    assert entries == [
        {
            "domain": "b-example.org",
            "status": RESTORABLE,
            "restore_deadline": None,  # orders.endtime is the expiry, not the end of the restore window
            "order_id": 12121299,
            "action": None,
            "owner": None,
        },
        {
            "domain": "a-example.com",
            "status": RESTORABLE,
            "restore_deadline": None,
            "order_id": 12121212,
            "action": None,
            "owner": None,
        },
    ]


def test_entries_are_read_in_numeric_order_not_text_order(transport):
    records = [record(1000 + number, "d%02d.com" % number) for number in range(1, 12)]
    transport.answer(answer_json(page(records, 11)))

    entries, _more = lister().list_restorable(limit=20)

    assert [entry["domain"] for entry in entries] == ["d%02d.com" % number for number in range(1, 12)]


@pytest.mark.parametrize(
    "offset, on_page, total, more",
    [(0, 10, 25, True), (10, 10, 25, True), (20, 5, 25, False), (0, 10, 10, False), (0, 0, 0, False)],
)
def test_more_says_whether_the_registrar_holds_entries_beyond_this_page(transport, offset, on_page, total, more):
    records = [record(5000 + offset + number, "p%d.com" % (offset + number)) for number in range(on_page)]
    transport.answer(answer_json(page(records, total)))

    entries, has_more = lister().list_restorable(offset=offset, limit=10)

    assert len(entries) == on_page
    assert has_more is more


def test_one_exact_domain_is_asked_by_name_and_re_checked(transport):
    # A server that matched loosely must not widen what is listed.
    records = [record(1, "shop.com"), record(2, "myshop.com")]
    transport.answer(answer_json(page(records, 2)))

    entries, _more = lister().list_restorable(domain="shop.com", limit=10)

    assert transport.sent[0].query["domain-name"] == ["shop.com"]
    assert [entry["domain"] for entry in entries] == ["shop.com"]


def test_records_in_another_status_are_left_out(transport):
    records = [record(1, "a.com"), record(2, "b.com", status="Active")]
    transport.answer(answer_json(page(records, 2)))

    entries, _more = lister().list_restorable(limit=10)

    assert [entry["domain"] for entry in entries] == ["a.com"]


def test_an_error_answer_is_a_registrar_error_without_the_key(transport):
    transport.answer(answer_json({"status": "ERROR", "message": "Invalid api-key %s" % KEY}, status=500))

    with pytest.raises(RegistrarError) as info:
        lister().list_restorable(limit=10)

    assert info.value.operation == "search" and info.value.http_status == 500
    assert KEY not in serialised(info.value.one_line(), info.value.as_dict())


@pytest.mark.parametrize("limit, offset", [(5, 0), (501, 0), (10, 15), (10, -10)])
def test_a_page_outside_the_api_range_is_refused_before_any_request(transport, limit, offset):
    with pytest.raises(ValueError, match=r"limit must be within 10\.\.500"):
        lister().list_restorable(offset=offset, limit=limit)

    assert len(transport.sent) == 0
