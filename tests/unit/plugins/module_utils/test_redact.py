# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Redactor: no secret reaches a user, configured or not."""

from __future__ import annotations

import base64
import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._http import Api, ClientSettings, HttpClient
from ansible_collections.domainops.registrar.plugins.module_utils._redact import MASK, Redactor
from ansible_collections.domainops.registrar.tests.unit.plugins.fakes import answer_json, answer_raw


def test_configured_secrets_are_masked_wherever_they_appear():
    redactor = Redactor(["hk_live_0123456789", "autodns-pw"])

    text = redactor.text("key hk_live_0123456789 in https://x/?k=hk_live_0123456789, user:autodns-pw@host")

    assert "hk_live_0123456789" not in text
    assert "autodns-pw" not in text
    assert text.count(MASK) == 3


def test_a_secret_containing_another_is_masked_whole():
    redactor = Redactor(["abc1", "abc1-extended-key"])

    assert redactor.text("x abc1-extended-key y abc1 z") == "x %s y %s z" % (MASK, MASK)


@pytest.mark.parametrize(
    "text, secret",
    [
        ("https://httpapi.com/api/domains/orderid.json?auth-userid=1&api-key=K3y-9&domain-name=a.com", "K3y-9"),
        ("auth-userid=1&api_key=K3y-9", "K3y-9"),
        ("apikey=K3y-9", "K3y-9"),
        ("API-KEY%3DK3y-9", "K3y-9"),
        ("user=u&password=hunter2&context=4", "hunter2"),
        ("passwd=hunter2", "hunter2"),
        ("domsecret=Xy!9", "Xy!9"),
        ('{"name": "a.se", "epp_code": "EPP-7-SECRET"}', "EPP-7-SECRET"),
        ('{"Password" : "with \\"quote\\" inside"}', "quote"),
        ('{"authinfo":"AI-123"}', "AI-123"),
        ("<auth><user>u</user><password>s3cr3t</password></auth>", "s3cr3t"),
        ("<domain><AuthInfo>AI-123</AuthInfo></domain>", "AI-123"),
        ("<password>multi\nline</password>", "multi"),
        ("PUT /v1/domain\nAuthorization: Basic dXNlcjpodW50ZXIy\nHost: api", "dXNlcjpodW50ZXIy"),
        ("POST /api\nX-API-Key: hk_live_abc\n", "hk_live_abc"),
        ("authorization: Bearer tok-123", "tok-123"),
    ],
)
def test_secret_looking_values_are_masked_even_when_not_configured(text, secret):
    masked = Redactor().text(text)

    assert secret not in masked
    assert MASK in masked


def test_text_leaves_ordinary_values_alone():
    text = "order 12121212 of example.com is Pending Delete Restorable (status=ERROR&auth-userid=4711)"

    assert Redactor().text(text) == text


def test_data_drops_secret_fields_at_any_depth_and_keeps_the_rest():
    data = {
        "domain": {"id": 20629, "name": "example.se", "epp_code": "EPP-1", "nameservers": ["ns1.example"]},
        "orders": [{"orderid": 1, "domsecret": "DS-2"}, {"orderid": 2, "AuthInfo": "AI-3"}],
        "api-key": "k",
        "X-API-Key": "k2",
        "Authorization": "Basic x",
    }
    original = copy.deepcopy(data)

    clean = Redactor().data(data)

    assert clean == {
        "domain": {"id": 20629, "name": "example.se", "nameservers": ["ns1.example"]},
        "orders": [{"orderid": 1}, {"orderid": 2}],
    }
    assert data == original  # the caller's data is not changed


def test_secret_values_learned_from_data_are_masked_in_later_text():
    redactor = Redactor()

    redactor.data({"data": {"domain": {"epp_code": "EPP-LEARNED-77"}}})

    assert "EPP-LEARNED-77" not in redactor.text("panel says: transfer code EPP-LEARNED-77 was set")


def test_learned_secrets_are_masked_inside_other_fields_of_the_same_data():
    clean = Redactor().data({"authinfo": "AI-SAME-1", "note": "authinfo is AI-SAME-1"})

    assert clean == {"note": "authinfo is %s" % MASK}


@pytest.mark.parametrize("placeholder", [False, True, 0, "", "N/A", "0"])
def test_flags_and_placeholders_in_secret_fields_are_not_learned(placeholder):
    redactor = Redactor()
    redactor.data({"domain": {"epp_code": placeholder, "autorenew": "False"}})
    assert redactor.text("autorenew False, order 0, status N/A") == "autorenew False, order 0, status N/A"


def test_none_and_empty_values_are_harmless():
    redactor = Redactor([None, "", MASK])

    assert redactor.text(None) is None
    assert redactor.text("plain") == "plain"
    assert redactor.data(None) is None


def test_a_registrar_error_built_by_the_client_never_holds_the_key(transport):
    key = "hk_live_SUPERSECRET"

    def mapper(client, operation, response):
        body = response.data
        raise client.error(
            operation,
            body["message"],
            response=response,
            code=body["code"],
            request_id=body["requestId"],
            details=body["details"],
        )

    api = Api("HostUp", "https://cloud.hostup.se/api", headers={"X-API-Key": key}, error_mapper=mapper)
    client = HttpClient(api, ClientSettings(), Redactor())
    transport.answer(
        answer_json(
            {
                "error": "Unauthorized",
                "message": "API key %s is not valid" % key,
                "code": "UNAUTHORIZED_%s" % key,
                "requestId": "req-%s" % key,
                "details": [{"field": "key", "message": key}],
            },
            status=401,
        )
    )

    with pytest.raises(RegistrarError) as info:
        client.request("status-sync", "POST", "domains/1/status-sync", json_body={}, repeatable=True)

    assert key not in str(info.value)
    assert key not in repr(info.value.as_dict())
    assert key in transport.sent[0].header("X-API-Key")  # it was really sent


def test_an_echoed_basic_authorization_header_is_masked_in_error_messages(transport):
    api = Api("AutoDNS", "https://api.autodns.com/v1", auth=("reseller", "hunter2-pw"))
    client = HttpClient(api, ClientSettings(retries=0), Redactor())
    token = base64.b64encode(b"reseller:hunter2-pw").decode("ascii")
    transport.answer(
        answer_raw(
            "Forbidden by proxy. Request headers: Authorization: Basic %s" % token,
            status=403,
            content_type="text/plain",
        )
    )

    with pytest.raises(RegistrarError) as info:
        client.request("restore-search", "POST", "domain/restore/_search", json_body={}, repeatable=True)

    assert transport.sent[0].header("Authorization") == "Basic %s" % token
    assert token not in str(info.value)


_SECRET_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="*")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(
    secret=st.text(_SECRET_CHARS, min_size=4, max_size=24),
    before=st.text(max_size=40),
    after=st.text(max_size=40),
)
def test_a_configured_secret_never_survives_in_any_surrounding_text(secret, before, after):
    redactor = Redactor([secret])

    assert secret not in redactor.text(before + secret + after + secret)
    (note,) = redactor.data({"note": [before + secret + after]})["note"]
    assert secret not in note
