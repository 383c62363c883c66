# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures of the module_utils unit tests (the bodies live in ``tests/unit/plugins/fakes.py``)."""

from __future__ import annotations

import pytest

from ansible_collections.domainops.registrar.tests.unit.plugins import fakes


def pytest_collection_finish(session):
    """Freeze the collected heap once, so that each forked test starts fast (see fakes.freeze_heap)."""
    fakes.freeze_heap()


@pytest.fixture(autouse=True)
def transport(monkeypatch):
    """The fake transport under requests; every test gets it, so nothing reaches a network."""
    return fakes.install_transport(monkeypatch)


@pytest.fixture(autouse=True)
def sleeps(monkeypatch):
    """Records every wait (and drives a fake clock) instead of sleeping."""
    return fakes.install_sleep_recorder(monkeypatch)


@pytest.fixture
def run_module(monkeypatch):
    """Runs a module's main() and returns what it passed to exit_json/fail_json."""
    return fakes.module_runner(monkeypatch)
