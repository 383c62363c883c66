# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The listing flow of ``domain_restore_info``: page through a registrar's restorable domains.

A provider answers one page at a time with ``list_restorable(domain, pattern, offset, limit)``
-> ``(entries, more)``; this module asks for pages (growing from what ``limit`` needs up to 500
entries) until it holds one entry more than the user's ``limit``, which proves the list was cut,
or the registrar has no more; it keeps only the entries the user asked for and sorts them by
restore deadline, then name.
"""

from __future__ import annotations

import fnmatch
import re
from datetime import datetime, timezone
from typing import Any

from ansible_collections.domainops.registrar.plugins.module_utils._common import InputError
from ansible_collections.domainops.registrar.plugins.module_utils._restore import RestoreProvider

MAX_LIMIT = 10000
DEFAULT_LIMIT = 1000
# LogicBoxes takes 10..500 records a page, at an offset that is a multiple of the page size;
# pages within those bounds serve AutoDNS as well.
MIN_PAGE_SIZE = 10
MAX_PAGE_SIZE = 500
# A registrar that keeps saying "more" would page forever; a page may also come back empty
# because the provider filtered it, so an empty page does not end the listing. 200 pages hold
# at least 50,000 entries.
MAX_PAGES = 200

ENTRY_KEYS = ("domain", "provider", "order_id", "status", "restore_deadline", "action", "owner")

_PATTERN_CHARS_RE = re.compile(r"^[a-z0-9.\-*?\[\]!]+$")


def check_pattern(value: str | None, option: str = "pattern") -> str | None:
    """Return a shell-style name pattern in lower case, or raise ``InputError`` naming ``option`` and the rule.

    The pattern is matched on the ASCII (punycode) name, so it must be ASCII itself.
    """
    if value is None:
        return None
    if not value.strip():
        raise InputError("%s must not be empty" % option)
    if not value.isascii():
        raise InputError(
            "%s must be ASCII: it is matched on the ASCII (punycode) name, e.g. xn--mller-kva.* for müller.*" % option
        )
    pattern = value.lower()
    if not _PATTERN_CHARS_RE.match(pattern):
        raise InputError(
            "%s must only contain letters, digits, hyphens, dots and the wildcards * ? [ ] !, got %r" % (option, value)
        )
    return pattern


def page_size(limit: int) -> int:
    """The first page's size: enough for ``limit`` plus the one entry that proves truncation, within 10..500."""
    return max(MIN_PAGE_SIZE, min(MAX_PAGE_SIZE, limit + 1))


def next_page(offset: int, size: int) -> tuple[int, int]:
    """The page after ``(offset, size)``: twice as large where the new offset allows, at most 500.

    A pattern may discard most of each page, so the pages grow; every offset stays a multiple of
    its page's size (LogicBoxes numbers pages), and the pages follow each other without a gap.
    """
    offset += size
    larger = min(size * 2, MAX_PAGE_SIZE)
    return offset, larger if offset % larger == 0 else size


def _parse_deadline(value: Any) -> datetime | None:
    """A deadline as an aware datetime, or None when the registrar's text cannot be read as one.

    Seen: ``2025-11-24T08:00:00.000+0000`` (AutoDNS JSON), ``2025-11-24 08:00:00`` (AutoDNS XML),
    ISO 8601 with ``Z`` or ``+00:00``, plain dates, and epoch seconds (LogicBoxes).
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().isdigit()):
        try:
            return datetime.fromtimestamp(float(value), timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip().replace("Z", "+00:00")
    if len(text) > 5 and text[-5] in "+-" and text[-3] != ":" and text[-4:].isdigit():
        text = text[:-2] + ":" + text[-2:]  # +0200 -> +02:00
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def sort_key(entry: dict[str, Any]) -> tuple:
    """Deadline first (readable ones in time order, then unreadable ones as text, then none), then name."""
    deadline = entry.get("restore_deadline")
    when = _parse_deadline(deadline)
    if when is not None:
        first = (0, when.timestamp(), "")
    elif deadline not in (None, ""):
        first = (1, 0.0, str(deadline))
    else:
        first = (2, 0.0, "")
    return (*first, entry["domain"], str(entry.get("owner") or ""), entry.get("order_id") or 0)


def _identity(entry: dict[str, Any]) -> tuple:
    return (entry["domain"], entry.get("order_id"), str(entry.get("owner") or ""))


def _normalise(provider_key: str, entry: dict[str, Any]) -> dict[str, Any]:
    result = {key: entry.get(key) for key in ENTRY_KEYS}
    result["domain"] = str(entry["domain"]).lower()
    result["provider"] = provider_key
    return result


def _wanted(entry: dict[str, Any], domain: str | None, pattern: str | None) -> bool:
    if domain is not None:
        return entry["domain"] == domain
    return pattern is None or fnmatch.fnmatchcase(entry["domain"], pattern)


def list_restorable(
    provider: RestoreProvider, domain: str | None = None, pattern: str | None = None, limit: int = DEFAULT_LIMIT
) -> dict[str, Any]:
    """Return ``{"domains": [...], "count": n, "truncated": bool}`` for the provider's restorable domains.

    ``domain`` (lower-case ASCII) asks for one exact name, ``pattern`` (lower-case shell-style) for
    the names it matches; the provider may narrow either on the server, and every entry is checked
    again here. At most ``limit`` entries are returned; ``truncated`` says there were more. When
    the list is cut, the entries are the first ``limit`` the registrar listed, sorted.
    Only reads are sent; a ``RegistrarError`` from any page propagates.
    """
    size = page_size(limit)
    filtered = domain is not None or pattern is not None
    found = []
    seen = set()
    offset = 0
    unread = False  # the registrar has entries this flow did not read
    for _page in range(MAX_PAGES):
        entries, more = provider.list_restorable(domain=domain, pattern=pattern, offset=offset, limit=size)
        for entry in entries:
            item = _normalise(provider.key, entry)
            if not _wanted(item, domain, pattern) or _identity(item) in seen:
                continue  # a listing that shifted between pages may repeat an entry
            seen.add(_identity(item))
            found.append(item)
        unread = bool(more)
        if len(found) > limit or not unread:
            break
        if len(found) == limit and not filtered:
            break  # every unread entry counts, and the registrar says there is one: no request for it
        offset, size = next_page(offset, size)
    # Unread entries left after the last page mean more than ``limit``: either the limit stopped
    # the paging, or (only past MAX_PAGES) entries that may match were never read.
    truncated = len(found) > limit or unread
    domains = provider.redactor.data(sorted(found[:limit], key=sort_key))
    return {"domains": domains, "count": len(domains), "truncated": truncated}
