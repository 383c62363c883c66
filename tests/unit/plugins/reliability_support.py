# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Helpers of the reliability matrices: the simulator, provider operations, module runs, checks."""

from __future__ import annotations

import base64
import contextlib
import io
import json
import socket
import time

from ansible.module_utils.testing import patch_module_args

from ansible_collections.domainops.registrar.plugins.module_utils import _logicboxes
from ansible_collections.domainops.registrar.plugins.module_utils import _restore as restore
from ansible_collections.domainops.registrar.plugins.module_utils._autodns import json_api as _autodns
from ansible_collections.domainops.registrar.plugins.module_utils._hostup import legacy as _hostup
from ansible_collections.domainops.registrar.plugins.module_utils._http import ClientSettings, HttpClient
from ansible_collections.domainops.registrar.plugins.module_utils._redact import Redactor
from ansible_collections.domainops.registrar.tests.unit.plugins import reliability_cases as cases

SERVICE_PATHS = cases.credentials.SERVICE_PATHS


def load_simclient():
    """tests/simulator/simclient.py, the simulator's control API client and launcher."""
    return cases.simulator_module("simclient")


def service_url(base_url, service):
    return base_url.rstrip("/") + SERVICE_PATHS[service]


def closed_port_url():
    """The base URL of a loopback port nothing listens on (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return "http://127.0.0.1:%d" % port


def state_secrets(state):
    """Every credential and transfer secret in the simulator's state, plus the configured ones."""
    return cases.credentials.state_secrets(state)


# ---------------------------------------------------------------------------------------------
# Fault bodies


def render_fault(operation, spec):
    """The POST /_sim/faults body for ``spec`` on ``operation``, placeholders filled in."""
    service, name, _display, _kind, fmt = operation
    fault = {"service": service, "operation": name}
    for key, value in spec.items():
        if key == "body" and isinstance(value, str) and value.startswith("@"):
            value = render_body(value, service, name, fmt, spec.get("status"))
        elif key == "body_base64" and value == "@non-utf8":
            raw = cases.NON_UTF8_XML if fmt == "xml" else cases.NON_UTF8_JSON
            value = base64.b64encode(raw).decode("ascii")
        fault[key] = value
    return fault


