# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The vendor-shaped answers in ``tests/fixtures/logicboxes`` replayed through the provider.

Each fixture cites its source in that folder's ``SOURCES.md``; these tests pin what the module makes
of them, so a misreading of a real answer shape fails here rather than at a registrar.
"""

from __future__ import annotations

import os

import pytest

from ansible_collections.domainops.registrar.plugins.module_utils import _restore as restore_mod
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._http import ClientSettings, HttpClient
from ansible_collections.domainops.registrar.plugins.module_utils._logicboxes import LogicBoxesRestore, api
from ansible_collections.domainops.registrar.plugins.module_utils._redact import Redactor
from ansible_collections.domainops.registrar.tests.unit.plugins.fakes import answer_raw

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "logicboxes")
ORDER = 12121212


def fixture(name, status=200):
    with open(os.path.join(FIXTURES, name), "rb") as handle:
        return answer_raw(handle.read(), status=status)


def provider(domain="example.com", order_id=None):
    params = {
        "provider": "logicboxes",
        "logicboxes_auth_userid": "654321",
        "logicboxes_api_key": "lb-key-fixture-1",
        "logicboxes_api_url": "https://test.httpapi.com/api/",
        "order_id": order_id,
        "invoice_option": "KeepInvoice",
    }
    return LogicBoxesRestore(HttpClient(api(params), ClientSettings(retries=0), Redactor()), params, domain)


class Replay:
    """Answers each LogicBoxes call with a fixture file."""

    def __init__(
        self,
        details="details_restorable_no_action.json",
        actions="actions_search_current_none.json",
        restore="restore_success.json",
    ):
        self.answers = {
            "/api/domains/orderid.json": fixture("orderid.json"),
            "/api/domains/details.json": fixture(details) if isinstance(details, str) else details,
            "/api/actions/search-current.json": fixture(actions),
            "/api/domains/restore.json": fixture(restore) if isinstance(restore, str) else restore,
        }

    def __call__(self, sent):
        return self.answers[sent.path]


def run(unit):
    try:
        changed, result, warnings = restore_mod.run(unit)
    except restore_mod.RestoreFailed as exc:
        return "failed", exc.result, exc.msg, []
    return changed, result, None, warnings


def posts(transport):
    return [sent for sent in transport.sent if sent.method == "POST"]


def test_orderid_fixture_is_a_bare_integer(transport):
    transport.answer(fixture("orderid.json"))

    assert provider().lookup_order_id() == ORDER


def test_restore_success_fixture_is_restored_with_its_invoice(transport):
    transport.route(Replay())

    changed, result, _msg, warnings = run(provider())

    assert changed is True and warnings == []
    assert result["restore_status"] == "restored"
    assert result["action_id"] == 1111111
    assert result["invoice"] == {"id": "87654", "amount": "5.00", "currency": "USD", "customer_id": "7123"}


def test_restore_pending_fixture_is_pending(transport):
    transport.route(Replay(restore="restore_pending.json"))

    changed, result, _msg, warnings = run(provider())

    assert changed is True and warnings == []
    assert result["restore_status"] == "pending"
    assert result["invoice"]["id"] == "87655"


def test_restore_rfasent_fixture_is_pending_with_a_warning_naming_the_status(transport):
    transport.route(Replay(restore="restore_rfasent.json"))

    changed, result, _msg, warnings = run(provider())

    assert changed is True
    assert result["restore_status"] == "pending"
    assert any("'RFASent'" in warning for warning in warnings)


def test_restore_failed_fixture_fails_as_rejected(transport):
    transport.route(Replay(restore="restore_failed.json"))

    changed, _result, msg, _warnings = run(provider())

    assert changed == "failed"
    assert "rejected" in msg and "Restore could not be completed at the registry" in msg


def test_500_action_pending_fixture_is_in_progress_without_a_change(transport):
    transport.route(Replay(restore=fixture("error_500_action_pending.json", status=500)))

    changed, result, _msg, warnings = run(provider())

    assert changed is False and warnings == []
    assert result["restore_status"] == "in_progress"
    assert len(posts(transport)) == 1


def test_open_action_in_the_details_fixture_is_in_progress_and_nothing_is_sent(transport):
    transport.route(Replay(details="details_restorable_open_action.json"))

    changed, result, _msg, _warnings = run(provider())

    assert changed is False
    assert result["restore_status"] == "in_progress"
    assert result["action_id"] == 1111111
    assert result["action_status"] == "Pending"
    assert posts(transport) == []


def test_open_action_in_the_actions_search_fixture_is_in_progress_and_nothing_is_sent(transport):
    transport.route(Replay(actions="actions_search_current_open.json"))

    changed, result, _msg, _warnings = run(provider())

    assert changed is False
    assert result["restore_status"] == "in_progress"
    assert result["action_id"] == 1111111
    assert posts(transport) == []


def test_queued_for_deletion_fixture_fails_with_the_reason(transport):
    transport.route(Replay(details="details_queued_for_deletion.json"))

    changed, _result, msg, _warnings = run(provider())

    assert changed == "failed" and "QueuedForDeletion" in msg
    assert posts(transport) == []


def test_active_fixture_needs_no_restore(transport):
    transport.route(Replay(details="details_active.json"))

    changed, result, _msg, _warnings = run(provider())

    assert changed is False and result["restore_status"] == "not_needed"
    assert posts(transport) == []


def test_order_not_found_fixture_means_unknown(transport):
    transport.route(Replay(details=fixture("error_order_not_found.json", status=500)))

    changed, _result, msg, _warnings = run(provider(order_id=ORDER))

    assert changed == "failed" and "unknown to the registrar" in msg


def test_lowercase_error_key_fixture_is_an_error_with_its_text(transport):
    transport.answer(fixture("error_lowercase_error_key.json"))

    with pytest.raises(RegistrarError) as info:
        provider().order_details(ORDER)

    assert "Invalid parameter order-id" in str(info.value) and info.value.code == "error"


def test_search_page_fixture_lists_its_numbered_records(transport):
    transport.answer(fixture("search_page.json"))

    entries, more = provider(domain=None).list_restorable(limit=10)

    assert [(entry["domain"], entry["order_id"]) for entry in entries] == [
        ("example.com", 12121212),
        ("example.org", 12121299),
    ]
    assert more is True  # recsindb "12" > 2 on the first page


def test_search_empty_fixture_lists_nothing(transport):
    transport.answer(fixture("search_empty.json"))

    assert provider(domain=None).list_restorable(limit=10) == ([], False)
