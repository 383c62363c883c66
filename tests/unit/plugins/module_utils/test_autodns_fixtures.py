# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Answers shaped after the vendor's docs and public clients, replayed through the AutoDNS parsers.

The files are ``tests/fixtures/autodns_json`` and ``tests/fixtures/autodns_xml`` (each cites its
source in ``SOURCES.md``); ``MANIFEST.json`` gives the HTTP status a JSON answer comes with. What
they prove is what issue 10 found misread: ObjectJob job answers, a foreign job in a job search,
list answers with only the requested keys and a subuser's owner, an empty XML restore ``<data/>``,
the "already running" refusal, and E0105 errors that are not "not found".
"""

from __future__ import annotations

import json
import os

import pytest
from lxml import etree

from ansible_collections.domainops.registrar.plugins.module_utils import _restore as restore_mod
from ansible_collections.domainops.registrar.plugins.module_utils._autodns import json_api, xml_gateway
from ansible_collections.domainops.registrar.plugins.module_utils._autodns.json_api import (
    AutoDnsJsonRestore,
)
from ansible_collections.domainops.registrar.plugins.module_utils._autodns.xml_gateway import (
    AutoDnsXmlRestore,
)
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._http import ClientSettings, HttpClient
from ansible_collections.domainops.registrar.plugins.module_utils._redact import Redactor
from ansible_collections.domainops.registrar.tests.unit.plugins.fakes import answer_json, answer_xml

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.abspath(os.path.join(HERE, "..", "..", "..", "fixtures"))
JSON_DIR = os.path.join(FIXTURES, "autodns_json")
XML_DIR = os.path.join(FIXTURES, "autodns_xml")
URL = "https://api.autodns.com/v1"
GATEWAY = "https://gateway.autodns.com"
USER = "reseller"
JOB = 4297543154

with open(os.path.join(JSON_DIR, "MANIFEST.json"), encoding="utf-8") as _handle:
    MANIFEST = json.load(_handle)["responses"]


def json_fixture(name):
    with open(os.path.join(JSON_DIR, name), encoding="utf-8") as handle:
        return answer_json(json.load(handle), status=MANIFEST[name][2])


def xml_fixture(name):
    with open(os.path.join(XML_DIR, name), encoding="utf-8") as handle:
        return answer_xml(handle.read())


def params(**extra):
    values = {
        "autodns_username": USER,
        "autodns_password": "pw-fixture-1",
        "autodns_context": 4,
        "autodns_api_url": URL,
        "autodns_gateway_url": GATEWAY,
        "rate_limit": 0,
        "restore_action": "RESTORE",
        "reply_to": None,
        "ctid": None,
    }
    values.update(extra)
    return values


def json_provider(domain="example.com"):
    values = params()
    return AutoDnsJsonRestore(HttpClient(json_api.api(values), ClientSettings(), Redactor()), values, domain)


def xml_provider(domain="example.com"):
    values = params()
    return AutoDnsXmlRestore(HttpClient(xml_gateway.api(values), ClientSettings(), Redactor()), values, domain)


def json_routes(transport, **files):
    """Answer each JSON operation with a fixture file: restore_search, job_search, domain_info, restore, ..."""
    paths = {
        ("POST", "/v1/domain/restore/_search"): "restore_search",
        ("POST", "/v1/job/_search"): "job_search",
        ("PUT", "/v1/domain/example.com/_restore"): "restore",
        ("GET", "/v1/job/%d" % JOB): "job_info",
        ("GET", "/v1/job/history/%d" % JOB): "job_history",
    }

    def route(sent):
        key = paths.get((sent.method, sent.path))
        if key is None and sent.method == "GET" and sent.path.startswith("/v1/domain/"):
            key = "domain_info"
        if key not in files:
            raise AssertionError("unexpected request %s %s" % (sent.method, sent.path))
        return json_fixture(files[key])

    transport.route(route)


def xml_routes(transport, **files):
    def route(sent):
        return xml_fixture(files[etree.fromstring(sent.body).findtext("task/code")])

    transport.route(route)


# JSON ---------------------------------------------------------------------------------------------


def test_the_restore_list_with_requested_keys_gives_the_deadline(transport):
    json_routes(transport, restore_search="restore_list_requested_keys.json", job_search="job_search_none.json")

    state = json_provider().read_state()

    assert state.kind == restore_mod.RESTORABLE
    assert state.deadline == "2026-12-20T23:59:59.000+0100"


def test_a_subusers_listed_domain_has_its_owner_and_a_past_deadline_does_not_refuse(transport):
    json_routes(transport, restore_search="restore_list_subuser.json", job_search="job_search_none.json")
    provider = json_provider("customer-shop.de")

    entries, more = provider.list_restorable()
    state = provider.read_state()

    assert more is False
    assert entries[0]["owner"] == "customer2/4" and entries[0]["domain"] == "customer-shop.de"
    assert state.kind == restore_mod.RESTORABLE
    assert state.deadline == "2026-11-29T23:59:59.000+0100"
    assert provider.owner == {"user": "customer2", "context": 4}


def test_a_job_search_with_a_foreign_job_finds_only_this_domains_waiting_restore(transport):
    json_routes(
        transport,
        restore_search="restore_list_requested_keys.json",
        job_search="job_search_other_and_this_domain.json",
    )

    state = json_provider().read_state()

    assert state.kind == restore_mod.IN_PROGRESS
    assert state.action == {"job_id": JOB, "action_status": "WAIT"}


def test_an_empty_restore_list_and_an_active_domain_need_nothing(transport):
    json_routes(transport, restore_search="restore_list_empty.json", domain_info="domain_info_active.json")

    state = json_provider().read_state()

    assert state.kind == restore_mod.ACTIVE and state.status == "ACTIVE"


def test_a_404_domain_info_is_unknown(transport):
    json_routes(transport, restore_search="restore_list_empty.json", domain_info="domain_info_not_found.json")

    assert json_provider().read_state().kind == restore_mod.UNKNOWN


@pytest.mark.parametrize(
    "files, code",
    [
        ({"restore_search": "restore_list_empty.json", "domain_info": "domain_info_error_permission.json"}, "E0105"),
        ({"restore_search": "restore_list_error.json"}, "E0105005"),
    ],
    ids=["permission-403", "list-error-400"],
)
def test_an_e0105_error_that_is_not_a_404_is_an_error(transport, files, code):
    json_routes(transport, **files)

    with pytest.raises(RegistrarError) as caught:
        json_provider().read_state()

    assert caught.value.code == code and caught.value.http_status in (400, 403)


def test_the_accepted_restore_answer_carries_the_flat_job(transport):
    json_routes(transport, restore="restore_accepted.json")

    outcome = json_provider().restore()

    assert (outcome.state, outcome.job_id, outcome.action_status) == (restore_mod.RUNNING, JOB, "RUNNING")
    assert outcome.stid == "20261130-app3-40112"


def test_the_refusal_while_a_job_runs_is_already_running(transport):
    json_routes(transport, restore="restore_refused_job_running.json")

    outcome = json_provider().restore()

    assert outcome.state == restore_mod.ALREADY_RUNNING
    assert outcome.stid == "20261130-app3-40122"


@pytest.mark.parametrize(
    "job_info, state", [("job_info_running.json", restore_mod.RUNNING), ("job_info_success.json", "finished")]
)
def test_job_info_is_read_as_object_job(transport, job_info, state):
    json_routes(transport, job_info=job_info)
    running = restore_mod.RestoreOutcome(restore_mod.RUNNING, "RUNNING", job_id=JOB)

    assert json_provider().poll(running).state == state


def test_a_job_gone_from_job_info_is_read_from_the_history(transport):
    json_routes(transport, job_info="domain_info_not_found.json", job_history="job_history_success.json")
    running = restore_mod.RestoreOutcome(restore_mod.RUNNING, "RUNNING", job_id=JOB)

    outcome = json_provider().poll(running)

    assert (outcome.state, outcome.action_status, outcome.stid) == ("finished", "SUCCESS", "20261130-app3-40121")


# XML ----------------------------------------------------------------------------------------------


def test_an_empty_xml_restore_data_is_accepted_without_a_job(transport):
    xml_routes(transport, **{"0101005": "restore_accepted_empty_data.xml"})

    outcome = xml_provider().restore()

    assert (outcome.state, outcome.job_id, outcome.stid) == (restore_mod.RUNNING, None, None)


def test_the_xml_restore_answer_with_a_job(transport):
    xml_routes(transport, **{"0101005": "restore_accepted_job.xml"})

    outcome = xml_provider().restore()

    assert (outcome.state, outcome.job_id, outcome.stid) == (restore_mod.RUNNING, JOB, "20261130-app3-50101")


def test_the_xml_refusal_while_a_job_runs_is_already_running(transport):
    xml_routes(transport, **{"0101005": "restore_refused_job_running.xml"})

    assert xml_provider().restore().state == restore_mod.ALREADY_RUNNING


def test_an_xml_restore_list_item_names_its_subuser_owner(transport):
    xml_routes(transport, **{"0105005": "restore_list_owner.xml"})

    entries, more = xml_provider().list_restorable()

    assert more is False
    assert entries == [
        {
            "domain": "customer-shop.de",
            "status": "RESTORABLE",
            "restore_deadline": None,
            "order_id": None,
            "action": "RESTORE",
            "owner": "customer2/4",
        }
    ]


def test_an_empty_xml_restore_list_and_an_active_domain_need_nothing(transport):
    xml_routes(transport, **{"0105005": "restore_list_empty.xml", "0105": "domain_inquire_active.xml"})

    assert xml_provider().read_state().kind == restore_mod.ACTIVE


def test_the_xml_restore_list_request_has_the_public_clients_shape(transport):
    xml_routes(transport, **{"0105005": "restore_list_empty.xml", "0105": "domain_inquire_active.xml"})

    xml_provider().read_state()

    with open(os.path.join(XML_DIR, "restore_list_request.xml"), "rb") as handle:
        expected = etree.fromstring(handle.read())
    sent = etree.fromstring(transport.sent[0].body)

    def shape(root):
        return [element.tag for element in root.iter() if element.tag != "key" or element.getparent().tag != "task"]

    assert shape(sent) == shape(expected)
    assert sent.findtext("task/where/and/value") == "example.com"
    assert sent.findtext("task/view/children") == "1"
