# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""HttpClient: the one HTTP seam, its retry policy, decoding and what it shows a user."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
import requests
import yaml

from ansible_collections.domainops.registrar.plugins.module_utils import _http
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._http import (
    MAX_BODY_BYTES,
    Api,
    ClientSettings,
    HttpClient,
    RateLimiter,
    display_url,
)
from ansible_collections.domainops.registrar.plugins.module_utils._redact import Redactor
from ansible_collections.domainops.registrar.tests.unit.plugins.fakes import (
    SleepRecorder,
    answer_json,
    answer_raw,
    broken_body,
    read_timeout,
    refused,
    reset,
)

BASE = "https://api.example.test/v1"
OK = answer_json({"ok": True})
COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))


def make_client(base=BASE, retries=3, max_retry_wait=60.0, timeout=60.0, validate_certs=True, **kwargs):
    settings = ClientSettings(
        timeout=timeout, validate_certs=validate_certs, retries=retries, max_retry_wait=max_retry_wait
    )
    redactor = kwargs.pop("redactor", None) or Redactor()
    hooks = {name: kwargs.pop(name) for name in ("sleep", "on_throttle") if name in kwargs}
    return HttpClient(Api("Test", base, **kwargs), settings, redactor, **hooks)


def assert_one_line(text):
    assert text
    assert "\n" not in text and "\r" not in text
    assert "Traceback" not in text and 'File "' not in text


# Identity, URLs, adapter arguments ------------------------------------------------------------


def test_user_agent_names_the_collection_version_from_galaxy_yml(transport):
    with open(os.path.join(COLLECTION_ROOT, "galaxy.yml")) as handle:
        version = yaml.safe_load(handle)["version"]
    transport.answer(OK)

    make_client().request("read", "GET", "things", repeatable=True)

    assert version == _http.COLLECTION_VERSION
    assert transport.sent[0].header("User-Agent") == "domainops.registrar/%s" % version


@pytest.mark.parametrize(
    "base, path, expected",
    [
        ("https://api.example.test/v1", "domain/x", "https://api.example.test/v1/domain/x"),
        ("https://api.example.test/v1/", "domain/x", "https://api.example.test/v1/domain/x"),
        ("https://api.example.test/v1", "/domain/x", "https://api.example.test/v1/domain/x"),
        ("https://httpapi.com/api/", "domains/restore.json", "https://httpapi.com/api/domains/restore.json"),
        ("https://cloud.hostup.se/api", "domains/1/status-sync", "https://cloud.hostup.se/api/domains/1/status-sync"),
        ("https://demo.autodns.com/gateway/", "", "https://demo.autodns.com/gateway/"),
    ],
)
def test_relative_paths_are_joined_below_the_base_path(transport, base, path, expected):
    transport.answer(OK)

    make_client(base=base).request("read", "GET", path, repeatable=True)

    assert transport.sent[0].url == expected


@pytest.mark.parametrize("validate_certs", [True, False])
def test_timeout_and_certificate_validation_reach_the_adapter(transport, validate_certs):
    transport.answer(OK)

    make_client(timeout=7.5, validate_certs=validate_certs).request("read", "GET", "x", repeatable=True)

    assert transport.sent[0].timeout == 7.5
    assert transport.sent[0].verify is validate_certs


