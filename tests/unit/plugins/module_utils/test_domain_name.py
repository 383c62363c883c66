# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""normalise_domain: what registrars accept, as lower-case ASCII; every refusal names the option."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ansible_collections.domainops.registrar.plugins.module_utils._common import InputError
from ansible_collections.domainops.registrar.plugins.module_utils._domain_name import normalise_domain

LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("example.com", "example.com"),
        ("Example.COM", "example.com"),
        ("sub.Example.co.uk", "sub.example.co.uk"),
        ("a-b.de", "a-b.de"),
        ("123.com", "123.com"),
        ("müller.de", "xn--mller-kva.de"),
        ("MÜLLER.DE", "xn--mller-kva.de"),
        ("bücher.de", "xn--bcher-kva.de"),
        ("例え.jp", "xn--r8jz45g.jp"),
        ("xn--mller-kva.de", "xn--mller-kva.de"),
        ("%s.com" % ("a" * 63), "%s.com" % ("a" * 63)),
        (".".join(["a" * 63] * 3 + ["b" * 61]), ".".join(["a" * 63] * 3 + ["b" * 61])),  # 253 characters
    ],
    ids=[
        "plain",
        "mixed-case",
        "many-labels",
        "hyphen",
        "numeric-label",
        "idn",
        "idn-upper",
        "idn-bucher",
        "idn-cjk",
        "punycode",
        "label-63",
        "name-253",
    ],
)
def test_valid_names_come_back_as_lower_case_ascii(value, expected):
    assert normalise_domain(value) == expected


@pytest.mark.parametrize(
    "value, rule",
    [
        ("", "must not be empty"),
        ("   ", "must not be empty"),
        ("exa mple.com", "must not contain spaces"),
        (" example.com", "must not contain spaces"),
        ("example.com\n", "must not contain spaces"),
        ("<script>.com", "must only contain letters, digits, hyphens and dots"),
        ("example.com/path", "must only contain letters, digits, hyphens and dots"),
        ("user@example.com", "must only contain letters, digits, hyphens and dots"),
        ("a..b.com", "must not contain empty labels"),
        (".example.com", "must not contain empty labels"),
        ("example.com.", "must not end with a dot"),
        ("%s.com" % ("a" * 64), "labels of at most 63 characters"),
        (".".join(["a" * 63] * 4), "at most 253 characters"),
        ("localhost", "at least two labels"),
        ("example.123", "must end in a top-level domain, not a number"),
        ("-abc.de", "labels of letters, digits and inner hyphens"),
        ("abc-.de", "labels of letters, digits and inner hyphens"),
        ("exa_mple.com", "labels of letters, digits and inner hyphens"),
        ("☃.com", "must be a valid domain name"),
        ("a\u200db.de", "must be a valid domain name"),
        ("١٢٣.com", "must be a valid domain name"),
    ],
    ids=[
        "empty",
        "blank",
        "inner-space",
        "leading-space",
        "newline",
        "angle-brackets",
        "slash",
        "at-sign",
        "double-dot",
        "leading-dot",
        "trailing-dot",
        "label-64",
        "name-254",
        "single-label",
        "numeric-tld",
        "leading-hyphen",
        "trailing-hyphen",
        "underscore",
        "invalid-idn-symbol",
        "invalid-idn-joiner",
        "invalid-idn-bidi",
    ],
)
def test_invalid_names_are_refused_with_a_message_that_starts_with_the_option(value, rule):
    with pytest.raises(InputError) as info:
        normalise_domain(value)

    message = str(info.value)
    assert message.startswith("domain must ")
    assert rule in message
    assert "\n" not in message


def test_the_message_names_the_option_it_is_given():
    with pytest.raises(InputError) as info:
        normalise_domain("bad name", option="names[2]")

    assert str(info.value).startswith("names[2] must ")


def test_a_value_that_is_not_a_string_is_refused():
    with pytest.raises(InputError) as info:
        normalise_domain(42)

    assert str(info.value) == "domain must be a string, got int"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(st.text(max_size=80) | st.from_regex(r"[A-Za-z0-9\u00e0-\u00ff.-]{1,40}\.[a-z]{2,6}", fullmatch=True))
@example("müller.de")
@example("a。。b.com")
def test_any_input_is_either_a_valid_ascii_name_or_an_input_error_naming_the_option(value):
    try:
        name = normalise_domain(value)
    except InputError as exc:
        assert str(exc).startswith("domain ")
        assert "\n" not in str(exc)
        return
    assert name.isascii() and name == name.lower()
    assert len(name) <= 253
    labels = name.split(".")
    assert len(labels) >= 2
    assert all(LABEL.match(label) for label in labels)
    assert not labels[-1].isdigit()
