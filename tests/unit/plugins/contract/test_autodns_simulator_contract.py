# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every AutoDNS JSON request the provider builds, and every answer the simulator serves, per the spec.

Each scenario runs the real JSON provider against the real registrar simulator over HTTP (restore,
wait, job history, a subuser's domain, the "already running" refusal, listing pages, errors and an
injected fault). A recording wrapper around the transport keeps every request/answer pair, and
each one is validated against InterNetX's OpenAPI specification with the harness in ``spec.py``:
a request the collection builds or an answer the simulator serves that the spec rejects fails
the suite. So the simulator cannot drift from the vendor's shapes unnoticed, and neither can the
provider.

The tests are marked ``simulator``: they share the unit tests' registrar simulator (conftest.py
one level up), reset to its seed state for each test.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
import requests.adapters

from ansible_collections.domainops.registrar.plugins.module_utils import _restore as restore
from ansible_collections.domainops.registrar.plugins.module_utils._autodns import json_api
from ansible_collections.domainops.registrar.plugins.module_utils._autodns.json_api import (
    AutoDnsJsonRestore,
)
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._http import ClientSettings, HttpClient
from ansible_collections.domainops.registrar.plugins.module_utils._redact import Redactor
from ansible_collections.domainops.registrar.tests.unit.plugins import reliability_cases as cases
from ansible_collections.domainops.registrar.tests.unit.plugins.contract import spec

pytestmark = pytest.mark.simulator

API_PREFIX = cases.credentials.SERVICE_PATHS["autodns_json"]


class Recorder:
    """Wraps ``HTTPAdapter.send``: keeps (method, url, headers, body, status, answer bytes) of each call."""

    def __init__(self, monkeypatch):
        self.exchanges = []
        original = requests.adapters.HTTPAdapter.send
        recorder = self

        def send(adapter, request, *args, **kwargs):
            response = original(adapter, request, *args, **kwargs)
            content = response.content  # read once; requests serves the cached bytes to the client
            recorder.exchanges.append(
                (request.method, request.url, dict(request.headers), request.body, response.status_code, content)
            )
            return response

        monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)

    def api_exchanges(self):
        for method, url, headers, body, status, content in self.exchanges:
            parts = urlsplit(url)
            if not parts.path.startswith(API_PREFIX + "/"):
                continue  # the simulator's control API
            path = parts.path[len(API_PREFIX) :] + ("?" + parts.query if parts.query else "")
            yield method, path, headers, body, status, content


@pytest.fixture
def simulator(sim, monkeypatch):
    return sim, Recorder(monkeypatch)


def provider(sim, domain=None, **extra):
    params = {
        "autodns_username": cases.AUTODNS_USER,
        "autodns_password": cases.AUTODNS_PASSWORD,
        "autodns_context": 4,
        "autodns_api_url": sim.autodns_url,
        "rate_limit": 0,
        "restore_action": "RESTORE",
        "reply_to": None,
        "ctid": None,
    }
    params.update(extra)
    client = HttpClient(
        json_api.api(params), ClientSettings(retries=2, max_retry_wait=0.1), Redactor(), sleep=lambda s: None
    )
    return AutoDnsJsonRestore(client, params, domain)


def run(sim, domain, wait=False, **extra):
    try:
        return restore.run(provider(sim, domain, **extra), wait=wait, wait_timeout=120, sleep=lambda s: None)
    except restore.RestoreFailed as failed:
        return failed


def validate_all(recorder):
    """Validate every recorded API exchange; return the operations seen as (method, path template)."""
    seen = []
    for method, path, headers, body, status, content in recorder.api_exchanges():
        request_body = json.loads(body) if body else None
        spec.validate_request(method, path, body=request_body, headers=headers)
        answer = json.loads(content.decode("utf-8"))
        spec.validate_response(method, path, status, answer)
        operation, _params, _query = spec.find_operation(method, path)
        seen.append((operation.operation_id, status))
    assert seen, "no AutoDNS request was recorded"
    return seen


def _scenario_restore_and_wait(sim):
    changed, result, _warnings = run(sim, "restore-renew.de", wait=True, ctid="run-42", reply_to="ops@example.com")
    assert changed and result["restore_status"] == "restored"
    changed, result, _warnings = run(sim, "restore-me.de")
    assert changed and result["restore_status"] == "pending"