def test_validate_certs_false_holds_when_a_ca_bundle_is_set_in_the_environment(transport, monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    transport.answer(OK)

    make_client(validate_certs=False).request("read", "GET", "x", repeatable=True)

    assert transport.sent[0].verify is False


def test_a_url_that_is_not_http_is_refused_before_any_request(transport):
    with pytest.raises(RegistrarError) as info:
        make_client(base="ftp://api.example.test/v1")

    assert "the API URL must be an http:// or https:// URL" in str(info.value)
    assert len(transport) == 0


@pytest.mark.parametrize(
    "base, warned",
    [
        ("http://registrar.example.net/api", True),
        ("http://10.1.2.3:8080/api", True),
        ("http://localhost:8080/api", False),
        ("http://127.0.0.1:8080/api", False),
        ("http://[::1]:8080/api", False),
        ("https://registrar.example.net/api", False),
    ],
)
def test_plain_http_to_a_non_loopback_host_draws_a_warning(base, warned):
    client = make_client(base=base)

    assert bool(client.warnings) is warned
    if warned:
        assert "plain http://" in client.warnings[0]


def test_the_plain_http_warning_shows_neither_userinfo_nor_query():
    client = make_client(base="http://reseller:pa55word@registrar.example.net/api?api-key=s3cr3t")

    (warning,) = client.warnings
    assert "http://registrar.example.net/api" in warning
    for hidden in ("pa55word", "reseller", "s3cr3t", "api-key", "?"):
        assert hidden not in warning


@pytest.mark.parametrize(
    "url, shown",
    [
        (
            "https://httpapi.com/api/domains/orderid.json?auth-userid=1&api-key=k",
            "https://httpapi.com/api/domains/orderid.json",
        ),
        ("https://user:secret@api.autodns.com/v1/domain#frag", "https://api.autodns.com/v1/domain"),
        ("http://[::1]:8080/gateway?x=1", "http://[::1]:8080/gateway"),
        ("https://cloud.hostup.se:443/api/", "https://cloud.hostup.se:443/api/"),
    ],
)
def test_display_url_strips_query_fragment_and_userinfo(url, shown):
    assert display_url(url) == shown


# Retry policy -----------------------------------------------------------------------------------


def test_429_with_retry_after_waits_that_long_and_sends_once_more(transport, sleeps):
    transport.answer(answer_json({"error": "Too Many Requests"}, status=429, headers={"Retry-After": "7"}), OK)

    response = make_client().request("sync", "POST", "x", json_body={}, repeatable=True)

    assert response.data == {"ok": True}
    assert len(transport) == 2
    assert sleeps.waits == [7.0]


def test_429_is_retried_even_for_a_request_that_is_not_safe_to_repeat(transport, sleeps):
    transport.answer(answer_json({}, status=429, headers={"Retry-After": "1"}), OK)

    make_client().request("restore", "POST", "x", form={"a": "b"}, repeatable=False)

    assert len(transport) == 2
    assert sleeps.waits == [1.0]


def test_429_without_retry_after_backs_off_with_jitter_within_bounds(transport, sleeps):
    transport.answer(answer_json({}, status=429), answer_json({}, status=429), OK)

    make_client().request("sync", "POST", "x", repeatable=True)

    first, second = sleeps.waits
    assert 0.5 <= first <= 1.0
    assert 1.0 <= second <= 2.0


@pytest.mark.parametrize("form", ["delta-seconds", "http-date"])
def test_retry_after_longer_than_max_retry_wait_fails_at_once(transport, sleeps, form):
    if form == "delta-seconds":
        value = "120"
    else:
        value = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=300), usegmt=True)
    transport.answer(answer_json({}, status=429, headers={"Retry-After": value}))

    with pytest.raises(RegistrarError) as info:
        make_client(max_retry_wait=60).request("sync", "POST", "x", repeatable=True)

    assert len(transport) == 1
    assert sleeps.waits == []
    assert "max_retry_wait" in str(info.value)
    assert info.value.http_status == 429
    assert_one_line(str(info.value))


def test_retry_after_as_http_date_is_honoured(transport, sleeps):
    when = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    transport.answer(answer_json({}, status=503, headers={"Retry-After": when}), OK)

    make_client().request("read", "GET", "x", repeatable=True)

    (wait,) = sleeps.waits
    assert 25 <= wait <= 30


def test_429_retries_exhausted_sends_retries_plus_one_requests(transport, sleeps):
    transport.answer(*[answer_json({}, status=429, headers={"Retry-After": "0"})] * 3)

    with pytest.raises(RegistrarError) as info:
        make_client(retries=2).request("restore", "POST", "x", repeatable=False)

    assert len(transport) == 3
    assert len(sleeps.waits) == 2
    assert "retries exhausted" in str(info.value)
    assert info.value.http_status == 429
    # A 429 proves the registrar refused the request unexecuted.
    assert info.value.maybe_executed is False


GATEWAY_AND_TRANSPORT_FAILURES = {
    "502": lambda: answer_raw("<html><body>Bad Gateway</body></html>", status=502, content_type="text/html"),
    "503": lambda: answer_json({"error": "Service Unavailable"}, status=503),
    "504": lambda: answer_json({"error": "Gateway Timeout"}, status=504),
    "read-timeout": read_timeout,
    "reset-before-answer": reset,
    "reset-mid-body": lambda: broken_body(b'{"success": tr'),
    "timeout-mid-body": lambda: broken_body(b'{"success": tr', exc=TimeoutError("timed out")),
}


