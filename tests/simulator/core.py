# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared core of the registrar simulator; the registrars themselves live one per file beside it.

Here: request and response objects, time and seed-token helpers, the request log (redacted on
the way out), fault injection, the Simulator that hands a request to the service owning its URL
prefix, the control API (BASE/_sim/...) and the HTTP server. Nothing here knows a registrar.
"""

from __future__ import annotations

import base64
import copy
import datetime
import hashlib
import json
import os
import re
import socket
import socketserver
import struct
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

JSON_TYPE = "application/json"
XML_TYPE = "application/xml; charset=utf-8"
MAX_BODY = 10 * 1024 * 1024
MAX_LOG = 100000


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


def _millis(dt):
    return "%03d" % (dt.microsecond // 1000)


def iso_zulu(dt=None):
    """HostUp style timestamp: 2025-11-24T08:01:02.123Z."""
    dt = dt or utc_now()
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + _millis(dt) + "Z"


def iso_autodns(dt=None):
    """AutoDNS JSON style timestamp: 2019-07-01T10:51:27.000+0000."""
    dt = dt or utc_now()
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + _millis(dt) + dt.strftime("%z")


# Seed files would go stale if they held fixed dates (a restore window that ended last year),
# so string values of the form "@iso+30d", "@epoch-5d", "@date+365d" or "@iso" are expanded
# relative to the moment the state is loaded (or patched).
_TOKEN_RE = re.compile(r"^@(iso|epoch|date)(?:([+-]\d+)([smhd]))?$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def expand_tokens(value, now=None):
    now = now or utc_now()
    if isinstance(value, dict):
        return {key: expand_tokens(item, now) for key, item in value.items()}
    if isinstance(value, list):
        return [expand_tokens(item, now) for item in value]
    if isinstance(value, str):
        match = _TOKEN_RE.match(value)
        if match:
            kind, amount, unit = match.groups()
            offset = int(amount) * _UNIT_SECONDS[unit] if amount else 0
            when = now + datetime.timedelta(seconds=offset)
            if kind == "epoch":
                return str(int(when.timestamp()))
            if kind == "date":
                return when.strftime("%Y-%m-%d")
            return iso_autodns(when.replace(microsecond=0))
    return value


def deep_merge(target, patch):
    """Merge patch into target in place: dicts recurse, other values replace, None deletes."""
    for key, value in patch.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict) and isinstance(target.get(key), dict):
            deep_merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)
    return target


def json_bytes(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def secret_for(prefix, name):
    """A stable value that looks like a transfer secret."""
    return "%s-%s" % (prefix, hashlib.sha256(name.encode("utf-8")).hexdigest()[:12].upper())


SECRET_KEYS = ("epp_code", "domsecret", "authinfo", "password", "api_key", "api_keys")
REDACTED = "***"


def known_secrets(node, found=None):
    """Every credential and transfer secret held in the state."""
    found = set() if found is None else found
    if isinstance(node, dict):
        for key, value in node.items():
            if key.lower() in SECRET_KEYS:
                values = value if isinstance(value, list) else [value]
                found.update(item for item in values if isinstance(item, str) and len(item) >= 4)
            else:
                known_secrets(value, found)
    elif isinstance(node, list):
        for item in node:
            known_secrets(item, found)
    return found


def redact_entry(entry, secrets_found):
    """A request log entry with credentials and transfer secrets replaced by ***.

    Integration tests print what they read from the control API at -vvv and then search the
    output for secrets, so the log is redacted unless raw=1 is asked for."""
    ordered = sorted(secrets_found, key=len, reverse=True)

    def scrub(value):
        if isinstance(value, str):
            for secret in ordered:
                value = value.replace(secret, REDACTED)
            return value
        if isinstance(value, list):
            return [scrub(item) for item in value]
        if isinstance(value, dict):
            return {key: scrub(item) for key, item in value.items()}
        return value

    entry = scrub(entry)
    for key, value in entry["headers"].items():
        if key.lower() == "authorization":
            entry["headers"][key] = value.split(" ", 1)[0] + " " + REDACTED
        elif key.lower() == "x-api-key" and value:
            entry["headers"][key] = REDACTED
    return entry


# ---------------------------------------------------------------------------
# Request / response objects shared by all services
# ---------------------------------------------------------------------------


class SimRequest:
    def __init__(self, method, target, headers, body):
        split = urlsplit(target)
        self.method = method
        self.target = target
        self.raw_path = split.path
        # Front-end web servers usually merge repeated slashes; so do we.
        self.path = re.sub(r"/{2,}", "/", unquote(split.path))
        self.query = parse_qs(split.query, keep_blank_values=True)
        self.headers = headers
        self.body = body
        self.cache = {}
        self.arrival = time.time()

    def header(self, name, default=None):
        return self.headers.get(name, default)

    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        """The body as JSON; ValueError when it is not."""
        return json.loads(self.body.decode("utf-8"))

    def headers_dict(self):
        return dict(self.headers.items())


class SimResponse:
    def __init__(self, status, body=b"", content_type=JSON_TYPE, headers=None):
        self.status = status
        self.body = body if isinstance(body, bytes) else str(body).encode("utf-8")
        self.content_type = content_type
        self.headers = dict(headers or {})
        self.request_id = None

    @classmethod
    def json(cls, status, obj, headers=None):
        return cls(status, json_bytes(obj), JSON_TYPE, headers)


class RegistrarService:
    """Base of every simulated registrar API.

    A subclass sets `name` (used in faults and the request log), `prefix` (the URL path it owns),
    `state_section` (its top-level key in the state), `content_type` (of fault answers),
    `operations` (the names faults and the log use), and implements operation(req) (the
    operation a request is, "unknown" when none), handle(req) (the answer) and
    default_fault_response(status) (an error answer in the registrar's own format)."""

    content_type = JSON_TYPE

    def __init__(self, sim):
        self.sim = sim

    def finalize(self, req, response):
        """Add what every answer carries, fault answers included (nothing by default)."""

    def reset_counters(self):
        """Forget in-memory counters on /_sim/reset (none by default)."""


# ---------------------------------------------------------------------------
# Fault injection
# ---------------------------------------------------------------------------

FAULT_ACTIONS = ("respond", "reset", "close", "truncate", "hang")
FAULT_KEYS = {
    "service",
    "operation",
    "times",
    "status",
    "headers",
    "body",
    "body_base64",
    "content_type",
    "delay",
    "action",
    "execute",
    "path_contains",
    "method",
    "name",
}


def validate_fault(raw, services):
    """A normalised fault dict; ValueError with a readable message when raw is not one."""
    if not isinstance(raw, dict):
        raise ValueError("a fault must be a JSON object")
    unknown = sorted(set(raw) - FAULT_KEYS)
    if unknown:
        raise ValueError("unknown fault keys: %s" % ", ".join(unknown))
    service = services.get(raw.get("service"))
    if service is None:
        raise ValueError("fault service must be one of: %s" % ", ".join(sorted(services)))
    operation = raw.get("operation")
    if operation is not None and operation not in service.operations and operation != "unknown":
        known = ", ".join(service.operations)
        raise ValueError("unknown operation %r for %s (known: %s)" % (operation, service.name, known))
    action = raw.get("action", "respond")
    if action not in FAULT_ACTIONS:
        raise ValueError("fault action must be one of: %s" % ", ".join(FAULT_ACTIONS))
    fault = {
        "service": service.name,
        "operation": operation,
        "times": raw.get("times", 1),
        "status": raw.get("status"),
        "headers": raw.get("headers") or {},
        "body": raw.get("body"),
        "content_type": raw.get("content_type"),
        "delay": raw.get("delay", 0),
        "action": action,
        "execute": bool(raw.get("execute", False)),
        "path_contains": raw.get("path_contains"),
        "method": raw.get("method"),
        "name": raw.get("name"),
    }
    if raw.get("body_base64") is not None:
        # Raw bytes (for example non-UTF-8 answers), which a JSON string cannot carry.
        try:
            fault["body"] = base64.b64decode(raw["body_base64"], validate=True)
        except (TypeError, ValueError):
            raise ValueError("body_base64 must be base64 text") from None
    if not isinstance(fault["times"], int) or isinstance(fault["times"], bool) or fault["times"] == 0:
        raise ValueError("times must be a positive integer, or -1 for every matching request")
    if fault["status"] is not None and (not isinstance(fault["status"], int) or not 100 <= fault["status"] <= 599):
        raise ValueError("status must be an integer HTTP status")
    if not isinstance(fault["delay"], (int, float)) or fault["delay"] < 0:
        raise ValueError("delay must be a number of seconds >= 0")
    if not isinstance(fault["headers"], dict):
        raise ValueError("headers must be an object")
    return fault


def fault_label(fault):
    if fault.get("name"):
        return fault["name"]
    label = fault["action"]
    if fault["action"] in ("respond", "truncate") and fault.get("status"):
        label += ":%d" % fault["status"]
    if fault["execute"]:
        label += "+execute"
    return label


class FaultQueue:
    """FIFO of faults; the first one matching a request is consumed (times decremented)."""

    def __init__(self):
        self.faults = []

    def add(self, faults):
        self.faults.extend(faults)

    def clear(self):
        self.faults = []

    def listing(self):
        return copy.deepcopy(self.faults)

    def take(self, service, operation, req):
        for index, fault in enumerate(self.faults):
            if fault["service"] != service:
                continue
            if fault["operation"] and fault["operation"] != operation:
                continue
            if fault["method"] and fault["method"].upper() != req.method:
                continue
            if fault["path_contains"] and fault["path_contains"] not in req.target:
                continue
            if fault["times"] > 0:
                fault["times"] -= 1
                if fault["times"] == 0:
                    del self.faults[index]
            return copy.deepcopy(fault)
        return None


# ---------------------------------------------------------------------------
# The simulator: state, request log, dispatch
# ---------------------------------------------------------------------------


class Simulator:
    def __init__(self, state_path, make_services, latency_ms=0):
        """make_services(sim) returns the RegistrarService objects to serve, in routing order."""
        self.lock = threading.RLock()
        self.state_path = state_path
        self.services = {service.name: service for service in make_services(self)}
        self.sections = tuple(dict.fromkeys(service.state_section for service in self.services.values()))
        self.state = self.load_seed()
        self.latency_ms = latency_ms
        self.log = []
        self.faults = FaultQueue()
        self.seq = 0
        self.stid_seq = 0

    def add_sections(self, state):
        """Every service's top-level state section, empty when the state leaves it out."""
        for section in self.sections:
            state.setdefault(section, {})
        return state

    def load_seed(self):
        with open(self.state_path, encoding="utf-8") as handle:
            state = json.load(handle)
        if not isinstance(state, dict):
            raise ValueError("state file must hold a JSON object")
        return expand_tokens(self.add_sections(state))

    def reset(self):
        state = self.load_seed()
        with self.lock:
            self.state = state
            self.log = []
            self.faults.clear()
            self.seq = 0
            self.stid_seq = 0
            for service in self.services.values():
                service.reset_counters()

    def next_stid(self):
        with self.lock:
            self.stid_seq += 1
            return "%s-app1-%d" % (utc_now().strftime("%Y%m%d"), 10000 + self.stid_seq)

    def service_for(self, path):
        for service in self.services.values():
            if path == service.prefix or path.startswith(service.prefix + "/"):
                return service
        return None

    def _record(self, service, operation, req, fault):
        self.seq += 1
        entry = {
            "seq": self.seq,
            "service": service.name,
            "operation": operation,
            "method": req.method,
            "path": req.raw_path,
            "query": req.query,
            "headers": req.headers_dict(),
            "body": req.text(),
            "time": req.arrival,
        }
        if fault:
            entry["fault"] = fault_label(fault)
        self.log.append(entry)
        if len(self.log) > MAX_LOG:
            del self.log[: len(self.log) - MAX_LOG]

    def requests(self, service=None, operation=None, raw=False):
        with self.lock:
            entries = [
                copy.deepcopy(entry)
                for entry in self.log
                if (service is None or entry["service"] == service)
                and (operation is None or entry["operation"] == operation)
            ]
            found = known_secrets(self.state)
        return entries if raw else [redact_entry(entry, found) for entry in entries]

    def _run(self, service, req):
        with self.lock:
            try:
                return service.handle(req)
            except Exception:  # pylint: disable=broad-except
                # A bug in the simulator must not look like a registrar answer.
                traceback.print_exc()
                return SimResponse.json(500, {"simulator_error": traceback.format_exc(limit=3)})

    def process(self, req):
        """(response, action) for an API request; action is respond|reset|close|truncate."""
        service = self.service_for(req.path)
        if service is None:
            return SimResponse.json(404, {"error": "no simulated service at %s" % req.raw_path}), "respond"
        operation = service.operation(req)
        with self.lock:
            fault = self.faults.take(service.name, operation, req)
            self._record(service, operation, req, fault)
            latency = self.latency_ms
        if latency:
            time.sleep(latency / 1000.0)
        if fault and fault["delay"]:
            time.sleep(fault["delay"])
        if fault is None or fault["action"] == "hang":
            response, action = self._run(service, req), "respond"
        else:
            real = self._run(service, req) if fault["execute"] else None
            response, action = self._fault_response(service, fault, real), fault["action"]
        with self.lock:
            service.finalize(req, response)
        return response, action

    @staticmethod
    def _fault_response(service, fault, real):
        explicit = fault["status"] is not None or fault["body"] is not None
        if fault["action"] == "truncate" and real is not None and not explicit:
            response = real  # cut the real answer short: "executed, answer lost"
        else:
            status = fault["status"] or 503
            if fault["body"] is None:
                response = service.default_fault_response(status)
            else:
                body = fault["body"]
                body = body if isinstance(body, (str, bytes)) else json.dumps(body)
                response = SimResponse(status, body, service.content_type)
        if fault["content_type"]:
            response.content_type = fault["content_type"]
        response.headers.update({str(key): str(value) for key, value in fault["headers"].items()})
        return response


# ---------------------------------------------------------------------------
# Control API: BASE/_sim/... (never logged, never faulted)
# ---------------------------------------------------------------------------


class ControlApi:
    def __init__(self, sim, on_shutdown):
        self.sim = sim
        self.on_shutdown = on_shutdown

    @staticmethod
    def ok(obj=None, status=200):
        return SimResponse.json(status, {"ok": True} if obj is None else obj)

    @staticmethod
    def fail(status, message):
        return SimResponse.json(status, {"ok": False, "error": message})

    def handle(self, req):
        """(response, callback to run after the response was sent, or None)."""
        routes = {
            "/_sim/health": {"GET": self._health},
            "/_sim/requests": {"GET": self._requests, "DELETE": self._clear_requests},
            "/_sim/reset": {"POST": self._reset},
            "/_sim/faults": {"GET": self._faults, "POST": self._add_faults, "DELETE": self._clear_faults},
            "/_sim/state": {"GET": self._state, "PATCH": self._patch_state, "PUT": self._put_state},
            "/_sim/config": {"GET": self._config, "PATCH": self._patch_config},
            "/_sim/shutdown": {"POST": self._shutdown},
        }
        methods = routes.get(req.path.rstrip("/"))
        if methods is None:
            return self.fail(404, "unknown control endpoint %s" % req.path), None
        handler = methods.get(req.method)
        if handler is None:
            return self.fail(405, "use %s" % " or ".join(sorted(methods))), None
        try:
            result = handler(req)
        except ValueError as exc:
            return self.fail(400, str(exc)), None
        return result if isinstance(result, tuple) else (result, None)

    @staticmethod
    def _json_body(req):
        try:
            return req.json()
        except ValueError:
            raise ValueError("body must be JSON") from None

    def _health(self, req):
        return self.ok()

    def _requests(self, req):
        service = (req.query.get("service") or [None])[0]
        operation = (req.query.get("operation") or [None])[0]
        raw = (req.query.get("raw") or ["0"])[0].lower() in ("1", "true", "yes")
        entries = self.sim.requests(service, operation, raw=raw)
        return self.ok({"count": len(entries), "requests": entries})

    def _clear_requests(self, req):
        with self.sim.lock:
            self.sim.log = []
        return self.ok()

    def _reset(self, req):
        try:
            self.sim.reset()
        except (OSError, ValueError) as exc:
            return self.fail(500, "cannot reload %s: %s" % (self.sim.state_path, exc))
        return self.ok()

    def _faults(self, req):
        with self.sim.lock:
            faults = self.sim.faults.listing()
        return self.ok({"count": len(faults), "faults": faults})

    def _add_faults(self, req):
        body = self._json_body(req)
        raws = body if isinstance(body, list) else [body]
        faults = [validate_fault(raw, self.sim.services) for raw in raws]
        with self.sim.lock:
            self.sim.faults.add(faults)
            count = len(self.sim.faults.faults)
        return self.ok({"ok": True, "added": len(faults), "queued": count})

    def _clear_faults(self, req):
        with self.sim.lock:
            self.sim.faults.clear()
        return self.ok()

    def _state(self, req):
        with self.sim.lock:
            return self.ok(copy.deepcopy(self.sim.state))

    def _patch_state(self, req):
        patch = self._json_body(req)
        if not isinstance(patch, dict):
            raise ValueError("a state patch must be a JSON object")
        with self.sim.lock:
            deep_merge(self.sim.state, expand_tokens(patch))
        # Only "ok": the state holds secrets, and callers print what they get back.
        return self.ok()

    def _put_state(self, req):
        state = self._json_body(req)
        if not isinstance(state, dict):
            raise ValueError("a state must be a JSON object")
        with self.sim.lock:
            self.sim.state = expand_tokens(self.sim.add_sections(state))
        return self.ok()

    def _config(self, req):
        return self.ok({"latency_ms": self.sim.latency_ms, "state_path": self.sim.state_path})

    def _patch_config(self, req):
        body = self._json_body(req)
        latency = body.get("latency_ms") if isinstance(body, dict) else None
        if not isinstance(latency, (int, float)) or latency < 0:
            raise ValueError("latency_ms must be a number >= 0")
        with self.sim.lock:
            self.sim.latency_ms = latency
        return self._config(req)

    def _shutdown(self, req):
        return self.ok(), self.on_shutdown


# ---------------------------------------------------------------------------
# HTTP plumbing
# ---------------------------------------------------------------------------


class SimHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; every answer carries Content-Length
    server_version = "RegistrarSim/1.0"
    timeout = 120  # idle keep-alive connections are dropped eventually

    def do_GET(self):  # http.server dispatches on do_<METHOD>
        self._handle()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def setup(self):
        super().setup()
        # Headers and body go out in separate writes; without TCP_NODELAY, Nagle's algorithm and
        # the client's delayed ACK add ~40 ms to every keep-alive answer.
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def log_request(self, code="-", size="-"):
        if not self.server.quiet and not getattr(self, "_is_control", False):
            super().log_request(code, size)

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        if not self.server.quiet:
            message = format % args
            message = re.sub(r"(api-key=)[^&\s\"]+", r"\1REDACTED", message)
            sys.stderr.write("%s - [%s] %s\n" % (self.address_string(), self.log_date_time_string(), message))

    def _read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks, total = [], 0
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                total += size
                if total > MAX_BODY:
                    raise ValueError("body too large")
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        length = int(length)
        if length < 0 or length > MAX_BODY:
            raise ValueError("bad Content-Length")
        return self.rfile.read(length)

    def _handle(self):
        self._is_control = self.path == "/_sim" or self.path.startswith("/_sim/")
        try:
            body = self._read_body()
        except ValueError:
            self.close_connection = True
            self._send(SimResponse.json(400, {"error": "unreadable request body"}))
            return
        req = SimRequest(self.command, self.path, self.headers, body)
        if self._is_control:
            response, after = self.server.control.handle(req)
            self._send(response)
            if after:
                after()
            return
        response, action = self.server.sim.process(req)
        if action == "respond":
            self._send(response)
        elif action == "truncate":
            self._send(response, truncate=True)
        elif action == "reset":
            self.close_connection = True
            self.server.mark_for_reset(self.connection)
        else:  # close: no answer, orderly close
            self.close_connection = True

    def _send(self, response, truncate=False):
        body = response.body
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        for key, value in response.headers.items():
            if key.lower() not in ("content-length", "content-type"):
                self.send_header(key, value)
        if truncate:
            # Promise more than we send, then hang up: the client sees an incomplete read.
            self.send_header("Content-Length", str(len(body) + 4096))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class SimServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    allow_reuse_address = True

    def __init__(self, address, family, sim, quiet=False):
        self.address_family = family
        self.sim = sim
        self.quiet = quiet
        self.control = ControlApi(sim, self.shutdown_soon)
        self._resets = set()
        self._resets_lock = threading.Lock()
        super().__init__(address, SimHandler)

    def server_bind(self):
        # HTTPServer.server_bind does a reverse DNS lookup (getfqdn); it can stall, skip it.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def shutdown_soon(self):
        threading.Thread(target=self.shutdown, daemon=True).start()

    def mark_for_reset(self, sock):
        with self._resets_lock:
            self._resets.add(sock)

    def shutdown_request(self, request):
        with self._resets_lock:
            reset = request in self._resets
            self._resets.discard(request)
        if not reset:
            super().shutdown_request(request)
            return
        # Close with SO_LINGER 0 and no shutdown(): the kernel sends RST instead of FIN, so the
        # client sees "connection reset by peer".
        try:
            request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        request.close()


def write_port_file(path, port):
    directory = os.path.dirname(os.path.abspath(path))
    temp = os.path.join(directory, ".%s.%d.tmp" % (os.path.basename(path), os.getpid()))
    with open(temp, "w", encoding="ascii") as handle:
        handle.write("%d\n" % port)
    os.replace(temp, path)