def render_body(placeholder, service, name, fmt, status):
    canned = cases.CANNED[(service, name)]
    if placeholder == "@canned":
        return canned
    if placeholder == "@canned-half":
        return canned[: len(canned) // 2]
    if placeholder == "@gateway-html":
        reason = cases.REASONS.get(status, "Error")
        return cases.HTML_GATEWAY_PAGE % (status, reason, status, reason)
    if placeholder == "@malformed":
        if fmt == "xml":
            return '<?xml version="1.0"?><response><result><status><code>S0105</code></result></response>'
        return "{'status': 'SUCCESS', data: [1, 2,]}"
    if placeholder == "@wrong-shape":
        if fmt == "xml":
            return '<?xml version="1.0"?><html><body><p>Scheduled maintenance</p></body></html>'
        return "[1, 2, 3]"
    if placeholder == "@oversized":
        return "x" * (cases.MAX_BODY_BYTES + 1)
    if placeholder == "@deep-json":
        return "[" * cases.DEEP_JSON_LEVELS + "]" * cases.DEEP_JSON_LEVELS
    if placeholder == "@doctype":
        head, sep, rest = canned.partition("?>")
        return head + sep + "\n<!DOCTYPE response>" + rest
    raise ValueError("unknown body placeholder %s" % placeholder)


# ---------------------------------------------------------------------------------------------
# Provider operations, called directly


def logicboxes_params(api_url, **extra):
    params = {
        "provider": "logicboxes",
        "logicboxes_auth_userid": cases.LB_USERID,
        "logicboxes_api_key": cases.LB_KEY,
        "order_id": None,
        "invoice_option": "NoInvoice",
        "logicboxes_api_url": api_url,
    }
    params.update(extra)
    return params


def autodns_params(api_url, **extra):
    params = {
        "autodns_username": cases.AUTODNS_USER,
        "autodns_password": cases.AUTODNS_PASSWORD,
        "autodns_context": 4,
        "restore_action": "RESTORE",
        "reply_to": None,
        "ctid": None,
        "rate_limit": 0,
        # One transport per call: both URL options point at the service under test.
        "autodns_api_url": api_url,
        "autodns_gateway_url": api_url,
    }
    params.update(extra)
    return params


def matrix_settings(timeout=cases.TIMEOUT):
    return ClientSettings(
        timeout=timeout, validate_certs=True, retries=cases.RETRIES, max_retry_wait=cases.MAX_RETRY_WAIT
    )


def operation_call(operation, base_url, settings):
    """``(client, call)``: ``call()`` sends exactly the one request of ``operation`` (plus retries).

    The client waits between retries through the ``sleeps`` fixture's recorder (conftest.py).
    """
    service, name = operation[0], operation[1]
    url = service_url(base_url, service)
    redactor = Redactor()
    if service == "hostup":
        client = HttpClient(
            _hostup.api({"hostup_api_key": cases.HOSTUP_KEY, "hostup_api_url": url}), settings, redactor
        )
        return client, lambda: _hostup.status_sync(client, cases.HOSTUP_DOMAIN_ID)
    if service == "logicboxes":
        params = logicboxes_params(url, order_id=cases.LB_ORDER_ID)
        client = HttpClient(_logicboxes.api(params), settings, redactor)
        unit = _logicboxes.LogicBoxesRestore(client, params, cases.LB_DOMAIN)
        calls = {
            "orderid": unit.lookup_order_id,
            "details": lambda: unit.order_details(cases.LB_ORDER_ID),
            "restore": unit.restore,
        }
        return client, calls[name]
    if service == "autodns_json":
        params = autodns_params(url)
        client = HttpClient(_autodns.api(params), settings, redactor)
        domains = {
            "restore-search": cases.AUTODNS_RESTORABLE,
            "job-search": cases.AUTODNS_RUNNING,
            "domain-info": cases.AUTODNS_ACTIVE,
            "restore": cases.AUTODNS_RESTORABLE,
            "job-info": cases.AUTODNS_RUNNING,
        }
        unit = _autodns.AutoDnsJsonRestore(client, params, domains[name])
        running = restore.RestoreOutcome(restore.RUNNING, "RUNNING", job_id=cases.AUTODNS_RUNNING_JOB)
        calls = {
            "restore-search": unit._restore_list_item,
            "job-search": unit._running_restore_job,
            "domain-info": unit._domain_info,
            "restore": unit.restore,
            "job-info": lambda: unit.poll(running),
        }
        return client, calls[name]
    from ansible_collections.domainops.registrar.plugins.module_utils._autodns import xml_gateway as _autodns_xml

    params = autodns_params(url)
    client = HttpClient(_autodns_xml.api(params), settings, redactor)
    domains = {"0105005": cases.XML_RESTORABLE, "0105": cases.AUTODNS_ACTIVE, "0101005": cases.XML_RESTORABLE}
    unit = _autodns_xml.AutoDnsXmlRestore(client, params, domains[name])
    calls = {"0105005": unit._restore_list_item, "0105": unit._domain_info, "0101005": unit.restore}
    return client, calls[name]


# ---------------------------------------------------------------------------------------------
# Modules, run in-process


class ModuleCrashed(Exception):
    """main() raised something other than SystemExit: an Ansible user would see a traceback."""

    def __init__(self, exc):
        super().__init__("%s: %s" % (type(exc).__name__, exc))
        self.original = exc


def run_module(module, args):
    """Run ``module.main()`` with ``args``; return the result dict it printed (exit_json/fail_json)."""
    out = io.StringIO()
    try:
        with patch_module_args(args), contextlib.redirect_stdout(out):
            module.main()
    except SystemExit:
        pass
    except Exception as exc:  # pylint: disable=broad-except
        raise ModuleCrashed(exc) from exc
    else:
        raise AssertionError("main() returned without calling exit_json or fail_json")
    text = out.getvalue()
    try:
        return json.loads(text)
    except ValueError:
        raise AssertionError("the module printed no JSON result: %r" % text[:500]) from None


def module_args(base, override, base_url):
    """Module arguments from a named base of ``cases.BASES``, an override and the simulator's URL."""
    urls = {
        "@hostup": service_url(base_url, "hostup"),
        "@logicboxes": service_url(base_url, "logicboxes"),
        "@autodns": service_url(base_url, "autodns_json"),
        "@gateway": service_url(base_url, "autodns_xml"),
    }
    args = dict(cases.BASES[base])
    args.update(override)
    args = {key: value for key, value in args.items() if value != cases.DELETE}
    for name in set(cases.URL_OPTIONS.values()):
        if isinstance(args.get(name), str):
            args[name] = urls.get(args[name], args[name])
    if args.get("provider") == "autodns" and "rate_limit" not in args:
        args["rate_limit"] = 0
    args.setdefault("max_retry_wait", cases.MAX_RETRY_WAIT)
    return args


# ---------------------------------------------------------------------------------------------
# Checks


def check_message(message, secrets, provider=None, operation=None):
    """A failure message: one line, no traceback, names provider and operation, holds no secret."""
    problems = []
    if not isinstance(message, str) or not message.strip():
        return ["no message: %r" % (message,)]
    if "\n" in message or "\r" in message:
        problems.append("more than one line")
    if "Traceback" in message:
        problems.append("holds a traceback")
    if provider and provider not in message:
        problems.append("does not name the provider %s" % provider)
    if operation and operation not in message:
        problems.append("does not name the operation %s" % operation)
    leaked = sorted(secret for secret in secrets if secret in message)
    if leaked:
        problems.append("leaks %d secret(s)" % len(leaked))
    return problems


def leaked_secrets(data, secrets):
    """The secrets that appear anywhere in ``data`` (serialised)."""
    text = json.dumps(data, default=repr, ensure_ascii=False)
    return sorted(secret for secret in secrets if secret in text)


def wait_for(predicate, timeout, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