def _scenario_job_history(sim):
    changed, result, _warnings = run(sim, "history-restore.de", wait=True)
    assert changed and result["restore_status"] == "restored"
    assert any("/job/history/" in entry["path"] for entry in sim.requests(service="autodns_json"))


def _scenario_subuser(sim):
    changed, result, _warnings = run(sim, "customer-shop.de", wait=True)
    assert changed and result["restore_status"] == "restored" and result["owner"] == "customer1/4"


def _scenario_running_and_refusal(sim):
    changed, result, _warnings = run(sim, "running-restore.de")
    assert not changed and result["restore_status"] == "in_progress"
    # Straight to the restore, as a run whose job search missed the job would: the refusal.
    busy = provider(sim, "running-restore.de")
    assert busy.restore().state == restore.ALREADY_RUNNING


def _scenario_listing_pages(sim):
    lister = provider(sim)
    offset, names, pages = 0, [], 0
    while True:
        entries, more = lister.list_restorable(offset=offset, limit=25)
        names += [entry["domain"] for entry in entries]
        pages += 1
        offset += 25
        if not more:
            break
    assert pages >= 3 and len(names) == len(set(names)) >= 60
    entries, _more = lister.list_restorable(pattern="paged-00*.de", limit=100)
    assert {entry["owner"] for entry in entries} == {None, "customer1/4", "customer2/4"}


def _scenario_states_and_errors(sim):
    changed, result, _warnings = run(sim, "active.de")
    assert not changed and result["restore_status"] == "not_needed"
    assert isinstance(run(sim, "unknown-domain.de"), restore.RestoreFailed)
    failed = run(sim, "fail-restore.de", wait=True)
    assert isinstance(failed, restore.RestoreFailed) and "FAILED" in failed.msg
    changed, result, _warnings = run(sim, "past-phase.de")
    assert changed and result["restore_deadline"]
    with pytest.raises(RegistrarError):
        provider(sim, "restore-me.de", autodns_password="wrong-password-1").read_state()


def _scenario_injected_fault(sim):
    sim.fault(service="autodns_json", operation="job-info", status=503, times=1)
    changed, result, _warnings = run(sim, "slow-restore.de", wait=True)
    assert changed and result["restore_status"] == "restored"


SCENARIOS = {
    "restore-and-wait": _scenario_restore_and_wait,
    "job-history": _scenario_job_history,
    "subuser": _scenario_subuser,
    "running-and-refusal": _scenario_running_and_refusal,
    "listing-pages": _scenario_listing_pages,
    "states-and-errors": _scenario_states_and_errors,
    "injected-fault": _scenario_injected_fault,
}
EXPECTED = {
    "restore-and-wait": {"domainRestoreList", "jobList", "domainRestore", "jobInfo"},
    "job-history": {"jobHistoryInfo"},
    "subuser": {"domainRestore", "jobInfo"},
    "running-and-refusal": {"jobList", "domainRestore"},
    "listing-pages": {"domainRestoreList"},
    "states-and-errors": {"domainInfo"},
    "injected-fault": {"jobInfo"},
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_requests_and_simulator_answers_match_the_spec(simulator, name):
    sim, recorder = simulator

    SCENARIOS[name](sim)

    seen = validate_all(recorder)
    operation_ids = {operation_id for operation_id, _status in seen}
    assert EXPECTED[name] <= operation_ids, "scenario %s did not exercise %s" % (name, EXPECTED[name] - operation_ids)


def test_error_answers_are_validated_too(simulator):
    sim, recorder = simulator

    _scenario_states_and_errors(sim)
    _scenario_running_and_refusal(sim)

    statuses = {status for _operation, status in validate_all(recorder)}
    assert {200, 400, 401, 404} <= statuses


def test_a_simulator_answer_the_spec_rejects_fails_the_check(simulator, monkeypatch):
    # The check bites: a flat Job in a job-info answer (the misreading of issue 10) is caught.
    sim, recorder = simulator
    run(sim, "restore-me.de")
    flat = json.dumps(
        {"stid": "x", "status": {"code": "S300114", "text": "ok", "type": "SUCCESS"}, "data": [{"id": 1}]}
    ).encode()
    recorder.exchanges.append(("GET", sim.autodns_url + "/job/1", {}, None, 200, flat))

    with pytest.raises(spec.ContractError, match="does not declare"):
        validate_all(recorder)
