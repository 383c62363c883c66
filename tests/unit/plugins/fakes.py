# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Test doubles shared by the unit tests.

The only seam is the transport under ``requests``: ``FakeTransport.send`` replaces
``requests.adapters.HTTPAdapter.send``, so everything above it (sessions, headers, auth, URL and
body encoding, streaming reads, the client's retry policy) runs for real. Each answer is built as a
``urllib3.HTTPResponse`` with ``preload_content=False`` and turned into a ``requests.Response`` by the
adapter's own ``build_response``, which exercises the client's streaming read path.

A script entry is one of:

* ``(status, headers, body)``: ``body`` is ``bytes`` or a readable file object (see ``broken_body``);
* an exception instance, raised from ``send`` (see ``refused``, ``read_timeout``, ``reset``);
* a callable ``entry(sent) -> entry``, for routing by method and path.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import threading
import time
from collections import deque
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import requests.adapters
import urllib3
from ansible.module_utils import basic
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError, ReadTimeoutError

from ansible_collections.domainops.registrar.plugins.module_utils import _http
from ansible_collections.domainops.registrar.plugins.module_utils import _restore as restore_mod

try:  # ansible-core 2.19 and newer
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # pragma: no cover - ansible-core 2.17 and 2.18

    @contextlib.contextmanager
    def patch_module_args(args=None):
        serialized = json.dumps({"ANSIBLE_MODULE_ARGS": args or {}}).encode()
        original = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = serialized
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = original


# Answers --------------------------------------------------------------------------------------


def answer_json(data, status=200, headers=None):
    """A JSON answer; ``data`` may be any JSON value (a bare integer too)."""
    all_headers = {"Content-Type": "application/json"}
    all_headers.update(headers or {})
    return (status, all_headers, json.dumps(data).encode("utf-8"))


def answer_raw(body, status=200, content_type="application/json", headers=None):
    """An answer with exactly these body bytes (or text)."""
    all_headers = {"Content-Type": content_type} if content_type else {}
    all_headers.update(headers or {})
    if isinstance(body, str):
        body = body.encode("utf-8")
    return (status, all_headers, body)


def answer_xml(text, status=200):
    return answer_raw(text, status=status, content_type="application/xml; charset=utf-8")


class _BrokenBody(io.BytesIO):
    """A body that delivers ``data`` and then fails the way a dropped socket does."""

    def __init__(self, data, exc):
        super().__init__(data)
        self._exc = exc

    def read(self, amt=-1):
        chunk = super().read(amt)
        if not chunk:
            raise self._exc
        return chunk


def broken_body(prefix=b'{"success": tr', status=200, exc=None):
    """Headers arrive, then the connection is reset (or times out) while the body is read."""
    body = _BrokenBody(prefix, exc or ConnectionResetError(104, "Connection reset by peer"))
    return (status, {"Content-Type": "application/json"}, body)


# Transport failures, as requests raises them from HTTPAdapter.send ------------------------------


def refused(url="https://registrar.invalid/"):
    """The TCP connection was never established (ECONNREFUSED): provably not executed."""
    reason = NewConnectionError(None, "Failed to establish a new connection: [Errno 111] Connection refused")
    return requests.exceptions.ConnectionError(MaxRetryError(None, url, reason))


def read_timeout(url="https://registrar.invalid/"):
    """The request was sent, no answer arrived in time: it may have been executed."""
    return requests.exceptions.ReadTimeout(ReadTimeoutError(None, url, "Read timed out. (read timeout=60)"))


def reset():
    """The connection was reset after the request was written: it may have been executed."""
    return requests.exceptions.ConnectionError(
        ProtocolError("Connection aborted.", ConnectionResetError(104, "Connection reset by peer"))
    )


# The transport --------------------------------------------------------------------------------


class Sent:
    """One request as it left ``requests``: method, URL, headers, body, and the adapter arguments."""

    def __init__(self, request, timeout, verify):
        self.method = request.method
        self.url = request.url
        self.headers = dict(request.headers)
        body = request.body
        if body is None:
            body = b""
        elif isinstance(body, str):
            body = body.encode("utf-8")
        self.body = body
        self.timeout = timeout
        self.verify = verify
        parts = urlsplit(self.url)
        self.scheme = parts.scheme
        self.host = parts.netloc
        self.path = parts.path
        self.query_string = parts.query
        self.query = parse_qs(parts.query, keep_blank_values=True)

    @property
    def text(self):
        return self.body.decode("utf-8")

    @property
    def json(self):
        return json.loads(self.body.decode("utf-8"))

    @property
    def form(self):
        return parse_qs(self.body.decode("utf-8"), keep_blank_values=True)

    def header(self, name):
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None

    def __repr__(self):
        return "<Sent %s %s>" % (self.method, self.url)


class FakeTransport:
    """Answers requests from a script (then from a router) and records every request."""

    def __init__(self):
        self.script = deque()
        self.router = None
        self.sent = []
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self.in_flight = 0
        self.max_in_flight = 0
        # (peak, seconds): keep each request open until `peak` are in flight, at most `seconds`.
        self.hold = ()

    def answer(self, *entries):
        self.script.extend(entries)
        return self

    def route(self, router):
        """``router(sent) -> entry`` answers whatever the script does not."""
        self.router = router
        return self

    def __len__(self):
        return len(self.sent)

    def _next_entry(self, sent):
        with self._lock:
            entry = self.script.popleft() if self.script else None
        if entry is None:
            if self.router is None:
                raise AssertionError("unexpected request: %s %s" % (sent.method, sent.url))
            entry = self.router
        while callable(entry) and not isinstance(entry, BaseException):
            entry = entry(sent)
        return entry

    def send(self, adapter, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        sent = Sent(request, timeout, verify)
        with self._cond:
            self.sent.append(sent)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            self._cond.notify_all()
            if self.hold:
                peak, seconds = self.hold[0], self.hold[1]
                deadline = time.monotonic() + seconds
                while self.in_flight < peak and time.monotonic() < deadline:
                    self._cond.wait(max(0.0, deadline - time.monotonic()))
        try:
            entry = self._next_entry(sent)
        finally:
            with self._cond:
                self.in_flight -= 1
        if isinstance(entry, BaseException):
            raise entry
        status, headers, body = entry[0], entry[1], entry[2]
        if isinstance(body, (bytes, bytearray)):
            body = io.BytesIO(bytes(body))
        raw = urllib3.HTTPResponse(
            body=body,
            headers=headers,
            status=status,
            reason="Fake",
            preload_content=False,
            decode_content=False,
            request_url=request.url,
        )
        return adapter.build_response(request, raw)


class SleepRecorder:
    """A ``sleep`` that returns at once, records each wait and advances a fake clock.

    With ``until`` set, a wait does pass real time, but ends as soon as ``until()`` is true: it
    stands for a registrar that acts while the module waits (the simulator-backed matrices).
    """

    def __init__(self):
        self.waits = []
        self.now = 1000.0
        self.until = None
        self._lock = threading.Lock()

    def __call__(self, seconds):
        with self._lock:
            self.waits.append(seconds)
            self.now += seconds
        if self.until is not None:
            deadline = time.monotonic() + seconds
            while not self.until() and time.monotonic() < deadline:
                time.sleep(0.05)

    def clock(self):
        with self._lock:
            return self.now


# Running modules --------------------------------------------------------------------------------


class ModuleExit(Exception):
    """Raised instead of exiting: ``result`` holds exactly what the module passed to exit/fail_json."""

    def __init__(self, result, failed):
        super().__init__(result.get("msg"))
        self.result = result
        self.failed = failed


class ModuleRun:
    def __init__(self, result, failed, warnings):
        self.result = result
        self.failed = failed
        self.warnings = warnings

    @property
    def msg(self):
        return self.result.get("msg")

    def __repr__(self):
        return "<ModuleRun failed=%s %r>" % (self.failed, self.result)


def serialised(*values):
    """Everything a user could see, as one string, for 'the secret is nowhere' checks."""
    return json.dumps(values, default=repr, sort_keys=True)


# Fixture bodies -------------------------------------------------------------------------------------
# tests/unit/plugins/conftest.py wraps these for every unit test; a test marked ``simulator`` keeps
# the real transport (it talks to the registrar simulator over HTTP).

# Environment variables requests reads; they would change what reaches the adapter. The modules'
# own variables come from tests/simulator/credentials.py (MODULE_ENV_NAMES).
REQUESTS_ENV = (
    "REQUESTS_CA_BUNDLE",
    "CURL_CA_BUNDLE",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "http_proxy",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
)


def install_transport(monkeypatch):
    """Put a FakeTransport under every HTTPAdapter: no request can reach a network."""
    fake = FakeTransport()

    def send(adapter, request, **kwargs):
        return fake.send(adapter, request, **kwargs)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
    return fake


def install_sleep_recorder(monkeypatch):
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


def module_runner(monkeypatch):
    """``run(module, args, check_mode=False, diff=False) -> ModuleRun``: main() with exit/fail captured.

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


def freeze_heap():
    """Move everything alive after collection out of the garbage collector's reach.

    ansible-test runs each unit test in a forked child. The child's first garbage collection would
    otherwise walk (and so copy-on-write) the whole inherited heap, which costs more than most tests.
    """
    gc.collect()
    gc.freeze()
