# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""No double restore: faults on the restore request, through domain_restore's main() in-process.

For each provider/transport and each fault on the restore request (with the simulator executing
the restore before the fault, or not, where that is meaningful), the cell checks:

* the simulator received the expected number of restore requests (one, or two when the first was
  refused unexecuted with HTTP 429) and executed at most one restore;
* the result is one line, without traceback or secret, and tells the state: restored or pending
  when the restore happened (found by re-reading the domain when its answer was lost), or that
  whether it happened cannot be determined and how to check, after RECOVERY_READS re-reads
  ``poll_interval`` apart (recorded, not slept);
* following the result's advice (running the task once more, fault-free) ends with exactly one
  executed restore: nothing is ever restored twice.
"""

from __future__ import annotations

import json

import pytest

from ansible_collections.domainops.registrar.plugins.module_utils import _logicboxes
from ansible_collections.domainops.registrar.plugins.module_utils import _restore as restore
from ansible_collections.domainops.registrar.plugins.module_utils._autodns import json_api as _autodns
from ansible_collections.domainops.registrar.plugins.module_utils._autodns import xml_gateway as _autodns_xml
from ansible_collections.domainops.registrar.plugins.modules import domain_restore
from ansible_collections.domainops.registrar.tests.unit.plugins import reliability_cases as cases
from ansible_collections.domainops.registrar.tests.unit.plugins import reliability_support as support

pytestmark = pytest.mark.simulator

RESTORE_OPERATION = {"logicboxes": "restore", "autodns_json": "restore", "autodns_xml": "0101005"}
BASE_OF = {"logicboxes": "lb", "autodns-json": "adj", "autodns-xml": "adx"}
# Where each service counts the restores it executed (the seed's first id, and the counter).
EXECUTED_COUNTER = {
    "logicboxes": ("logicboxes", "next_eaqid", 1111111),
    "autodns_json": ("autodns", "next_job_id", 4297543154),
    "autodns_xml": ("autodns", "next_job_id", 4297543154),
}


# The wait between the re-reads after a lost restore answer, per provider unit.
POLL_INTERVAL = {
    "logicboxes": _logicboxes.LogicBoxesRestore.poll_interval,
    "autodns-json": _autodns.AutoDnsJsonRestore.poll_interval,
    "autodns-xml": _autodns_xml.AutoDnsXmlRestore.poll_interval,
}


def _params():
    return [
        pytest.param(provider, fault, id="%s-%s" % (provider[0], fault[0])) for provider, fault in cases.restore_cells()
    ]


def executed_restores(sim, service):
    section, counter, first = EXECUTED_COUNTER[service]
    return int(sim.state()[section]["counters"][counter]) - first


def restore_requests(sim, service):
    return len(sim.requests(service=service, operation=RESTORE_OPERATION[service]))


def test_recovery_reads_mirror_the_module():
    """The case tables describe the re-reads after a lost answer as _restore does them."""
    assert cases.RECOVERY_READS == restore.RECOVERY_READS


@pytest.mark.parametrize(("provider", "fault"), _params())
def test_restore_fault(sim, secrets, sleeps, provider, fault):
    label, service, domain, executed_outcome, lost_outcome = provider
    spec, executed, expected, restore_count = fault[1:]
    operation = next(op for op in cases.OPERATIONS if op[0] == service and op[1] == RESTORE_OPERATION[service])
    sim.fault(**support.render_fault(operation, spec))
    args = support.module_args(BASE_OF[label], {"domain": domain}, sim.base_url)
    args.update(timeout=cases.FAST_TIMEOUT if spec.get("delay") else cases.TIMEOUT, retries=cases.RETRIES)
    if executed == "late":
        # The registrar acts after the client gave up: while the module waits between its re-reads
        # (poll_interval, longer than the simulator's delay), the restore gets executed.
        sleeps.until = lambda: executed_restores(sim, service) == 1

    result = support.run_module(domain_restore, args)
    message = result.get("msg", "")
    recovery_waits = list(sleeps.waits)
    sleeps.until = None

    # The invariants: counted requests, at most one executed restore, a clean one-line message.
    assert restore_requests(sim, service) == restore_count, "restore requests received"
    if executed == "late":
        # Wait for the late restore, so the state checked below (and the next test's fresh state)
        # is final.
        assert support.wait_for(lambda: executed_restores(sim, service) == 1, cases.SLOW_DELAY + 3), "late restore"
    should_execute = bool(executed) or expected == "success"
    assert executed_restores(sim, service) == (1 if should_execute else 0), "restores executed"
    assert not support.leaked_secrets(result, secrets), "the result leaks a secret"
    if result.get("failed"):
        problems = support.check_message(message, secrets)
        assert not problems, "%s: %s" % ("; ".join(problems), message)
        if result.get("error"):
            assert result["error"]["provider"] in message, message

    # What the result says about the restore.
    if expected == "success":
        assert not result.get("failed"), message
        assert result["changed"] is True
        assert result["restore_status"] == executed_outcome, result
    elif expected in ("refused", "refused-executed"):
        assert result.get("failed"), result
        assert result["error"]["maybe_executed"] is False, result["error"]
        assert "HTTP 429" in message or "HTTP 500" in message, message
    elif not executed:
        _check_undeterminable(result, message, recovery_waits, POLL_INTERVAL[label])
    else:
        _check_found_by_rereading(result, lost_outcome, recovery_waits, POLL_INTERVAL[label])

    # Following the advice: one more run, without faults, never restores a second time.
    again = support.run_module(domain_restore, dict(args, timeout=cases.TIMEOUT))
    assert executed_restores(sim, service) == 1, "after a second run: %s" % again.get("msg", again)
    assert not support.leaked_secrets(again, secrets), "the second result leaks a secret"


def _check_undeterminable(result, message, waits, poll_interval):
    """Not executed, answer lost: every re-read finds the domain restorable; the task cannot tell."""
    assert result.get("failed"), result
    assert result["error"]["maybe_executed"] is True, result["error"]
    assert waits == [poll_interval] * (cases.RECOVERY_READS - 1), "waits between the re-reads: %s" % waits
    for text in ("not sent again", "still restorable", "cannot be determined", "check", "at the registrar"):
        assert text in message, "%r missing: %s" % (text, message)
    # A rerun could restore twice if the registrar still acts on the lost request.
    for text in ("did not happen", "run again", "retry"):
        assert text not in message, "%r: %s" % (text, message)


def _check_found_by_rereading(result, lost_outcome, waits, poll_interval):
    """Executed, answer lost: the re-reads find the restore, and the task reports it."""
    assert not result.get("failed"), result.get("msg")
    assert result["changed"] is True, result
    assert result["restore_status"] == lost_outcome, result
    assert len(waits) < cases.RECOVERY_READS and set(waits) <= {poll_interval}, "waits between the re-reads: %s" % waits
    # ansible-core 2.19 returns warnings as structured summaries; older cores as strings.
    assert "was lost" in json.dumps(result.get("warnings", [])), result.get("warnings")
