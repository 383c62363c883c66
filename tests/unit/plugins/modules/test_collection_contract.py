# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Contract points shared by every module: the action group and the missing-library failure."""

from __future__ import annotations

import os

import pytest
import yaml

from ansible_collections.domainops.registrar.plugins.module_utils import _common
from ansible_collections.domainops.registrar.plugins.module_utils._autodns import xml_gateway as _autodns_xml
from ansible_collections.domainops.registrar.plugins.modules import (
    domain_restore,
    domain_restore_info,
    domain_status_sync,
)

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


def _runtime():
    with open(os.path.join(COLLECTION_ROOT, "meta", "runtime.yml")) as handle:
        return yaml.safe_load(handle)


def test_the_registrar_action_groups_hold_their_modules():
    groups = _runtime()["action_groups"]

    assert "domain_status_sync" in groups["hostup"] and "domain_restore" not in groups["hostup"]
    assert "domain_restore" in groups["restore"] and "domain_status_sync" not in groups["restore"]
    assert "domain_restore_info" in groups["restore"] and "domain_restore_info" not in groups["hostup"]


MODULES = [domain_status_sync, domain_restore, domain_restore_info]
MODULE_IDS = ["domain_status_sync", "domain_restore", "domain_restore_info"]


@pytest.mark.parametrize("module", MODULES, ids=MODULE_IDS)
def test_the_documented_action_group_membership_matches_runtime_yml(module):
    name = module.__name__.rsplit(".", 1)[-1]
    fragments = yaml.safe_load(module.DOCUMENTATION)["extends_documentation_fragment"]
    attribute_fragment = [fragment for fragment in fragments if ".ATTRIBUTES" in fragment]
    (fragment_name,) = attribute_fragment
    from ansible_collections.domainops.registrar.plugins.doc_fragments import _common

    documented = yaml.safe_load(getattr(_common.ModuleDocFragment, fragment_name.rsplit(".", 1)[-1]))
    membership = documented["attributes"]["action_group"]["membership"]
    expected = sorted(
        "domainops.registrar." + group for group, members in _runtime()["action_groups"].items() if name in members
    )

    assert sorted(membership) == expected


@pytest.mark.parametrize(
    "module, foreign_prefixes",
    [
        (domain_status_sync, ("logicboxes_", "autodns_")),
        (domain_restore, ("hostup_",)),
        (domain_restore_info, ("hostup_",)),
    ],
    ids=MODULE_IDS,
)
def test_no_module_accepts_another_registrars_options(module, foreign_prefixes):
    # What makes a credential on group/domainops.registrar.all fail closed ("Unsupported parameters").
    names = set(module.argument_spec())

    assert not [name for name in names if name.startswith(foreign_prefixes)]
    assert not names & {"api_key", "api_url", "auth_userid", "username", "password", "context"}


@pytest.mark.parametrize(
    "module, args",
    [
        (domain_status_sync, {"domain_id": 1, "hostup_api_key": "k"}),
        (
            domain_restore,
            {"provider": "autodns", "domain": "example.de", "autodns_username": "u", "autodns_password": "p"},
        ),
        (
            domain_restore_info,
            {"provider": "autodns", "pattern": "*.de", "autodns_username": "u", "autodns_password": "p"},
        ),
    ],
    ids=MODULE_IDS,
)
def test_without_requests_the_module_fails_with_the_standard_message(run_module, transport, monkeypatch, module, args):
    monkeypatch.setattr(_common, "HAS_REQUESTS", False)
    monkeypatch.setattr(_common, "REQUESTS_IMPORT_ERROR", "Traceback (most recent call last): ImportError")

    run = run_module(module, args)

    assert run.failed
    assert "Failed to import the required Python library (requests)" in run.msg
    assert len(transport) == 0


@pytest.mark.parametrize(
    "module, args",
    [(domain_restore, {"domain": "example.de"}), (domain_restore_info, {"pattern": "*.de"})],
    ids=["domain_restore", "domain_restore_info"],
)
def test_without_lxml_the_xml_transport_fails_with_the_standard_message(
    run_module, transport, monkeypatch, module, args
):
    monkeypatch.setattr(_autodns_xml, "HAS_LXML", False)
    monkeypatch.setattr(_autodns_xml, "LXML_IMPORT_ERROR", "Traceback (most recent call last): ImportError")

    run = run_module(
        module,
        dict(args, provider="autodns", transport="xml", autodns_username="u", autodns_password="p"),
    )

    assert run.failed
    assert "Failed to import the required Python library (lxml)" in run.msg
    assert len(transport) == 0
