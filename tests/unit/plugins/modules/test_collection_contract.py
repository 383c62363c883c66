# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Contract points shared by every module: the action group and the missing-library failure."""

from __future__ import annotations

import os

import pytest
import yaml

from ansible_collections.domainops.registrar.plugins.module_utils import _autodns_xml, _common
from ansible_collections.domainops.registrar.plugins.modules import domain_restore, domain_status_sync

COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))


def test_every_module_is_in_the_all_action_group():
    with open(os.path.join(COLLECTION_ROOT, "meta", "runtime.yml")) as handle:
        runtime = yaml.safe_load(handle)
    modules = sorted(
        name[:-3]
        for name in os.listdir(os.path.join(COLLECTION_ROOT, "plugins", "modules"))
        if name.endswith(".py") and not name.startswith("_")
    )

    assert sorted(runtime["action_groups"]["all"]) == modules


@pytest.mark.parametrize(
    "module, args",
    [
        (domain_status_sync, {"domain_id": 1, "api_key": "k"}),
        (domain_restore, {"provider": "autodns", "domain": "example.de", "username": "u", "password": "p"}),
    ],
    ids=["domain_status_sync", "domain_restore"],
)
def test_without_requests_the_module_fails_with_the_standard_message(run_module, transport, monkeypatch, module, args):
    monkeypatch.setattr(_common, "HAS_REQUESTS", False)
    monkeypatch.setattr(_common, "REQUESTS_IMPORT_ERROR", "Traceback (most recent call last): ImportError")

    run = run_module(module, args)

    assert run.failed
    assert "Failed to import the required Python library (requests)" in run.msg
    assert len(transport) == 0


def test_without_lxml_the_xml_transport_fails_with_the_standard_message(run_module, transport, monkeypatch):
    monkeypatch.setattr(_autodns_xml, "HAS_LXML", False)
    monkeypatch.setattr(_autodns_xml, "LXML_IMPORT_ERROR", "Traceback (most recent call last): ImportError")

    run = run_module(
        domain_restore,
        {"provider": "autodns", "transport": "xml", "domain": "example.de", "username": "u", "password": "p"},
    )

    assert run.failed
    assert "Failed to import the required Python library (lxml)" in run.msg
    assert len(transport) == 0