@pytest.mark.parametrize("failure", sorted(GATEWAY_AND_TRANSPORT_FAILURES))
def test_gateway_errors_and_broken_answers_are_retried_for_repeatable_requests(transport, sleeps, failure):
    transport.answer(GATEWAY_AND_TRANSPORT_FAILURES[failure](), OK)

    response = make_client().request("read", "GET", "x", repeatable=True)

    assert response.data == {"ok": True}
    assert len(transport) == 2
    assert len(sleeps.waits) == 1


@pytest.mark.parametrize("failure", sorted(GATEWAY_AND_TRANSPORT_FAILURES))
def test_gateway_errors_and_broken_answers_are_never_retried_for_a_restore(transport, sleeps, failure):
    transport.answer(GATEWAY_AND_TRANSPORT_FAILURES[failure](), OK)

    with pytest.raises(RegistrarError) as info:
        make_client().request("restore", "POST", "domains/restore.json", form={"order-id": "1"}, repeatable=False)

    assert len(transport) == 1
    assert sleeps.waits == []
    assert info.value.maybe_executed is True
    assert_one_line(str(info.value))


@pytest.mark.parametrize(
    "never_connected",
    [
        refused,
        lambda: requests.exceptions.ConnectTimeout("connect timeout"),
    ],
    ids=["refused", "connect-timeout"],
)
def test_a_connection_never_established_is_retried_even_for_a_restore(transport, sleeps, never_connected):
    transport.answer(never_connected(), never_connected(), OK)

    response = make_client().request("restore", "POST", "x", form={"a": "b"}, repeatable=False)

    assert response.data == {"ok": True}
    assert len(transport) == 3
    assert len(sleeps.waits) == 2


def test_a_connection_never_established_fails_after_retries_and_says_it_was_not_executed(transport, sleeps):
    transport.answer(*[refused() for _step in range(4)])

    with pytest.raises(RegistrarError) as info:
        make_client(retries=3).request("restore", "POST", "x", repeatable=False)

    assert len(transport) == 4
    assert info.value.maybe_executed is False
    assert "the connection was refused" in str(info.value)
    assert "after 4 attempts" in str(info.value)


def test_repeatable_failures_exhaust_retries_plus_one_requests(transport, sleeps):
    transport.answer(*[answer_json({"error": "Service Unavailable"}, status=503)] * 4)

    with pytest.raises(RegistrarError) as info:
        make_client(retries=3).request("read", "GET", "x", repeatable=True)

    assert len(transport) == 4
    assert len(sleeps.waits) == 3
    assert info.value.http_status == 503
    assert info.value.maybe_executed is False


def test_retries_zero_sends_exactly_one_request(transport, sleeps):
    transport.answer(answer_json({}, status=503))

    with pytest.raises(RegistrarError):
        make_client(retries=0).request("read", "GET", "x", repeatable=True)

    assert len(transport) == 1
    assert sleeps.waits == []


def test_backoff_grows_exponentially(transport, sleeps):
    transport.answer(*[answer_json({}, status=503)] * 3, OK)

    make_client(retries=3, max_retry_wait=60).request("read", "GET", "x", repeatable=True)

    first, second, third = sleeps.waits
    assert 0.5 <= first <= 1.0 <= second <= 2.0 <= third <= 4.0


def test_backoff_is_capped_by_max_retry_wait(transport, sleeps):
    transport.answer(*[read_timeout() for _step in range(6)], OK)

    make_client(retries=6, max_retry_wait=3).request("read", "GET", "x", repeatable=True)

    assert len(sleeps.waits) == 6
    assert all(wait <= 3.0 for wait in sleeps.waits)
    assert all(wait >= 1.5 for wait in sleeps.waits[2:])
    assert sleeps.waits[1] >= sleeps.waits[0]


