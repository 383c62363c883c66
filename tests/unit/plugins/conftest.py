# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
import requests.adapters
from ansible.module_utils import basic

from ansible_collections.domainops.registrar.plugins.module_utils import _http
from ansible_collections.domainops.registrar.plugins.module_utils import _restore as restore_mod
from ansible_collections.domainops.registrar.tests.unit.plugins.fakes import (
    FakeTransport,
    ModuleExit,
    ModuleRun,
    SleepRecorder,
    patch_module_args,
)

# Environment variables the modules read; a developer's shell must not leak into the tests.
MODULE_ENV = (
    "HOSTUP_API_KEY",
    "HOSTUP_API_URL",
    "LOGICBOXES_AUTH_USERID",
    "LOGICBOXES_API_KEY",
    "LOGICBOXES_API_URL",
    "AUTODNS_USER",
    "AUTODNS_PASSWORD",
    "AUTODNS_CONTEXT",
    "AUTODNS_API_URL",
    "AUTODNS_GATEWAY_URL",
    # requests reads these and would change what reaches the adapter.
    "REQUESTS_CA_BUNDLE",
    "CURL_CA_BUNDLE",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "http_proxy",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
)


@pytest.fixture(autouse=True)
def transport(monkeypatch):
    """Every test gets the fake transport: no request can reach a network."""
    fake = FakeTransport()
    monkeypatch.setattr(
        requests.adapters.HTTPAdapter,
        "send",
        lambda adapter, request, **kwargs: fake.send(adapter, request, **kwargs),
    )
    for name in MODULE_ENV:
        monkeypatch.delenv(name, raising=False)
    return fake


@pytest.fixture(autouse=True)
def sleeps(monkeypatch):
    """No test ever really waits.

    ``HttpClient(sleep=time.sleep)`` and ``_restore.run(clock=..., sleep=...)`` bind their defaults
    when the module is imported, so patching ``time.sleep`` would not reach them: the defaults are
    replaced here instead, with a recorder that also drives a fake clock.
    """
    recorder = SleepRecorder()
    original_init = _http.HttpClient.__init__

    def init(self, *args, **kwargs):
        kwargs.setdefault("sleep", recorder)
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(_http.HttpClient, "__init__", init)

    original_run = restore_mod.run

    def run(provider, **kwargs):
        kwargs.setdefault("clock", recorder.clock)
        kwargs.setdefault("sleep", recorder)
        return original_run(provider, **kwargs)

    monkeypatch.setattr(restore_mod, "run", run)
    return recorder


@pytest.fixture
def run_module(monkeypatch):
    """``run_module(module, args, check_mode=False, diff=False) -> ModuleRun``: main() with exit/fail captured.

    exit_json and fail_json are replaced, so the result is exactly what the module handed over,
    before Ansible's own no_log masking could hide a leak.
    """
    warnings = []

    def exit_json(self, **kwargs):
        raise ModuleExit(kwargs, failed=False)

    def fail_json(self, msg=None, **kwargs):
        kwargs.pop("exception", None)
        raise ModuleExit(dict(kwargs, msg=msg), failed=True)

    def warn(self, warning, **kwargs):
        warnings.append(warning)

    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)
    monkeypatch.setattr(basic.AnsibleModule, "warn", warn)

    def run(module, args, check_mode=False, diff=False):
        del warnings[:]
        full = dict(args)
        if check_mode:
            full["_ansible_check_mode"] = True
        if diff:
            full["_ansible_diff"] = True
        with patch_module_args(full), pytest.raises(ModuleExit) as info:
            module.main()
        return ModuleRun(info.value.result, info.value.failed, list(warnings))

    return run
