# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures of every unit test (their bodies live in ``fakes.py``).

Every test runs with a clean environment and a recording sleep. Every test also gets the fake
transport under requests, so nothing reaches a network, unless it is marked ``simulator``: those
(the reliability matrices, the AutoDNS contract against the simulator) talk to one registrar
simulator over real HTTP.

ansible-test runs every unit test in a forked child (its ``ansible_forked`` plugin), so a
session fixture would start a simulator in each child and never stop it. The simulator is
therefore started by a hook that runs in the parent, before the first ``simulator`` test forks,
and stopped when the parent's pytest session ends. The children only use its URL.
"""

from __future__ import annotations

import os
import shutil

import pytest

from ansible_collections.domainops.registrar.tests.unit.plugins import fakes
from ansible_collections.domainops.registrar.tests.unit.plugins import reliability_support as support

SIMULATOR_MARK = "simulator"
_SIM = {"started": None, "error": None}


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "%s: talks to the registrar simulator over real HTTP (no fake transport)" % SIMULATOR_MARK
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):
    """Freeze the collected heap once, so that each forked test starts fast (see fakes.freeze_heap)."""
    fakes.freeze_heap()


def _start_simulator(config):
    simclient = support.load_simclient()
    try:
        started = simclient.start_simulator()
    except Exception as exc:  # pylint: disable=broad-except
        _SIM["error"] = "%s: %s" % (type(exc).__name__, exc)
        return
    _SIM["started"] = started
    # The seed state's secrets, read once: every test starts from the seed (sim fixture).
    _SIM["secrets"] = support.state_secrets(simclient.SimClient(started.base_url).state())
    owner = os.getpid()

    def stop():
        if os.getpid() == owner:  # never from a forked child
            simclient.stop_simulator(started.process)
            shutil.rmtree(started.workdir, ignore_errors=True)

    config.add_cleanup(stop)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    """Start the simulator in the parent process before a ``simulator`` test is forked."""
    if _SIM["started"] is None and _SIM["error"] is None and item.get_closest_marker(SIMULATOR_MARK):
        _start_simulator(item.config)
    yield


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    """No credential, URL or proxy from a developer's shell may reach a module under test."""
    for name in support.cases.credentials.MODULE_ENV_NAMES + fakes.REQUESTS_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def transport(request, monkeypatch):
    """The fake transport under requests (None for a ``simulator`` test, which uses real HTTP)."""
    if request.node.get_closest_marker(SIMULATOR_MARK):
        return None
    return fakes.install_transport(monkeypatch)


@pytest.fixture(autouse=True)
def sleeps(monkeypatch):
    """Records every wait of the client and of the restore flow (and drives a fake clock) instead of sleeping."""
    return fakes.install_sleep_recorder(monkeypatch)


@pytest.fixture
def run_module(monkeypatch):
    """Runs a module's main() and returns what it passed to exit_json/fail_json."""
    return fakes.module_runner(monkeypatch)


@pytest.fixture
def sim_url(request):
    if not request.node.get_closest_marker(SIMULATOR_MARK):
        pytest.fail("a test that uses the simulator must be marked pytest.mark.%s" % SIMULATOR_MARK)
    if _SIM["error"]:
        pytest.fail("the registrar simulator did not start: %s" % _SIM["error"])
    if _SIM["started"] is None:
        pytest.fail("the registrar simulator was not started (is the pytest_runtest_protocol hook active?)")
    return _SIM["started"].base_url


@pytest.fixture
def sim(sim_url):
    """A SimClient for a simulator in its seed state: empty request log, no faults."""
    client = support.load_simclient().SimClient(sim_url)
    client.reset()
    return client


@pytest.fixture
def secrets(sim):
    """Every secret a result could leak: configured credentials and the seed state's transfer secrets."""
    return set(_SIM["secrets"])