# Decoding ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "entry, expected",
    [
        (answer_raw(b""), "the answer is empty"),
        (answer_raw(b"   \n "), "the answer is empty"),
        (answer_raw(b"{nope"), "not valid JSON"),
        (answer_raw(b'{"success": true, "data": [1, 2'), "not valid JSON"),
        (answer_raw(b'{"name": "m\xfcller.de"}'), "not valid UTF-8"),
        (
            answer_raw(
                "<!DOCTYPE html>\n<html><head><title>Login</title></head>\n<body><h1>Sign in</h1></body></html>",
                content_type="text/html; charset=utf-8",
            ),
            "Content-Type text/html",
        ),
        (answer_raw(b"not json at all", content_type=None), "Content-Type missing"),
    ],
    ids=["empty", "blank", "invalid", "truncated", "not-utf8", "html-page", "no-content-type"],
)
def test_each_decoding_failure_is_a_one_line_registrar_error(transport, entry, expected):
    transport.answer(entry)

    with pytest.raises(RegistrarError) as info:
        make_client().request("read", "GET", "x", repeatable=True)

    assert expected in str(info.value)
    assert_one_line(str(info.value))
    assert len(transport) == 1


def test_an_oversized_body_announced_by_content_length_is_refused_unread(transport):
    transport.answer(answer_raw(b"{}", headers={"Content-Length": str(MAX_BODY_BYTES + 1)}))

    with pytest.raises(RegistrarError) as info:
        make_client().request("read", "GET", "x", repeatable=True)

    assert "larger than %d bytes" % MAX_BODY_BYTES in str(info.value)
    assert_one_line(str(info.value))
    assert len(transport) == 1


def test_an_oversized_body_without_content_length_is_cut_off_while_streaming(transport):
    transport.answer(answer_raw(b" " * (MAX_BODY_BYTES + 1)))

    with pytest.raises(RegistrarError) as info:
        make_client().request("restore", "POST", "x", repeatable=False)

    assert "larger than %d bytes" % MAX_BODY_BYTES in str(info.value)
    assert info.value.maybe_executed is True
    assert len(transport) == 1


def test_a_body_of_exactly_the_limit_is_read(transport):
    transport.answer(answer_raw(b"1" + b" " * (MAX_BODY_BYTES - 1)))

    assert make_client().request("read", "GET", "x", repeatable=True).data == 1


def test_a_bare_integer_is_valid_json(transport):
    transport.answer(answer_raw(b"12121212"))

    assert make_client().request("orderid", "GET", "x", repeatable=True).data == 12121212


def test_an_html_error_page_becomes_a_short_text_without_tags(transport):
    page = "<html><head><title>502</title></head><body>\n<h1>Bad   Gateway</h1>\n<p>nginx</p></body></html>"
    transport.answer(answer_raw(page, status=500, content_type="text/html"))

    with pytest.raises(RegistrarError) as info:
        make_client().request("read", "GET", "x", repeatable=True)

    text = str(info.value)
    assert_one_line(text)
    assert "Bad Gateway" in text
    assert "<" not in text
    assert info.value.http_status == 500


# What errors show ------------------------------------------------------------------------------


@pytest.mark.parametrize("failure", [refused, read_timeout, reset], ids=["refused", "read-timeout", "reset"])
def test_error_messages_never_contain_the_query_string(transport, failure):
    transport.answer(*[failure() for _step in range(4)])

    with pytest.raises(RegistrarError) as info:
        make_client().request(
            "orderid", "GET", "domains/orderid.json", params={"auth-userid": "4711", "api-key": "k3y"}, repeatable=True
        )

    assert "k3y" in transport.sent[0].query_string  # the query was really sent ...
    text = str(info.value)
    assert "https://api.example.test/v1/domains/orderid.json" in text  # ... and is not shown
    for hidden in ("?", "api-key", "k3y", "auth-userid"):
        assert hidden not in text
    assert_one_line(text)


def test_client_error_masks_the_configured_key_even_when_the_registrar_echoes_it(transport):
    redactor = Redactor()
    client = make_client(headers={"X-API-Key": "hk_live_0123456789"}, redactor=redactor)

    error = client.error("sync", "invalid key hk_live_0123456789", code="BAD hk_live_0123456789")

    assert "hk_live_0123456789" not in str(error)
    assert "hk_live_0123456789" not in repr(error.as_dict())


# Rate limiting ------------------------------------------------------------------------------------


def test_rate_limiter_starts_no_more_than_per_second_requests_in_any_second():
    sleeper = SleepRecorder()
    limiter = RateLimiter(3, clock=sleeper.clock, sleep=sleeper)
    starts = []

    for _step in range(7):
        limiter.wait()
        starts.append(sleeper.clock())

    for index in range(len(starts) - 3):
        assert starts[index + 3] - starts[index] >= 1.0 - 1e-9
    assert starts[0] == 1000.0  # the first request does not wait
