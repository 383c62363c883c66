# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Parse the AutoDNS specification once per worker, before ansible-test forks a child per test.

This hook runs before the one of tests/unit/plugins/conftest.py, which then freezes the heap with
the parsed specification in it.
"""

from __future__ import annotations

import os

from ansible_collections.domainops.registrar.tests.unit.plugins.contract import spec

HERE = os.path.dirname(os.path.abspath(__file__))


def pytest_collection_finish(session):
    """Load the 1.2 MB spec in the worker so every forked test inherits it instead of re-parsing."""
    if any(str(item.fspath).startswith(HERE + os.sep) for item in session.items):
        spec.load_spec()
        spec.find_operation("GET", "/job/1")  # builds the path table too
