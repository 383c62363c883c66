# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Bad-input matrix: every option of both modules, with values a playbook could get wrong.

Each case runs the module's main() in-process, pointed at a running simulator, and checks that the
task fails with one line naming the option and the rule, with no traceback and no secret, and
that the simulator received no request at all. Valid but unusual inputs (mixed case, Unicode
names) must instead be accepted and sent normalised.
"""

from __future__ import annotations

import base64
import json

import pytest

from ansible_collections.domainops.registrar.plugins.modules import domain_restore, domain_status_sync
from ansible_collections.domainops.registrar.tests.unit.plugins import reliability_cases as cases
from ansible_collections.domainops.registrar.tests.unit.plugins import reliability_support as support

pytestmark = pytest.mark.simulator

MODULES = {"domain_status_sync": domain_status_sync, "domain_restore": domain_restore}


def _case_id(index, case):
    module, base, override = case[0], case[1], case[2]
    shown = ",".join("%s=%s" % (key, json.dumps(value, ensure_ascii=True)[:40]) for key, value in override.items())
    return "%03d-%s-%s-%s" % (index, "sync" if module == "domain_status_sync" else "restore", base, shown)


@pytest.mark.parametrize(
    "case", [pytest.param(case, id=_case_id(index, case)) for index, case in enumerate(cases.BAD_INPUTS)]
)
def test_bad_input(sim, secrets, case):
    module, base, override, option, rule = case
    _check_bad_input(sim, secrets, MODULES[module], module_args_for(sim, base, override), option, rule)


def module_args_for(sim, base, override):
    return support.module_args(base, override, sim.base_url)


def _check_bad_input(sim, secrets, module, args, option, rule):
    result = support.run_module(module, args)
    message = result.get("msg", "")
    received = sim.requests()
    assert not received, "the simulator received %d request(s): %s" % (
        len(received),
        ["%s %s" % (entry["service"], entry["operation"]) for entry in received],
    )
    assert result.get("failed"), "bad input accepted: %s" % json.dumps(result)[:300]
    assert "\n" not in message and "\r" not in message, "more than one line: %r" % message
    assert "Traceback" not in message, message
    assert not support.leaked_secrets(result, secrets), "the result leaks a secret"
    if "embedded null character" in message and any("\x00" in str(value) for value in args.values()):
        # ansible-core 2.21 refuses a NUL in any argument itself (it cannot log the invocation to
        # syslog), before the module sees it: still one line and no request.
        return
    assert option in message, "the message does not name %s: %s" % (option, message)
    assert rule in message, "the message does not state the rule (%s): %s" % (rule, message)


@pytest.mark.parametrize(
    ("base", "override", "normalised"),
    [
        pytest.param(*case, id="%s-%s" % (case[0], case[1]["domain"].encode("ascii", "backslashreplace").decode()))
        for case in cases.ACCEPTED_INPUTS
    ],
)
def test_accepted_input(sim, secrets, base, override, normalised):
    """Mixed case and valid Unicode names are accepted, normalised, and sent normalised."""
    result = support.run_module(domain_restore, support.module_args(base, override, sim.base_url))
    assert not result.get("failed"), result.get("msg")
    assert result["domain"] == normalised
    assert result["changed"] is True and result["restore_status"] in ("restored", "pending"), result
    sent = json.dumps(sim.requests(), ensure_ascii=False)
    if "order_id" not in override:  # with an order id, LogicBoxes requests carry no name
        assert normalised in sent, "the requests did not carry %s" % normalised
    original = override["domain"]
    if original != normalised:
        assert original not in sent, "the un-normalised name %r reached the registrar" % original
    assert not support.leaked_secrets(result, secrets)


def test_every_option_is_tried():
    """Each option of both argument specs appears in at least one bad input."""
    for name, module in MODULES.items():
        tried = set()
        for case in cases.BAD_INPUTS:
            if case[0] == name:
                tried.update(case[2])
        missing = sorted(set(module.argument_spec()) - tried)
        assert not missing, "%s options without a bad input: %s" % (name, missing)


def test_markup_in_text_options_stays_text_over_xml(sim):
    """ctid and reply_to are free text: over the XML gateway they must not add elements."""
    ctid = "</ctid></task><task><code>0101005</code><ctid>x"
    args = support.module_args("adx", {"ctid": ctid, "reply_to": "a<b>@example.net"}, sim.base_url)
    result = support.run_module(domain_restore, args)
    assert not result.get("failed"), result.get("msg")
    restores = sim.requests(service="autodns_xml", operation="0101005")
    assert len(restores) == 1
    body = restores[0]["body"]
    assert body.count("<task>") == 1 and body.count("<code>") == 1, body
    assert "&lt;/ctid&gt;" in body, body


def test_unicode_password_over_json(sim):
    """A password is free text: one with non-Latin-1 characters must work (Basic auth in UTF-8)."""
    password = "p\u00e4ss-\u0416\u0443\u043a-9d4c"
    sim.patch_state({"autodns": {"accounts": [{"user": cases.AUTODNS_USER, "password": password, "context": 4}]}})
    args = support.module_args("adj", {"autodns_password": password}, sim.base_url)
    result = support.run_module(domain_restore, args)
    assert not result.get("failed"), result.get("msg")
    assert result["restore_status"] == "pending"
    assert password not in json.dumps(result, ensure_ascii=False)
    token = base64.b64encode(("%s:%s" % (cases.AUTODNS_USER, password)).encode("utf-8")).decode("ascii")
    assert token not in json.dumps(result), "the result holds the Basic-auth token"
    assert len(sim.requests(service="autodns_json", operation="restore")) == 1, "restore requests received"
