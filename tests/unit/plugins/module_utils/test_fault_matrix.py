# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fault matrix: every provider operation x every transport fault, over real HTTP to the simulator.

Each cell injects one fault on one operation, calls that operation directly (the provider unit's
method, as the modules do) and checks: the outcome (succeeds after the retries the policy allows,
or fails), the exact number of requests the simulator received for the operation, the waits the
client would have slept, whether a failed restore is flagged ``maybe_executed``, and that the
failure message is one line, names provider and operation, has no traceback and no secret.
The cells come from ``reliability_cases.fault_cells()``; ``test_reliability_evidence.py`` records how many there are.
"""

from __future__ import annotations

import json

import pytest
import requests

from ansible_collections.domainops.registrar.plugins.module_utils import _http
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.tests.unit.plugins import reliability_cases as cases
from ansible_collections.domainops.registrar.tests.unit.plugins import reliability_support as support

# A bare integer cut in half is still an integer: a truncated orderid answer cannot be detected
# by its syntax (the module then reads that order's details and refuses it, because its domain
# name does not match). The cell documents this instead of expecting a failure.
pytestmark = pytest.mark.simulator

EXPECTATION_OVERRIDES = {
    ("logicboxes", "orderid", "truncated answer with a complete HTTP frame (HTTP 200)"): ("ok", 1),
}


def _params():
    return [
        pytest.param(operation, fault, id=cases.cell_id(operation, fault)) for operation, fault in cases.fault_cells()
    ]


def expectation(operation, fault):
    """(outcome, requests received, maybe_executed or None) of a cell."""
    override = EXPECTATION_OVERRIDES.get((operation[0], operation[1], fault["name"]))
    if override:
        return override[0], override[1], None
    expected = fault[operation[3]]
    maybe = expected[2] if len(expected) > 2 else None
    return expected[0], expected[1], maybe


@pytest.mark.parametrize(("operation", "fault"), _params())
def test_fault_cell(sim, secrets, sleeps, operation, fault):
    service, name, display, kind, fmt = operation
    outcome, count, maybe_executed = expectation(operation, fault)
    base_url = sim.base_url
    if fault.get("refused"):
        base_url = support.closed_port_url()
    else:
        try:
            sim.fault(**support.render_fault(operation, fault["spec"]))
        except RuntimeError as exc:
            raise AssertionError("the simulator refused the fault: %s" % exc) from None
    timeout = cases.FAST_TIMEOUT if fault.get("timeout") else cases.TIMEOUT
    _client, call = support.operation_call(operation, base_url, support.matrix_settings(timeout))

    error = result = None
    try:
        result = call()
    except RegistrarError as exc:
        error = exc

    received = sim.requests(service=service)
    for_operation = [entry for entry in received if entry["operation"] == name]
    assert len(for_operation) == count, "expected %d %s %s request(s), the simulator received %d" % (
        count,
        service,
        name,
        len(for_operation),
    )
    assert len(received) == count, "requests to other operations: %s" % [entry["operation"] for entry in received]

    attempts = cases.ALL if fault.get("refused") else count
    assert len(sleeps.waits) == max(0, attempts - 1), "waits between tries: %s" % sleeps.waits
    assert all(0 <= wait <= cases.MAX_RETRY_WAIT for wait in sleeps.waits), sleeps.waits
    for wanted, waited in zip(fault.get("sleeps", []), sleeps.waits):
        if wanted == "backoff":
            assert _http.BACKOFF_BASE / 2 <= waited <= _http.BACKOFF_BASE, sleeps.waits
        else:
            assert waited == wanted, "Retry-After %s not honoured: waited %s" % (wanted, waited)

    if outcome == "ok":
        assert error is None, "expected success after the retries, got: %s" % error
        assert result, "the operation returned nothing: %r" % (result,)
        if service == "hostup":
            assert not support.leaked_secrets(result, secrets), "the sync result leaks a secret"
        return

    assert error is not None, "expected a failure, the operation returned %r" % (result,)
    message = error.one_line()
    problems = support.check_message(message, secrets, provider=display, operation=name)
    assert not problems, "%s: %s" % ("; ".join(problems), message)
    assert not support.leaked_secrets(error.as_dict(), secrets), "the structured error leaks a secret"
    json.dumps(error.as_dict())  # the task result must be serialisable
    wanted = fault.get("message")
    if isinstance(wanted, dict):
        wanted = wanted[fmt]
    if wanted:
        assert wanted in message, message
    if "/etc/passwd" in json.dumps(fault["spec"]):
        assert "root:" not in message, "the external entity was resolved: %s" % message
    if kind == "restore":
        assert error.maybe_executed is maybe_executed, "maybe_executed=%s for: %s" % (error.maybe_executed, message)
    else:
        assert error.maybe_executed is False, "a read must never be flagged maybe_executed: %s" % message


def test_max_body_bytes_mirrors_the_client():
    """The oversized cells send MAX_BODY_BYTES + 1 bytes: the case table must agree with the client."""
    assert cases.MAX_BODY_BYTES == _http.MAX_BODY_BYTES


def test_every_operation_meets_every_fault_of_its_format():
    cells = cases.fault_cells()
    for operation in cases.OPERATIONS:
        names = {fault["name"] for op, fault in cells if op == operation}
        wanted = {fault["name"] for fault in cases.FAULTS if operation[4] in fault["formats"]}
        assert names == wanted
    assert len({cases.cell_id(op, fault) for op, fault in cells}) == len(cells), "cell ids must be unique"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_non_utf8_fault_sends_raw_bytes(sim, fmt):
    """The non-UTF-8 cells inject real non-UTF-8 bytes: the simulator answers them unchanged."""
    raw = cases.NON_UTF8_XML if fmt == "xml" else cases.NON_UTF8_JSON
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    if fmt == "xml":
        operation = next(op for op in cases.OPERATIONS if op[:2] == ("autodns_xml", "0105"))
        path, body = "autodns_xml", b"<request><task><code>0105</code></task></request>"
    else:
        operation = next(op for op in cases.OPERATIONS if op[:2] == ("hostup", "status-sync"))
        path, body = "hostup", b"{}"
    sim.fault(**support.render_fault(operation, {"status": 200, "body_base64": "@non-utf8"}))
    url = support.service_url(sim.base_url, path)
    if fmt == "json":
        url += "/domains/%d/status-sync" % cases.HOSTUP_DOMAIN_ID
    response = requests.post(url, data=body, timeout=cases.TIMEOUT)
    assert response.status_code == 200
    assert response.content == raw
    assert [entry["operation"] for entry in sim.requests()] == [operation[1]]
