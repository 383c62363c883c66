# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures of the reliability matrices: one registrar simulator per test process, reset per test.

ansible-test runs every unit test in a forked child (its ``ansible_forked`` plugin), so a
session fixture would start a simulator in each child and never stop it. The simulator is
therefore started by a hook that runs in the parent, before the first matrix test forks, and
stopped when the parent's pytest session ends. The children only use its URL.
"""

from __future__ import annotations

import functools
import os
import shutil

import pytest

from ansible_collections.domainops.registrar.tests.unit.plugins.matrix import _support

_HERE = os.path.dirname(os.path.abspath(__file__))
_SIM = {"started": None, "error": None}


def _start_simulator(config):
    simclient = _support.load_simclient()
    try:
        started = simclient.start_simulator()
    except Exception as exc:  # pylint: disable=broad-except
        _SIM["error"] = "%s: %s" % (type(exc).__name__, exc)
        return
    _SIM["started"] = started
    # The seed state's secrets, read once: every test starts from the seed (sim fixture).
    _SIM["secrets"] = _support.state_secrets(simclient.SimClient(started.base_url).state())
    owner = os.getpid()

    def stop():
        if os.getpid() == owner:  # never from a forked child
            simclient.stop_simulator(started.process)
            shutil.rmtree(started.workdir, ignore_errors=True)

    config.add_cleanup(stop)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    """Start the simulator in the parent process before a matrix test is forked."""
    if _SIM["started"] is None and _SIM["error"] is None and str(item.path).startswith(_HERE + os.sep):
        _start_simulator(item.config)
    yield


@pytest.fixture
def transport():
    """Shadows any autouse fake transport of a parent conftest: the matrices use real HTTP."""
    return None


@pytest.fixture
def sleeps():
    """Shadows any autouse sleep patch of a parent conftest: the matrices inject their own recorder."""
    return None


@pytest.fixture
def sim_url():
    if _SIM["error"]:
        pytest.fail("the registrar simulator did not start: %s" % _SIM["error"])
    if _SIM["started"] is None:
        pytest.fail("the registrar simulator was not started (is the pytest_runtest_protocol hook active?)")
    return _SIM["started"].base_url


@pytest.fixture
def sim(sim_url):
    """A SimClient for a simulator in its seed state: empty request log, no faults."""
    client = _support.load_simclient().SimClient(sim_url)
    client.reset()
    return client


@pytest.fixture
def secrets(sim):
    """Every secret a result could leak: configured credentials and the seed state's transfer secrets."""
    return set(_SIM["secrets"])


@pytest.fixture
def clean_env(monkeypatch):
    """No credential or URL from the environment may reach a module under test."""
    for name in _support.ENV_FALLBACKS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fast_modules(monkeypatch, clean_env):
    """Modules run in-process build their clients, and run their restores, with a recording sleep.

    Returns the SleepRecorder. Waits between retries, between the re-reads after a lost restore
    answer and between polls are still computed (and recorded), never slept.
    """
    from ansible_collections.domainops.registrar.plugins.module_utils import _restore as restore
    from ansible_collections.domainops.registrar.plugins.module_utils._http import HttpClient

    recorder = _support.SleepRecorder()
    # Every client comes from HttpClient (the one factory); both sleep defaults are bound at import.
    init = HttpClient.__init__
    monkeypatch.setattr(
        HttpClient, "__init__", lambda self, *args, **kw: init(self, *args, **dict({"sleep": recorder}, **kw))
    )
    monkeypatch.setattr(restore, "run", functools.partial(restore.run, sleep=recorder))
    return recorder
