# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Removal of secrets (API keys, passwords, EPP/auth codes) from text and data.

Every string the collection shows a user passes through a ``Redactor``, so no error path can
forget it: known secret values are masked wherever they appear, secret-looking parameters are
masked by pattern even when their value was never configured, and secret fields are dropped from
registrar data.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from typing import Any

MASK = "********"

# Registrar data fields that hold transfer secrets or credentials: dropped from returned data.
SECRET_FIELDS = frozenset(
    (
        "epp_code",
        "eppcode",
        "domsecret",
        "authinfo",
        "auth_info",
        "authcode",
        "auth_code",
        "password",
        "passwd",
        "api-key",
        "api_key",
        "hostup_api_key",
        "logicboxes_api_key",
        "autodns_password",
        "apikey",
        "x-api-key",
        "authorization",
    )
)

_NAMES = r"api[-_]?key|password|passwd|authinfo|auth[-_]?info|auth[-_]?code|domsecret|epp[-_]?code"
# key=value in URLs, query strings and form bodies (also percent-encoded '=').
_PARAM_RE = re.compile(r"(?i)\b(%s)(=|%%3D)([^&\s\"'<>]+)" % _NAMES)
# "key": "value" in JSON text.
_JSON_RE = re.compile(r'(?i)("(?:%s)"\s*:\s*)"(?:[^"\\]|\\.)*"' % _NAMES)
# <key>value</key> in XML text.
_XML_RE = re.compile(r"(?is)<(%s)>(.*?)</\1>" % _NAMES)
# Credential headers anywhere in a text (a dumped request, a JSON echo): name, separator, value.
_HEADER_RE = re.compile(
    r"""(?i)\b((?:x-api-key|authorization)["']?\s*[:=]\s*["']?)(?:(?:basic|bearer)\s+)?[^\s"',;}]+"""
)


# A learned value shorter than this is a placeholder or a flag ("", "0", "N/A"), not a secret;
# masking it everywhere would garble unrelated output. Configured secrets are always masked.
MIN_LEARNED_LENGTH = 4


def _learnable(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return False
    return len(str(value)) >= MIN_LEARNED_LENGTH


# Every pattern above needs one of these characters ('=' or '%3D', '"', '<', ':').
_PATTERN_CHARS = frozenset('=%"<:')


class Redactor:
    """Masks known secret values and secret-looking fields; safe to share between threads."""

    def __init__(self, secrets: Iterable[Any] = ()) -> None:
        self._lock = threading.Lock()
        self._secrets: list[str] = []
        for secret in secrets:
            self.add(secret)

    def add(self, secret: Any) -> None:
        """Remember a secret value so it is masked wherever it shows up later."""
        if secret is None:
            return
        secret = str(secret)
        if not secret or secret == MASK:
            return
        with self._lock:
            if secret not in self._secrets:
                # Longest first, so a secret containing another is masked whole.
                self._secrets = sorted([*self._secrets, secret], key=len, reverse=True)

    def scoped(self) -> Redactor:
        """A new Redactor that starts with this one's secrets.

        Use one per registrar record in a batch: each record's learned transfer secret then stays
        in its own scope, so masking cost does not grow with the size of the batch.
        """
        child = Redactor()
        child._secrets = list(self._secrets)
        return child

    def text(self, value: Any) -> Any:
        """Return ``value`` as a string with every secret masked."""
        if value is None:
            return value
        text = str(value)
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        if not _PATTERN_CHARS.intersection(text):
            return text  # none of the patterns below can match without one of these characters
        text = _PARAM_RE.sub(lambda m: "%s%s%s" % (m.group(1), m.group(2), MASK), text)
        text = _JSON_RE.sub(lambda m: '%s"%s"' % (m.group(1), MASK), text)
        text = _XML_RE.sub(lambda m: "<%s>%s</%s>" % (m.group(1), MASK, m.group(1)), text)
        return _HEADER_RE.sub(lambda m: m.group(1) + MASK, text)

    def learn(self, data: Any) -> None:
        """Remember the values of secret fields found anywhere in ``data``."""
        if isinstance(data, dict):
            for key, item in data.items():
                if str(key).lower() in SECRET_FIELDS and _learnable(item):
                    self.add(item)
                else:
                    self.learn(item)
        elif isinstance(data, (list, tuple)):
            for item in data:
                self.learn(item)

    def data(self, data: Any) -> Any:
        """Return a copy of ``data`` without secret fields and with secrets masked in strings."""
        self.learn(data)
        return self.scrub(data)

    def scrub(self, data: Any) -> Any:
        """Like ``data`` for data whose secrets were already learnt."""
        return self._scrub(data)

    def _scrub(self, data: Any) -> Any:
        if isinstance(data, dict):
            return {key: self._scrub(item) for key, item in data.items() if str(key).lower() not in SECRET_FIELDS}
        if isinstance(data, (list, tuple)):
            return [self._scrub(item) for item in data]
        if isinstance(data, str):
            return self.text(data)
        return data
