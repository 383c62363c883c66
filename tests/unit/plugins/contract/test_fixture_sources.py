# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every registrar fixture is well-formed and cites its source in its folder's SOURCES.md."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET

import pytest

from ansible_collections.domainops.registrar.tests.unit.plugins.contract import spec

FIXTURES = os.path.join(spec.COLLECTION_ROOT, "tests", "fixtures")
FOLDERS = ("hostup", "logicboxes", "autodns_json", "autodns_xml")


def _fixture_files(folder):
    root = os.path.join(FIXTURES, folder)
    found = []
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            if name.endswith((".json", ".xml")) and name != "MANIFEST.json":
                found.append(os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/"))
    return sorted(found)


ALL = [(folder, name) for folder in FOLDERS for name in _fixture_files(folder)]


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_fixture_is_cited_in_sources(folder):
    with open(os.path.join(FIXTURES, folder, "SOURCES.md"), encoding="utf-8") as handle:
        sources = handle.read()
    missing = [name for name in _fixture_files(folder) if "`%s`" % name not in sources]
    assert _fixture_files(folder), "no fixtures in %s" % folder
    assert not missing, "%s/SOURCES.md does not cite: %s" % (folder, ", ".join(missing))


@pytest.mark.parametrize(("folder", "name"), ALL, ids=["%s/%s" % pair for pair in ALL])
def test_fixture_is_well_formed(folder, name):
    path = os.path.join(FIXTURES, folder, name)
    if name.endswith(".json"):
        with open(path, encoding="utf-8") as handle:
            json.load(handle)
    else:
        # The files are our own, so the standard library parser is fine here (no untrusted input).
        ET.parse(path)
