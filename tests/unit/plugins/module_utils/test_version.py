# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The collection version lives in _version.py; galaxy.yml and the User-Agent must agree with it."""

from __future__ import annotations

import os
import re

import yaml

from ansible_collections.domainops.registrar.plugins.module_utils import _http, _version

COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))


def galaxy_version():
    with open(os.path.join(COLLECTION_ROOT, "galaxy.yml")) as handle:
        return yaml.safe_load(handle)["version"]


def test_galaxy_yml_version_is_the_one_in_version_py():
    assert galaxy_version() == _version.COLLECTION_VERSION


def test_version_is_semantic():
    assert re.fullmatch(r"\d+\.\d+\.\d+", _version.COLLECTION_VERSION)


def test_user_agent_is_built_from_version_py():
    assert _http.USER_AGENT == "domainops.registrar/%s" % _version.COLLECTION_VERSION
