# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The listing flow of domain_restore_info: paging, exact name, pattern, limit, truncated, sort.

A scripted provider stands in for a registrar: it holds a list of restorable entries and answers
``list_restorable`` pages from it, recording every page asked for.
"""

from __future__ import annotations

import fnmatch

import pytest

from ansible_collections.domainops.registrar.plugins.module_utils import _restore_info as restore_info
from ansible_collections.domainops.registrar.plugins.module_utils._common import InputError
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._redact import Redactor


def entry(name, deadline=None, order_id=None, owner=None, status="RESTORABLE", action=None):
    return {
        "domain": name,
        "status": status,
        "restore_deadline": deadline,
        "order_id": order_id,
        "action": action,
        "owner": owner,
    }


class ScriptedProvider:
    """Answers pages from ``listed`` the way a registrar does; ``narrows`` applies domain/pattern server-side."""

    key = "autodns"

    def __init__(self, listed, narrows=False, fail_on_page=None):
        self.listed = listed
        self.narrows = narrows
        self.fail_on_page = fail_on_page
        self.pages = []  # (offset, limit) of every request
        self.filters = []  # (domain, pattern) of every request
        self.redactor = Redactor()

    def list_restorable(self, domain=None, pattern=None, offset=0, limit=100):
        self.pages.append((offset, limit))
        self.filters.append((domain, pattern))
        if self.fail_on_page is not None and len(self.pages) == self.fail_on_page:
            raise RegistrarError("AutoDNS", "restore-search", "Zu viele Anfragen", http_status=429, code="E0000429")
        rows = self.listed
        if self.narrows and domain is not None:
            rows = [row for row in rows if row["domain"] == domain]
        if self.narrows and pattern is not None:
            rows = [row for row in rows if fnmatch.fnmatchcase(row["domain"], pattern)]
        return [dict(row) for row in rows[offset : offset + limit]], offset + limit < len(rows)


def many(count, template="restore-%04d.de"):
    return [entry(template % number) for number in range(count)]


def names(result):
    return [item["domain"] for item in result["domains"]]


# Paging ---------------------------------------------------------------------------------------


def test_all_pages_are_read_until_the_registrar_has_no_more():
    provider = ScriptedProvider(many(1234))

    result = restore_info.list_restorable(provider, limit=10000)

    assert result["count"] == 1234 and not result["truncated"]
    assert provider.pages == [(0, 500), (500, 500), (1000, 500)]
    assert len(set(names(result))) == 1234


@pytest.mark.parametrize("pattern", [None, "nothing-*"])
@pytest.mark.parametrize("limit", [1, 5, 9, 10, 50, 250, 499, 500, 1000, 10000])
def test_pages_are_10_to_500_at_offsets_their_multiples_and_follow_each_other_without_gaps(pattern, limit):
    provider = ScriptedProvider(many(3000))

    restore_info.list_restorable(provider, pattern=pattern, limit=limit)

    expected_offset = 0
    for offset, size in provider.pages:
        assert 10 <= size <= 500
        assert offset % size == 0
        assert offset == expected_offset
        expected_offset = offset + size
    if pattern is not None:
        assert expected_offset >= 3000  # nothing matched: every entry was read


def test_without_a_pattern_the_first_page_holds_the_limit_and_one_more():
    provider = ScriptedProvider(many(3000))

    restore_info.list_restorable(provider, limit=42)

    assert provider.pages == [(0, 43)]


def test_a_sparse_pattern_reads_growing_pages():
    provider = ScriptedProvider(many(1200))

    restore_info.list_restorable(provider, pattern="shop-*", limit=5)

    assert provider.pages == [
        (0, 10),
        (10, 10),
        (20, 20),
        (40, 40),
        (80, 80),
        (160, 160),
        (320, 320),
        (640, 320),
        (960, 320),
    ]


def test_an_empty_list_is_one_request_and_no_domains():
    provider = ScriptedProvider([])

    result = restore_info.list_restorable(provider)

    assert result == {"domains": [], "count": 0, "truncated": False}
    assert len(provider.pages) == 1


def test_a_page_the_provider_filtered_to_nothing_does_not_end_the_listing():
    # A provider that matches the pattern itself may answer a page with no entries and "more".
    listed = [entry("other-%04d.com" % n) for n in range(1200)] + [entry("shop-1.de")]

    class Filtering(ScriptedProvider):
        def list_restorable(self, pattern=None, **kwargs):
            rows, more = super().list_restorable(pattern=pattern, **kwargs)
            return [row for row in rows if fnmatch.fnmatchcase(row["domain"], pattern)], more

    provider = Filtering(listed)

    result = restore_info.list_restorable(provider, pattern="shop-*", limit=5)

    assert names(result) == ["shop-1.de"] and not result["truncated"]
    assert provider.pages[-1][0] + provider.pages[-1][1] > 1200


def test_a_registrar_that_never_stops_saying_more_is_read_a_bounded_number_of_times():
    class Endless(ScriptedProvider):
        def list_restorable(self, **kwargs):
            super().list_restorable(**kwargs)
            return [], True

    provider = Endless([])

    result = restore_info.list_restorable(provider, pattern="*.de")

    assert len(provider.pages) == restore_info.MAX_PAGES
    assert result["count"] == 0 and result["truncated"]


def test_an_entry_repeated_on_the_next_page_is_listed_once():
    # A domain restored between two page reads shifts the list: the next page repeats an entry.
    class Shifting(ScriptedProvider):
        def list_restorable(self, offset=0, limit=100, **kwargs):
            rows, more = super().list_restorable(offset=offset, limit=limit, **kwargs)
            if offset:
                rows.insert(0, dict(self.listed[offset - 1]))
            return rows, more

    provider = Shifting(many(25))

    result = restore_info.list_restorable(provider, limit=9)

    assert result["count"] == 9 and result["truncated"]
    assert len(set(names(result))) == 9


def test_a_failing_page_fails_the_listing_with_the_registrars_error():
    provider = ScriptedProvider(many(1200), fail_on_page=2)

    with pytest.raises(RegistrarError) as raised:
        restore_info.list_restorable(provider, limit=10000)

    assert raised.value.http_status == 429
    assert len(provider.pages) == 2


# Limit and truncated ----------------------------------------------------------------------------


def test_a_small_limit_reads_one_page_and_reports_truncated():
    provider = ScriptedProvider(many(50))

    result = restore_info.list_restorable(provider, limit=3)

    assert result["count"] == 3 and len(result["domains"]) == 3
    assert result["truncated"]
    assert len(provider.pages) == 1


def test_exactly_limit_entries_is_not_truncated():
    provider = ScriptedProvider(many(20))

    result = restore_info.list_restorable(provider, limit=20)

    assert result["count"] == 20 and not result["truncated"]


def test_paging_stops_once_the_limit_is_reached_and_the_registrar_says_there_are_more():
    provider = ScriptedProvider(many(5000))

    result = restore_info.list_restorable(provider, limit=1000)

    assert result["count"] == 1000 and result["truncated"]
    assert [page[0] for page in provider.pages] == [0, 500]


def test_the_limit_counts_matching_entries_and_one_more_match_proves_truncation():
    listed = [entry("other-%03d.com" % n) for n in range(30)] + [entry("shop-%d.de" % n) for n in range(5)]
    provider = ScriptedProvider(listed)

    result = restore_info.list_restorable(provider, pattern="shop-*", limit=4)

    assert names(result) == ["shop-0.de", "shop-1.de", "shop-2.de", "shop-3.de"]
    assert result["truncated"]


def test_a_filtered_list_with_exactly_limit_matches_reads_on_to_the_end_and_is_not_truncated():
    listed = [entry("shop-%d.de" % n) for n in range(4)] + [entry("other-%03d.com" % n) for n in range(30)]
    provider = ScriptedProvider(listed)

    result = restore_info.list_restorable(provider, pattern="shop-*", limit=4)

    assert result["count"] == 4 and not result["truncated"]
    assert provider.pages[-1][0] + provider.pages[-1][1] >= len(listed)


# Exact name and pattern ------------------------------------------------------------------------------


@pytest.mark.parametrize("narrows", [False, True], ids=["client-side", "server-narrowed"])
def test_a_pattern_keeps_only_matching_ascii_names(narrows):
    listed = [entry("shop-berlin.de"), entry("shop-wien.at"), entry("xn--mller-kva.de"), entry("example.de")]
    provider = ScriptedProvider(listed, narrows=narrows)

    result = restore_info.list_restorable(provider, pattern="*.de")

    assert sorted(names(result)) == ["example.de", "shop-berlin.de", "xn--mller-kva.de"]
    assert provider.filters[0][1] == "*.de"


def test_a_pattern_is_matched_without_regard_to_the_registrars_case():
    provider = ScriptedProvider([entry("Shop-Berlin.DE"), entry("other.de")])

    result = restore_info.list_restorable(provider, pattern="shop-*")

    assert names(result) == ["shop-berlin.de"]


def test_a_loose_server_side_match_is_filtered_to_the_exact_name():
    # Whatever the registrar's search returns for a name, only that exact name is listed.
    provider = ScriptedProvider([entry("restore-me.com.au"), entry("restore-me.com"), entry("xrestore-me.com")])

    result = restore_info.list_restorable(provider, domain="restore-me.com")

    assert names(result) == ["restore-me.com"]
    assert provider.filters[0][0] == "restore-me.com"


@pytest.mark.parametrize(
    "value, expected",
    [("*.de", "*.de"), ("Shop-*", "shop-*"), ("xn--mller-kva.*", "xn--mller-kva.*"), ("[a-c]*.d?", "[a-c]*.d?")],
)
def test_check_pattern_accepts_shell_patterns_in_lower_case(value, expected):
    assert restore_info.check_pattern(value) == expected


@pytest.mark.parametrize(
    "value, rule",
    [
        ("", "must not be empty"),
        ("  ", "must not be empty"),
        ("müller.*", "must be ASCII"),
        ("shop *", "must only contain"),
        ("shop\n*", "must only contain"),
        ("shop/*", "must only contain"),
    ],
)
def test_check_pattern_refuses_with_the_option_and_the_rule(value, rule):
    with pytest.raises(InputError) as raised:
        restore_info.check_pattern(value)

    assert str(raised.value).startswith("pattern " + rule)
    assert "\n" not in str(raised.value)


# Result shape and order ------------------------------------------------------------------------


def test_entries_are_sorted_by_deadline_then_name_and_those_without_a_deadline_come_last():
    listed = [
        entry("zeta.de"),
        entry("beta.de", deadline="2026-12-10T08:00:00.000+0000"),
        entry("alpha.de", deadline="2026-12-10T08:00:00.000+0000"),
        entry("early.de", deadline="2026-12-01 09:30:00"),
        entry("offset.de", deadline="2026-12-10T09:30:00+02:00"),  # 07:30 UTC, before beta/alpha
        entry("alpha-none.de"),
    ]
    provider = ScriptedProvider(listed)

    result = restore_info.list_restorable(provider)

    assert names(result) == ["early.de", "offset.de", "alpha.de", "beta.de", "alpha-none.de", "zeta.de"]


def test_epoch_deadlines_sort_with_the_others_and_unreadable_ones_before_none():
    listed = [
        entry("none.com", order_id=3),
        entry("odd.com", deadline="next week", order_id=2),
        entry("epoch.com", deadline="1796083200", order_id=1),  # 2026-12-01 UTC
        entry("iso.com", deadline="2026-12-02", order_id=4),
    ]
    provider = ScriptedProvider(listed)

    result = restore_info.list_restorable(provider)

    assert names(result) == ["epoch.com", "iso.com", "odd.com", "none.com"]


def test_every_entry_has_every_key_with_the_provider_and_nothing_else():
    raw = dict(entry("restore-me.de", deadline="2026-12-10", action="RESTORE", owner="sub-1/4"), authinfo="x")
    provider = ScriptedProvider([raw])

    (item,) = restore_info.list_restorable(provider)["domains"]

    assert item == {
        "domain": "restore-me.de",
        "provider": "autodns",
        "order_id": None,
        "status": "RESTORABLE",
        "restore_deadline": "2026-12-10",
        "action": "RESTORE",
        "owner": "sub-1/4",
    }


def test_the_same_name_owned_by_two_subusers_is_listed_twice():
    provider = ScriptedProvider([entry("shared.de", owner="sub-1/4"), entry("shared.de", owner="sub-2/4")])

    result = restore_info.list_restorable(provider)

    assert [item["owner"] for item in result["domains"]] == ["sub-1/4", "sub-2/4"]


def test_a_secret_the_client_knows_never_reaches_the_result():
    provider = ScriptedProvider([entry("restore-me.de", status="RESTORABLE pw-Autodns-93kq")])
    provider.redactor.add("pw-Autodns-93kq")

    result = restore_info.list_restorable(provider)

    assert "pw-Autodns-93kq" not in repr(result)
