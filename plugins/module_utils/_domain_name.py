# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Validation and normalisation of domain names: what registrars accept, as ASCII (punycode)."""

from __future__ import annotations

import re
from typing import Any

from ansible_collections.domainops.registrar.plugins.module_utils._common import InputError

try:
    import idna as _idna  # IDNA 2008 with UTS 46 mapping; installed with requests
except ImportError:  # pragma: no cover - the standard library's IDNA 2003 codec is the fallback
    _idna = None  # type: ignore[assignment]  # an optional module: callers check for None

_LABEL_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
MAX_NAME_LENGTH = 253


def _to_ascii(name: str, option: str) -> str:
    if name.isascii():
        return name.lower()
    try:
        if _idna is not None:
            return _idna.encode(name, uts46=True).decode("ascii").lower()
        return name.encode("idna").decode("ascii").lower()
    except (UnicodeError, ValueError) as exc:
        reason = " ".join(str(exc).split())[:120] or "not a valid internationalised name"
        raise InputError("%s must be a valid domain name: %s" % (option, reason)) from None


def _valid_a_label(label: str) -> bool:
    """Whether an ``xn--`` label decodes to a valid internationalised label."""
    try:
        if _idna is not None:
            _idna.decode(label)
        else:
            label.encode("ascii").decode("idna")
    except (UnicodeError, ValueError):
        return False
    return True


def normalise_domain(value: Any, option: str = "domain") -> str:
    """Return ``value`` as a lower-case ASCII domain name, or raise ``InputError`` naming ``option`` and the rule.

    Unicode names are accepted and converted to punycode (``müller.de`` -> ``xn--mller-kva.de``).
    """
    if not isinstance(value, str):
        raise InputError("%s must be a string, got %s" % (option, type(value).__name__))
    if not value.strip():
        raise InputError("%s must not be empty" % option)
    if value != value.strip() or any(char.isspace() for char in value):
        raise InputError("%s must not contain spaces" % option)
    if value.endswith("."):
        raise InputError("%s must not end with a dot (give the name without the root dot)" % option)
    if ".." in value or value.startswith("."):
        raise InputError("%s must not contain empty labels ('..' or a leading dot)" % option)
    bad = sorted({char for char in value if char in "/\\<>\"'&;:@?#%*=,()[]{}|!$`+~^"})
    if bad:
        raise InputError("%s must only contain letters, digits, hyphens and dots, found %s" % (option, " ".join(bad)))
    ascii_name = _to_ascii(value, option)
    if len(ascii_name) > MAX_NAME_LENGTH:
        raise InputError(
            "%s must be at most %d characters long (as ASCII), got %d" % (option, MAX_NAME_LENGTH, len(ascii_name))
        )
    labels = ascii_name.split(".")
    if len(labels) < 2:
        raise InputError("%s must have at least two labels, such as example.com" % option)
    for label in labels:
        if len(label) > 63:
            raise InputError("%s must have labels of at most 63 characters, got one of %d" % (option, len(label)))
        if not _LABEL_RE.match(label):
            raise InputError("%s must have labels of letters, digits and inner hyphens, got %r" % (option, label[:63]))
    for label in labels:
        if label.startswith("xn--") and not _valid_a_label(label):
            raise InputError("%s must be a valid domain name: %r is not valid punycode" % (option, label))
    if labels[-1].isdigit():
        raise InputError("%s must end in a top-level domain, not a number" % option)
    return ascii_name
