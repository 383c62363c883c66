# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The matrices' counts: recorded in the junit report, and checked against the evidence document."""

from __future__ import annotations

import os

from ansible_collections.domainops.registrar.tests.unit.plugins import reliability_cases as cases
from ansible_collections.domainops.registrar.tests.unit.plugins import reliability_evidence as evidence


def test_counts_are_recorded(record_property):
    data = evidence.counts(cases)
    for name, value in sorted(data.items()):
        record_property(name, value)
    print("reliability matrices: %s" % ", ".join("%s=%s" % item for item in sorted(data.items())))
    assert data["fault_cells"] == len(cases.fault_cells())
    assert data["bad_inputs"] == len(cases.BAD_INPUTS)


def test_evidence_document_is_current():
    """docs/reliability-evidence.md quotes the counts computed from the case tables, not typed ones."""
    assert os.path.exists(evidence.DOCUMENT), "missing %s" % evidence.DOCUMENT
    with open(evidence.DOCUMENT, encoding="utf-8") as handle:
        block = evidence.current_block(handle.read())
    assert block is not None, "the document has no counts block"
    assert block == evidence.render(evidence.counts(cases), cases), (
        "docs/reliability-evidence.md is stale: run python tests/unit/plugins/reliability_evidence.py --write"
    )
