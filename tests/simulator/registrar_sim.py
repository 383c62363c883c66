#!/usr/bin/env python
"""Fake registrar APIs for the domainops.registrar tests.

One stdlib-only process (Python 3.9+) serves on a loopback address:

* HostUp panel API         BASE/hostup/api            (status sync)
* LogicBoxes/ResellerClub  BASE/logicboxes/api/       (order lookup, details, restore)
* InterNetX AutoDNS JSON   BASE/autodns/v1            (restore list, domain info, restore, jobs)
* InterNetX AutoDNS XML    BASE/autodns/gateway       (tasks 0105005, 0105, 0101005)
* control API for tests    BASE/_sim/...              (request log, fault injection, state)

The behaviour follows /work/shared/API-NOTES.md; where the real APIs are not documented the
simulator makes a plausible choice, listed in README.md beside this file.
"""

from __future__ import annotations

import argparse
import base64
import copy
import datetime
import decimal
import hashlib
import http
import ipaddress
import json
import os
import re
import secrets
import signal
import socket
import socketserver
import struct
import sys
import threading
import time
import traceback
import xml.etree.ElementTree as ET
from base64 import b64decode
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_STATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "state.json")
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


def xml_datetime(value):
    """AutoDNS XML gateway style timestamp (YYYY-MM-DD HH:MM:SS) from a stored JSON one."""
    if not isinstance(value, str):
        return "" if value is None else str(value)
    try:
        parsed = datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%f%z")
    except ValueError:
        return value
    return parsed.strftime("%Y-%m-%d %H:%M:%S")


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


def unicode_name(name):
    """müller.com for xn--mller-kva.com; None when the name is not an IDN."""
    if "xn--" not in name:
        return None
    try:
        return name.encode("ascii").decode("idna")
    except (UnicodeError, ValueError):
        return None


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


def http_phrase(status):
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Error"


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


# ---------------------------------------------------------------------------
# AutoDNS query filters (JSON Query objects and XML <where> clauses)
# ---------------------------------------------------------------------------


class QueryError(ValueError):
    pass


_OPERATORS = {
    "EQUAL",
    "NOT_EQUAL",
    "LIKE",
    "ILIKE",
    "NOT_LIKE",
    "IN",
    "NOT_IN",
    "IS_NULL",
    "IS_NOT_NULL",
    "GREATER",
    "GREATER_EQUAL",
    "LESS",
    "LESS_EQUAL",
    "NOT_LESS",
    "NOT_GREATER",
    "NOT_LESS_EQUAL",
    "NOT_GREATER_EQUAL",
}
_XML_OPERATORS = {
    "eq": "EQUAL",
    "ne": "NOT_EQUAL",
    "like": "LIKE",
    "ilike": "ILIKE",
    "not_like": "NOT_LIKE",
    "in": "IN",
    "not_in": "NOT_IN",
    "gt": "GREATER",
    "ge": "GREATER_EQUAL",
    "lt": "LESS",
    "le": "LESS_EQUAL",
    "is_null": "IS_NULL",
    "is_not_null": "IS_NOT_NULL",
}


def _like(pattern, actual):
    regex = re.escape(pattern).replace(r"\*", ".*").replace("%", ".*")
    return re.fullmatch(regex, actual, re.IGNORECASE) is not None


def _compare(operator, actual, value, values):
    if operator == "IS_NULL":
        return actual is None
    if operator == "IS_NOT_NULL":
        return actual is not None
    if actual is None:
        return operator in ("NOT_EQUAL", "NOT_LIKE", "NOT_IN")
    actual = str(actual).lower()
    value = "" if value is None else str(value).lower()
    candidates = [str(item).lower() for item in (values or [value])]
    checks = {
        "EQUAL": lambda: actual == value,
        "NOT_EQUAL": lambda: actual != value,
        "LIKE": lambda: _like(value, actual),
        "ILIKE": lambda: _like(value, actual),
        "NOT_LIKE": lambda: not _like(value, actual),
        "IN": lambda: actual in candidates,
        "NOT_IN": lambda: actual not in candidates,
        "GREATER": lambda: actual > value,
        "NOT_LESS_EQUAL": lambda: actual > value,
        "GREATER_EQUAL": lambda: actual >= value,
        "NOT_LESS": lambda: actual >= value,
        "LESS": lambda: actual < value,
        "NOT_GREATER_EQUAL": lambda: actual < value,
        "LESS_EQUAL": lambda: actual <= value,
        "NOT_GREATER": lambda: actual <= value,
    }
    return checks[operator]()


def validate_filters(filters, allowed_keys):
    if filters is None:
        return
    if not isinstance(filters, list):
        raise QueryError("filters must be a list")
    for flt in filters:
        if not isinstance(flt, dict):
            raise QueryError("a filter must be an object")
        if flt.get("key") is not None:
            if str(flt["key"]).lower() not in allowed_keys:
                raise QueryError("Ungültiger Filterschlüssel: %s" % flt["key"])
            if str(flt.get("operator") or "EQUAL").upper() not in _OPERATORS:
                raise QueryError("Ungültiger Operator: %s" % flt.get("operator"))
        link = str(flt.get("link") or "AND").upper()
        if link not in ("AND", "OR"):
            raise QueryError("Ungültige Verknüpfung: %s" % flt.get("link"))
        validate_filters(flt.get("filters"), allowed_keys)


def filters_match(filters, fields):
    """Evaluate filters left to right; each filter's `link` (AND default) joins it to the result
    so far, and nested `filters` are evaluated the same way and ANDed with the filter's own
    condition. (How AutoDNS really nests links is not documented: guess.)"""
    result = None
    for flt in filters or []:
        ok = True
        if flt.get("key") is not None:
            ok = _compare(
                str(flt.get("operator") or "EQUAL").upper(),
                fields.get(str(flt["key"]).lower()),
                flt.get("value"),
                flt.get("values"),
            )
        if flt.get("filters"):
            ok = ok and filters_match(flt["filters"], fields)
        if result is None:
            result = ok
        elif str(flt.get("link") or "AND").upper() == "OR":
            result = result or ok
        else:
            result = result and ok
    return True if result is None else result


def apply_view(items, view):
    view = view if isinstance(view, dict) else {}
    try:
        offset = max(0, int(view.get("offset") or 0))
        limit = view.get("limit")
        limit = None if limit in (None, "") else max(0, int(limit))
    except (TypeError, ValueError):
        raise QueryError("Ungültige Ansicht (view)") from None
    return items[offset:] if limit is None else items[offset : offset + limit]


# ---------------------------------------------------------------------------
# HostUp: POST /hostup/api/domains/{id}/status-sync
# ---------------------------------------------------------------------------


class HostUpService:
    name = "hostup"
    prefix = "/hostup/api"
    content_type = JSON_TYPE
    operations = ("status-sync",)
    ROUTE = re.compile(r"^/hostup/api/domains/([^/]+)/status-sync/?$")
    # Keys in state that describe the simulation, not the panel record.
    PRIVATE_KEYS = ("registrar_status", "sync_fails")

    def __init__(self, sim):
        self.sim = sim
        self.window_start = 0.0
        self.window_count = 0

    def reset_counters(self):
        self.window_start = 0.0
        self.window_count = 0

    def operation(self, req):
        return "status-sync" if self.ROUTE.match(req.path) else "unknown"

    # -- answers -------------------------------------------------------------

    def error(self, status, code, message, details=None, headers=None):
        request_id = "req_" + secrets.token_hex(8)
        body = {
            "error": http_phrase(status),
            "message": message,
            "code": code,
            "timestamp": iso_zulu(),
            "requestId": request_id,
        }
        if details:
            body["details"] = details
        response = SimResponse.json(status, body, headers)
        response.request_id = request_id
        return response

    def default_fault_response(self, status):
        codes = {
            400: "BAD_REQUEST",
            401: "UNAUTHORIZED",
            403: "FORBIDDEN",
            404: "NOT_FOUND",
            409: "CONFLICT",
            422: "VALIDATION_ERROR",
            429: "RATE_LIMIT_EXCEEDED",
            500: "INTERNAL_ERROR",
            502: "BAD_GATEWAY",
            503: "SERVICE_UNAVAILABLE",
            504: "GATEWAY_TIMEOUT",
        }
        return self.error(status, codes.get(status, "ERROR"), "Simulated fault (HTTP %d)" % status)

    def finalize(self, req, response):
        """Headers every HostUp answer carries, fault answers included."""
        if response.request_id is None:
            try:
                response.request_id = json.loads(response.body.decode("utf-8")).get("requestId")
            except (ValueError, AttributeError, RecursionError):
                response.request_id = None
            response.request_id = response.request_id or "req_" + secrets.token_hex(8)
        limit, window = self._rate_config()
        now = time.time()
        if now - self.window_start >= window:
            self.window_start, self.window_count = now, 0
        self.window_count += 1
        defaults = {
            "X-Request-Id": response.request_id,
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(max(0, limit - self.window_count)),
            "X-RateLimit-Reset": str(int(self.window_start + window)),
        }
        for key, value in defaults.items():
            if not any(existing.lower() == key.lower() for existing in response.headers):
                response.headers[key] = value

    def _rate_config(self):
        conf = self.sim.state.get("hostup", {}).get("rate_limit") or {}
        return int(conf.get("limit", 10000)), float(conf.get("window_seconds", 60))

    def _rate_limited(self):
        conf = self.sim.state.get("hostup", {}).get("rate_limit") or {}
        limit, window = self._rate_config()
        if not conf.get("enforce") or time.time() - self.window_start >= window:
            return None
        if self.window_count < limit:
            return None
        retry = max(1, int(self.window_start + window - time.time() + 0.999))
        return self.error(429, "RATE_LIMIT_EXCEEDED", "Too many requests", headers={"Retry-After": str(retry)})

    # -- request handling ------------------------------------------------------

    def _api_key(self, req):
        key = req.header("X-API-Key")
        if key:
            return key.strip()
        scheme, _sep, value = (req.header("Authorization") or "").partition(" ")
        return value.strip() if scheme.lower() == "bearer" else None

    def handle(self, req):
        state = self.sim.state["hostup"]
        limited = self._rate_limited()
        if limited:
            return limited
        if self._api_key(req) not in state.get("api_keys", []):
            return self.error(401, "UNAUTHORIZED", "Invalid or missing API key")
        match = self.ROUTE.match(req.path)
        if not match:
            return self.error(404, "NOT_FOUND", "Route %s %s not found" % (req.method, req.raw_path))
        if req.method != "POST":
            return self.error(
                405, "METHOD_NOT_ALLOWED", "Method %s not allowed" % req.method, headers={"Allow": "POST"}
            )
        try:
            req.json()
        except ValueError:
            return self.error(400, "BAD_REQUEST", "Request body must be valid JSON")
        raw_id = match.group(1)
        if not raw_id.isdigit() or int(raw_id) < 1:
            return self.error(
                422,
                "VALIDATION_ERROR",
                "Validation failed",
                details=[
                    {
                        "field": "id",
                        "message": "id must be an integer greater than or equal to 1",
                        "code": "too_small" if raw_id.lstrip("-").isdigit() else "invalid_type",
                    }
                ],
            )
        domain_id = int(raw_id)
        domain = self._domain(state, domain_id)
        if domain is None:
            return self.error(404, "NOT_FOUND", "Domain %d not found" % domain_id)
        return self._sync(domain_id, domain)

    def _domain(self, state, domain_id):
        domains = state.setdefault("domains", {})
        key = str(domain_id)
        if key in domains:
            return domains[key]
        # Benchmarks sync thousands of ids; they exist implicitly and are created on first use.
        gen = state.get("generated") or {}
        if gen and int(gen.get("first_id", 0)) <= domain_id <= int(gen.get("last_id", -1)):
            name = str(gen.get("name_template", "bulk-{id}.example")).format(id=domain_id)
            domains[key] = {
                "name": name,
                "status": gen.get("status", "Pending"),
                "registrar_status": gen.get("registrar_status", "Active"),
                "epp_code": secret_for("EPP-SECRET", name),
            }
            return domains[key]
        return None

    def _sync(self, domain_id, domain):
        previous = domain.get("status", "")
        if domain.get("sync_fails"):
            domain["failed_syncs"] = str(int(domain.get("failed_syncs") or 0) + 1)
            data = self._result(
                domain_id,
                domain,
                False,
                previous,
                previous,
                "Registrar lookup failed",
                ["Registrar returned no status for %s" % domain.get("name", domain_id)],
            )
        else:
            new = domain.get("registrar_status", previous)
            domain["status"] = new
            domain["synch_date"] = utc_now().strftime("%Y-%m-%d %H:%M:%S")
            data = self._result(domain_id, domain, True, previous, new, "Domain status synchronized", [])
        request_id = "req_" + secrets.token_hex(8)
        response = SimResponse.json(
            200, {"success": True, "timestamp": iso_zulu(), "requestId": request_id, "data": data}
        )
        response.request_id = request_id
        return response

    def _result(self, domain_id, domain, success, previous, new, info, errors):
        changed = success and previous != new
        return {
            "syncSuccess": success,
            "domain": self.panel_record(domain_id, domain),
            "previousStatus": previous,
            "newStatus": new,
            "statusChanged": changed,
            "statusChangedToActive": changed and new == "Active",
            "info": info,
            "error": errors,
            "revertAttempted": False,
            "revertSucceeded": False,
            "revertError": "",
            "doubleSyncAttempted": False,
            "doubleSyncSucceeded": False,
            "doubleSyncError": "",
        }

    def panel_record(self, domain_id, domain):
        """The HostBill domain record, with defaults for whatever the state leaves out."""
        name = domain.get("name", "domain-%d.example" % domain_id)
        tld = "." + name.rsplit(".", 1)[-1]
        expires = domain.get("expires", "2026-06-30")
        record = {
            "id": str(domain_id),
            "client_id": "1042",
            "order_id": str(domain_id + 41000),
            "tld_id": "7",
            "name": name,
            "server_id": "0",
            "reg_module": "12",
            "payment_module": "4",
            "date_created": "2021-03-14",
            "firstpayment": "189.00",
            "recurring_amount": "189.00",
            "discount_total": "0.00",
            "price": "189.00",
            "period": "1",
            "expires": expires,
            "type": "Register",
            "status": "",
            "label": "",
            "next_due": expires,
            "next_invoice": expires,
            "idprotection": "0",
            "nameservers": ["ns1.hostup.se", "ns2.hostup.se", "ns3.hostup.se"],
            "autorenew": "1",
            "registry_autorenew": "0",
            "reglock": "1",
            "manual": "0",
            "premium": "0",
            "epp_code": "",
            "notes": "",
            "extended": "",
            "synch_date": "",
            "nsips": False,
            "failed_syncs": "0",
            "contract_id": "0",
            "discount_id": "0",
            "brand_id": "1",
            "group_id": "2",
            "sort_order": "0",
            "lastname": "Andersson",
            "firstname": "Karin",
            "companyname": "",
            "tld_category": "",
            "tld_name": tld,
            "reg_module_diff": "0",
            "contract_template": "",
            "contract_number": "",
            "currency_id": "1",
            "custom": False,
            "tlds": [tld],
            "discount": "0.00",
        }
        record.update({key: copy.deepcopy(value) for key, value in domain.items() if key not in self.PRIVATE_KEYS})
        record["id"] = str(domain_id)
        record["raw_status"] = record["status"]
        return record


# ---------------------------------------------------------------------------
# LogicBoxes / ResellerClub: BASE/logicboxes/api/domains/*.json
# ---------------------------------------------------------------------------

RESTORABLE = "Pending Delete Restorable"
INSUFFICIENT_FUNDS = "Insufficient funds in customer's debit account; invoice raised and pending payment"


class LogicBoxesService:
    name = "logicboxes"
    prefix = "/logicboxes/api"
    content_type = JSON_TYPE
    ENDPOINTS = {
        "domains/orderid.json": ("orderid", "GET"),
        "domains/details.json": ("details", "GET"),
        "domains/details-by-name.json": ("details-by-name", "GET"),
        "domains/restore.json": ("restore", "POST"),
    }
    operations = tuple(endpoint[0] for endpoint in ENDPOINTS.values())
    # Keys in an order's state that are simulation controls, not order details.
    PRIVATE_KEYS = ("restore_price", "restore_mode", "async_polls", "last_action", "ns")

    def __init__(self, sim):
        self.sim = sim

    def _endpoint(self, req):
        rest = req.path[len(self.prefix) :].strip("/")
        return self.ENDPOINTS.get(rest)

    def operation(self, req):
        endpoint = self._endpoint(req)
        return endpoint[0] if endpoint else "unknown"

    @staticmethod
    def error(message, status=500):
        return SimResponse.json(status, {"status": "ERROR", "message": message})

    def default_fault_response(self, status):
        return self.error("Simulated fault (HTTP %d)" % status, status)

    def finalize(self, req, response):
        pass

    def params(self, req):
        """Query string and form body merged: the vendor takes parameters from either."""
        params = {key: list(values) for key, values in req.query.items()}
        content_type = (req.header("Content-Type") or "").lower()
        if req.body and (not content_type or content_type.startswith("application/x-www-form-urlencoded")):
            for key, values in parse_qs(req.body.decode("utf-8", "replace"), keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        return params

    @staticmethod
    def _first(params, key):
        values = params.get(key) or [None]
        return values[0]

    def handle(self, req):
        state = self.sim.state["logicboxes"]
        params = self.params(req)
        auth = state.get("auth", {})
        if self._first(params, "auth-userid") != str(auth.get("auth_userid")) or self._first(
            params, "api-key"
        ) != auth.get("api_key"):
            return self.error("Authentication failed: invalid auth-userid or api-key")
        endpoint = self._endpoint(req)
        if endpoint is None:
            return self.error("Unsupported API call: %s" % req.raw_path, 404)
        operation, method = endpoint
        if req.method != method:
            return self.error("Method not allowed: use %s" % method)
        handler = {
            "orderid": self._orderid,
            "details": self._details,
            "details-by-name": self._details_by_name,
            "restore": self._restore,
        }[operation]
        return handler(state, params)

    # -- lookups ---------------------------------------------------------------

    @staticmethod
    def _find_by_name(state, name):
        wanted = (name or "").strip().lower()
        for order_id, order in state.get("orders", {}).items():
            if order.get("domainname", "").lower() == wanted:
                return order_id, order
        return None, None

    def _order_by_param(self, state, params):
        """(order_id, order, error_response) for the order-id parameter."""
        raw = self._first(params, "order-id")
        if raw is None or raw == "":
            return None, None, self.error("Required parameter missing: order-id")
        if not raw.strip().isdigit():
            return None, None, self.error("order-id is invalid")
        order_id = str(int(raw))
        order = state.get("orders", {}).get(order_id)
        if order is None:
            return None, None, self.error("No Entity found for Entityid %s" % order_id)
        return order_id, order, None

    def _orderid(self, state, params):
        name = self._first(params, "domain-name")
        if not name:
            return self.error("Required parameter missing: domain-name")
        order_id = self._find_by_name(state, name)[0]
        if order_id is None:
            return self.error("Website doesn't exist for %s" % name)
        # The vendor answers a bare integer here, not a JSON object.
        return SimResponse(200, order_id.encode("ascii"), JSON_TYPE)

    def _details(self, state, params):
        order_id, order, failure = self._order_by_param(state, params)
        if failure:
            return failure
        self._count_read(order)
        return SimResponse.json(200, self.order_details(order_id, order))

    def _details_by_name(self, state, params):
        name = self._first(params, "domain-name")
        if not name:
            return self.error("Required parameter missing: domain-name")
        order_id, order = self._find_by_name(state, name)
        if order_id is None:
            return self.error("Website doesn't exist for %s" % name)
        self._count_read(order)
        return SimResponse.json(200, self.order_details(order_id, order))

    @staticmethod
    def _count_read(order):
        """An async restore completes on the async_polls-th details read after the request."""
        action = order.get("last_action")
        if not action or action.get("actioncompleted") != "false" or action.get("mode") != "async":
            return
        action["polls"] = int(action.get("polls", 0)) + 1
        if action["polls"] >= int(order.get("async_polls", 2)):
            order["currentstatus"] = "Active"
            action.update(actionstatus="Success", actionstatusdesc="restored successfully", actioncompleted="true")

    def order_details(self, order_id, order):
        name = order.get("domainname", "")
        nameservers = order.get("ns") or ["ns1.resellerclub.com", "ns2.resellerclub.com"]
        details = {
            "orderid": int(order_id),
            "entityid": int(order_id),
            "description": name,
            "domainname": name,
            "currentstatus": order.get("currentstatus", "Active"),
            "orderstatus": [],
            "domainstatus": [],
            "endtime": "",
            "creationtime": "",
            "timestamp": "",
            "domsecret": "",
            "customerid": "",
            "entitytypeid": "3",
            "productkey": "domcno",
            "productcategory": "domorder",
            "classkey": "domcno",
            "classname": "com.logicboxes.foundation.sfnb.order.domorder.DomCno",
            "noOfNameServers": str(len(nameservers)),
            "isprivacyprotected": "false",
            "privacyprotectedallowed": "true",
            "isOrderSuspendedUponExpiry": "false",
            "orderSuspendedByParent": "false",
            "allowdeletion": "true",
            "multilingualflag": "f",
            "recurring": "false",
            "raaVerificationStatus": "Verified",
            "parentkey": "999999999_999999998_654321",
            "registrantcontactid": "88112233",
            "admincontactid": "88112233",
            "techcontactid": "88112233",
            "billingcontactid": "88112233",
        }
        for index, host in enumerate(nameservers, 1):
            details["ns%d" % index] = host
        details.update({key: copy.deepcopy(value) for key, value in order.items() if key not in self.PRIVATE_KEYS})
        action = order.get("last_action")
        if action:
            for key in ("eaqid", "actiontype", "actiontypedesc", "actionstatus", "actionstatusdesc", "actioncompleted"):
                details[key] = action.get(key)
        return details

    # -- restore ---------------------------------------------------------------

    def _restore(self, state, params):
        order_id, order, failure = self._order_by_param(state, params)
        if failure:
            return failure
        invoice_option = self._first(params, "invoice-option")
        if invoice_option not in ("NoInvoice", "PayInvoice", "KeepInvoice"):
            return self.error("invoice-option is invalid")
        status = order.get("currentstatus", "")
        # The vendor reports these refusals on HTTP 200.
        if status != RESTORABLE:
            return self.error("Restore is not allowed for this order in its current status %s" % status, 200)
        action = order.get("last_action")
        if action and action.get("actioncompleted") == "false":
            return self.error("There is already a pending action on this order", 200)
        mode = order.get("restore_mode", "sync")
        if mode == "fail":
            return SimResponse.json(200, {"status": "Failed", "actionstatusdesc": "Registry rejected the restore"})
        return self._perform_restore(state, order_id, order, invoice_option, mode)

    def _perform_restore(self, state, order_id, order, invoice_option, mode):
        counters = state.setdefault("counters", {})
        eaqid = int(counters.get("next_eaqid", 1111111))
        counters["next_eaqid"] = eaqid + 1
        price = decimal.Decimal(str(order.get("restore_price", "80.00"))).quantize(decimal.Decimal("0.01"))
        customer_id = str(order.get("customerid", ""))
        invoice = None
        paid = True
        if invoice_option != "NoInvoice":
            if invoice_option == "PayInvoice":
                paid = self._debit(state, customer_id, price)
            invoice = self._raise_invoice(
                state, order_id, customer_id, price, "Paid" if invoice_option == "PayInvoice" and paid else "Pending"
            )
        if not paid:
            status, desc = "Pending", INSUFFICIENT_FUNDS
        elif mode == "async":
            status, desc = "InProgress", "Restore request submitted to the registry"
        else:
            status, desc = "Success", "restored successfully"
            order["currentstatus"] = "Active"
        order["last_action"] = {
            "eaqid": eaqid,
            "actiontype": "Restore",
            "actiontypedesc": "Restoration of Domain",
            "actionstatus": status,
            "actionstatusdesc": desc,
            "actioncompleted": "true" if status == "Success" else "false",
            "mode": "async" if status == "InProgress" else "sync",
            "polls": 0,
        }
        answer = {
            "description": order.get("domainname", ""),
            "entityid": int(order_id),
            "eaqid": eaqid,
            "actiontypedesc": "restore",
            "actionstatus": status,
            "actionstatusdesc": desc,
        }
        if invoice:
            answer.update(invoice)
        return SimResponse.json(200, answer)

    @staticmethod
    def _debit(state, customer_id, price):
        customer = state.setdefault("customers", {}).setdefault(customer_id, {"balance": "0.00"})
        balance = decimal.Decimal(str(customer.get("balance", "0")))
        if balance < price:
            return False
        customer["balance"] = str((balance - price).quantize(decimal.Decimal("0.01")))
        return True

    @staticmethod
    def _raise_invoice(state, order_id, customer_id, price, status):
        counters = state.setdefault("counters", {})
        invoice_id = str(counters.get("next_invoiceid", 87654))
        counters["next_invoiceid"] = int(invoice_id) + 1
        state.setdefault("invoices", {})[invoice_id] = {
            "orderid": int(order_id),
            "customerid": customer_id,
            "amount": str(price),
            "currency": "USD",
            "status": status,
        }
        return {
            "invoiceid": invoice_id,
            "sellingcurrencysymbol": "USD",
            "sellingamount": str(price),
            "customerid": customer_id,
        }


# ---------------------------------------------------------------------------
# AutoDNS account state, shared by the JSON API and the XML gateway
# ---------------------------------------------------------------------------

RESTORE_ACTIONS = ("RESTORE", "RESTORE_RENEW", "RESTORE_ARGP", "RESTORE_NE")
RESTORE_LIST_KEYS = {
    "name",
    "idn",
    "sld",
    "tld",
    "subtld",
    "deleted",
    "restorephaseend",
    "expire",
    "payable",
    "action",
    "registrystatus",
    "created",
    "updated",
    "status",
    "parking",
    "certificate",
    "adminc",
    "cancelation",
    "zonec",
    "nserver",
    "techc",
    "nsentry",
    "dnssec",
    "period",
    "autorenew",
    "domainsafe",
    "comment",
    "ownerc",
    "remarks",
    "authinfo",
}
JOB_KEYS = {
    "id",
    "status",
    "action",
    "object",
    "domain",
    "created",
    "updated",
    "execution",
    "parent",
    "substatus",
    "type",
    "subtype",
}
JOB_PUBLIC_KEYS = (
    "created",
    "updated",
    "owner",
    "updater",
    "status",
    "subStatus",
    "execution",
    "subType",
    "action",
    "id",
)
DEFAULT_NAMESERVERS = ["a.ns14.net", "b.ns14.net", "c.ns14.net", "d.ns14.net"]


class RestoreRefused(Exception):
    """A restore the account refuses: carries the message code and (German) text."""

    def __init__(self, http_status, msg_code, text):
        super().__init__(text)
        self.http_status = http_status
        self.msg_code = msg_code
        self.text = text


class AutoDnsAccount:
    def __init__(self, sim):
        self.sim = sim

    @property
    def state(self):
        return self.sim.state["autodns"]

    def authenticate(self, user, password, context):
        for account in self.state.get("accounts", []):
            if (
                user == account.get("user")
                and password == account.get("password")
                and str(context).strip() == str(account.get("context"))
            ):
                return account
        return None

    # -- jobs --------------------------------------------------------------------

    def advance_jobs(self, domains=(), job_id=None):
        """Move RUNNING jobs on. A read that targets a job (job info, or any read of its domain
        through either door) counts as one poll; a job finishes on its job_polls-th poll, or
        once job_seconds have passed when that is configured."""
        now = time.time()
        targets = {name.lower() for name in domains}
        for job in self.state.setdefault("jobs", {}).values():
            if job.get("status") != "RUNNING":
                continue
            job.setdefault("created_ts", now)
            if job.get("domain", "").lower() in targets or (job_id is not None and job.get("id") == job_id):
                job["polls"] = int(job.get("polls", 0)) + 1
            due_by_polls = int(job.get("polls", 0)) >= int(job.get("job_polls", 2))
            seconds = job.get("job_seconds")
            due_by_time = seconds is not None and now - float(job["created_ts"]) >= float(seconds)
            if due_by_polls or due_by_time:
                self._finish(job)

    def _finish(self, job):
        name = job.get("domain", "")
        job["updated"] = iso_autodns()
        if job.get("outcome", "SUCCESS") != "SUCCESS":
            job["status"] = job.get("outcome")
            return
        job["status"] = "SUCCESS"
        item = self.state.setdefault("restorable", {}).pop(name, None) or {}
        now = utc_now()
        expire = item.get("expire") or iso_autodns(now)
        if expire < iso_autodns(now) or job.get("action") == "RESTORE_RENEW":
            expire = iso_autodns(now.replace(microsecond=0) + datetime.timedelta(days=365))
        self.state.setdefault("domains", {})[name] = {
            "created": item.get("domainCreated") or item.get("created") or iso_autodns(now),
            "updated": iso_autodns(now),
            "authinfo": item.get("authinfo") or secret_for("AUTHINFO-SECRET", name),
            "expire": expire,
            "payable": expire,
            "nameServers": item.get("nameServers") or list(DEFAULT_NAMESERVERS),
            "action": job.get("action", "RESTORE"),
        }

    def running_job(self, name):
        for job in self.state.get("jobs", {}).values():
            if job.get("status") == "RUNNING" and job.get("domain", "").lower() == name.lower():
                return job
        return None

    def job(self, job_id):
        self.advance_jobs(job_id=job_id)
        return self.state.get("jobs", {}).get(str(job_id))

    @staticmethod
    def job_view(job):
        return {key: copy.deepcopy(job[key]) for key in JOB_PUBLIC_KEYS if job.get(key) is not None}

    @staticmethod
    def _job_fields(job):
        return {
            "id": job.get("id"),
            "status": job.get("status"),
            "action": job.get("action"),
            "object": job.get("domain"),
            "domain": job.get("domain"),
            "created": job.get("created"),
            "updated": job.get("updated"),
            "execution": job.get("execution"),
            "type": "DOMAIN",
            "subtype": job.get("subType"),
            "substatus": job.get("subStatus"),
        }

    def search_jobs(self, filters, view):
        validate_filters(filters, JOB_KEYS)
        jobs = sorted(self.state.get("jobs", {}).values(), key=lambda job: int(job.get("id", 0)))
        matching = [job for job in jobs if filters_match(filters, self._job_fields(job))]
        return len(matching), [self.job_view(job) for job in apply_view(matching, view)]

    # -- restore list, domain info, restore ------------------------------------

    @staticmethod
    def _restore_fields(name, item):
        sld, _sep, tld = name.partition(".")
        return {
            "name": name,
            "idn": unicode_name(name) or name,
            "sld": sld,
            "tld": tld,
            "deleted": item.get("deleted"),
            "restorephaseend": item.get("restorePhaseEnd"),
            "expire": item.get("expire"),
            "payable": item.get("payable"),
            "action": "RESTORE",
            "registrystatus": item.get("registryStatus", "NONE"),
        }

    def restore_list(self, filters, view):
        """(total, [(name, item)]) of restorable domains matching the filters."""
        validate_filters(filters, RESTORE_LIST_KEYS)

        def matching():
            items = sorted(self.state.get("restorable", {}).items())
            return [(name, item) for name, item in items if filters_match(filters, self._restore_fields(name, item))]

        # Reading a domain in the list is a poll of its running restore job.
        self.advance_jobs(domains=[entry[0] for entry in matching()])
        found = matching()
        return len(found), apply_view(found, view)

    @staticmethod
    def restore_item(name, item):
        """The restore list entry (no secrets: the list does not show the authinfo)."""
        entry = {"name": name}
        if unicode_name(name):
            entry["idn"] = unicode_name(name)
        for key in ("deleted", "restorePhaseEnd", "expire", "payable"):
            if item.get(key):
                entry[key] = item[key]
        entry["action"] = "RESTORE"
        entry["registryStatus"] = item.get("registryStatus", "NONE")
        return entry

    def domain(self, name):
        name = name.lower()
        self.advance_jobs(domains=[name])
        return self.state.get("domains", {}).get(name)

    def start_restore(self, name, action, account, reply_to=None, ctid=None, transport="json"):
        """Create the restore job; RestoreRefused when the account says no."""
        name = name.lower()
        self.advance_jobs()
        if action not in RESTORE_ACTIONS:
            raise RestoreRefused(400, "EF01011", "Ungültige Aktion für die Wiederherstellung: %s." % action)
        item = self.state.get("restorable", {}).get(name)
        if item is None:
            raise RestoreRefused(400, "EF01005", "Die Domain %s ist nicht wiederherstellbar." % name)
        if self.running_job(name):
            raise RestoreRefused(
                400, "EF01006", "Für die Domain %s läuft bereits ein Auftrag (job already running)." % name
            )
        counters = self.state.setdefault("counters", {})
        job_id = int(counters.get("next_job_id", 4297543154))
        counters["next_job_id"] = job_id + 1
        now = iso_autodns()
        user = {"context": int(account.get("context", 4)), "user": account.get("user")}
        job = {
            "id": job_id,
            "status": "RUNNING",
            "action": action,
            "created": now,
            "updated": now,
            "execution": now,
            "owner": dict(user),
            "updater": dict(user),
            # simulation bookkeeping, not shown in answers:
            "domain": name,
            "polls": 0,
            "job_polls": int(item.get("job_polls", 2)),
            "job_seconds": item.get("job_seconds", self.state.get("job_seconds")),
            "outcome": item.get("restore_outcome", "SUCCESS"),
            "created_ts": time.time(),
            "reply_to": reply_to,
            "ctid": ctid,
            "transport": transport,
        }
        self.state.setdefault("jobs", {})[str(job_id)] = job
        return job

    def domain_view(self, name, domain, account):
        user = {"context": int(account.get("context", 4)), "user": account.get("user")}
        view = {
            "created": domain.get("created"),
            "updated": domain.get("updated") or domain.get("created"),
            "owner": dict(user),
            "updater": dict(user),
            "name": name,
        }
        if unicode_name(name):
            view["idn"] = unicode_name(name)
        view.update(
            {
                "domainCreated": domain.get("created"),
                "registryStatus": "ACTIVE",
                "nameServers": [{"name": host} for host in domain.get("nameServers") or DEFAULT_NAMESERVERS],
                "period": {"unit": "YEAR", "period": 1},
                "trustee": False,
                "privacy": False,
                "authinfo": domain.get("authinfo") or secret_for("AUTHINFO-SECRET", name),
                "domainsafe": False,
                "expire": domain.get("expire"),
                "payable": domain.get("payable") or domain.get("expire"),
                "action": domain.get("action", "CREATE"),
                "autoRenewStatus": "TRUE",
            }
        )
        return {key: value for key, value in view.items() if value is not None}


# ---------------------------------------------------------------------------
# AutoDNS JSON API: BASE/autodns/v1
# ---------------------------------------------------------------------------


class AutoDnsJsonService:
    name = "autodns_json"
    prefix = "/autodns/v1"
    content_type = JSON_TYPE
    ROUTES = (
        ("restore-search", "POST", re.compile(r"^/autodns/v1/domain/restore/_search/?$")),
        ("restore", "PUT", re.compile(r"^/autodns/v1/domain/([^/]+)/_restore/?$")),
        ("domain-info", "GET", re.compile(r"^/autodns/v1/domain/([^/]+)/?$")),
        ("job-search", "POST", re.compile(r"^/autodns/v1/job/_search/?$")),
        ("job-info", "GET", re.compile(r"^/autodns/v1/job/([^/]+)/?$")),
    )
    operations = tuple(route[0] for route in ROUTES)

    def __init__(self, sim, account):
        self.sim = sim
        self.account = account

    def _route(self, req):
        for operation, method, regex in self.ROUTES:
            match = regex.match(req.path)
            if match:
                return operation, method, match
        return None, None, None

    def operation(self, req):
        return self._route(req)[0] or "unknown"

    def finalize(self, req, response):
        pass

    # -- envelope ----------------------------------------------------------------

    def envelope(self, req, code, text, status_type, data=None, obj=None, messages=None, http_status=200):
        body = {"stid": self.sim.next_stid()}
        ctid = req.header("X-Domainrobot-Ctid")
        if ctid:
            body["ctid"] = ctid
        body["status"] = {"code": code, "text": text, "type": status_type}
        if obj:
            body["object"] = obj
        if data is not None:
            body["data"] = data
        if messages:
            body["messages"] = messages
        return SimResponse.json(http_status, body)

    def error(self, req, http_status, code, text, msg_code, msg_text, obj=None):
        message = {"text": msg_text, "code": msg_code, "status": "ERROR"}
        if obj:
            message["objects"] = [obj]
        return self.envelope(req, code, text, "ERROR", obj=obj, messages=[message], http_status=http_status)

    def default_fault_response(self, status):
        body = {
            "stid": self.sim.next_stid(),
            "status": {"code": "E0000%03d" % status, "text": "Simulierter Fehler (HTTP %d)." % status, "type": "ERROR"},
            "messages": [{"text": "Simulierter Fehler.", "code": "EF00%03d" % status, "status": "ERROR"}],
        }
        return SimResponse.json(status, body)

    # -- request handling ----------------------------------------------------------

    def _basic_auth(self, req):
        scheme, _sep, value = (req.header("Authorization") or "").partition(" ")
        if scheme.lower() != "basic":
            return None, None
        try:
            user, _sep, password = b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return None, None
        return user, password

    def handle(self, req):
        self.account.advance_jobs()
        if not (req.header("User-Agent") or "").strip():
            return self.error(req, 400, "E01003", "Anfrage ungültig.", "EF01003", "Der Header User-Agent fehlt.")
        user, password = self._basic_auth(req)
        account = self.account.authenticate(user, password, req.header("X-Domainrobot-Context") or "")
        if account is None:
            return self.error(
                req,
                401,
                "E01004",
                "Authentifizierung fehlgeschlagen.",
                "EF01004",
                "Benutzername, Passwort oder Kontext ist ungültig.",
            )
        operation, method, match = self._route(req)
        if operation is None:
            return self.error(
                req,
                404,
                "E0000002",
                "Unbekannte Anfrage.",
                "EF00002",
                "Die Ressource %s existiert nicht." % req.raw_path,
            )
        if req.method != method:
            return self.error(
                req,
                405,
                "E0000003",
                "Methode nicht erlaubt.",
                "EF00003",
                "Die Methode %s ist hier nicht erlaubt." % req.method,
            )
        handler = {
            "restore-search": self._restore_search,
            "restore": self._restore,
            "domain-info": self._domain_info,
            "job-search": self._job_search,
            "job-info": self._job_info,
        }[operation]
        return handler(req, account, match)

    def _query(self, req):
        if not req.body.strip():
            return {}
        query = req.json()
        if not isinstance(query, dict):
            raise ValueError("query must be an object")
        return query

    def _bad_request(self, req, text):
        return self.error(req, 400, "E0000000", "Die Anfrage ist ungültig.", "EF00000", text)

    def _search(self, req, lister):
        """Run a Query body through lister(filters, view): ((total, items), None) or (None, error answer)."""
        try:
            query = self._query(req)
            return lister(query.get("filters"), query.get("view")), None
        except QueryError as exc:
            return None, self._bad_request(req, str(exc))
        except ValueError:
            return None, self._bad_request(req, "Der Anfragekörper ist kein gültiges JSON.")

    def _restore_search(self, req, account, match):
        found, error = self._search(req, self.account.restore_list)
        if error:
            return error
        total, items = found
        return self.envelope(
            req,
            "S0105005",
            "Die Liste der wiederherstellbaren Domains wurde erfolgreich ermittelt.",
            "SUCCESS",
            data=[self.account.restore_item(name, item) for name, item in items],
            obj={"type": "DomainRestore", "summary": total},
        )

    def _domain_info(self, req, account, match):
        name = match.group(1).lower()
        domain = self.account.domain(name)
        obj = {"type": "Domain", "value": name}
        if domain is None:
            return self.error(
                req,
                404,
                "E0105",
                "Domaindaten konnten nicht ermittelt werden.",
                "EF01030",
                "Domain ist nicht vorhanden.",
                obj=obj,
            )
        return self.envelope(
            req,
            "S0105",
            "Die Domaindaten wurden erfolgreich ermittelt.",
            "SUCCESS",
            data=[self.account.domain_view(name, domain, account)],
            obj=obj,
        )

    def _restore(self, req, account, match):
        name = match.group(1).lower()
        obj = {"type": "Domain", "value": name}
        try:
            body = req.json() if req.body.strip() else {}
            action = body.get("action") if isinstance(body, dict) else None
        except ValueError:
            return self._bad_request(req, "Der Anfragekörper ist kein gültiges JSON.")
        reply_to = (req.query.get("replyTo") or [None])[0]
        try:
            job = self.account.start_restore(
                name, action, account, reply_to=reply_to, ctid=req.header("X-Domainrobot-Ctid"), transport="json"
            )
        except RestoreRefused as refused:
            return self.error(
                req,
                refused.http_status,
                "E0101005",
                "Die Wiederherstellung der Domain ist fehlgeschlagen.",
                refused.msg_code,
                refused.text,
                obj=obj,
            )
        return self.envelope(
            req,
            "N0101005",
            "Die Wiederherstellung der Domain wurde erfolgreich gestartet.",
            "NOTIFY",
            data=[self.account.job_view(job)],
            obj=obj,
        )

    def _job_info(self, req, account, match):
        raw = match.group(1)
        job = self.account.job(int(raw)) if raw.isdigit() else None
        obj = {"type": "Job", "value": raw}
        if job is None:
            return self.error(
                req,
                404,
                "E300114",
                "Auftragsdaten konnten nicht ermittelt werden.",
                "EF03001",
                "Auftrag ist nicht vorhanden.",
                obj=obj,
            )
        return self.envelope(
            req,
            "S300114",
            "Die Auftragsdaten wurden erfolgreich ermittelt.",
            "SUCCESS",
            data=[self.account.job_view(job)],
            obj=obj,
        )

    def _job_search(self, req, account, match):
        found, error = self._search(req, self.account.search_jobs)
        if error:
            return error
        total, jobs = found
        return self.envelope(
            req,
            "S300115",
            "Die Auftragsliste wurde erfolgreich ermittelt.",
            "SUCCESS",
            data=jobs,
            obj={"type": "Job", "summary": total},
        )


# ---------------------------------------------------------------------------
# AutoDNS XML gateway: POST BASE/autodns/gateway
# ---------------------------------------------------------------------------


class XmlRejected(ValueError):
    pass


def parse_xml_safely(body):
    """Parse a request body; refuse DTDs outright, so no entity can ever be expanded."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise XmlRejected("Das XML-Dokument ist nicht UTF-8-kodiert.") from None
    upper = text.upper()
    if "<!DOCTYPE" in upper or "<!ENTITY" in upper:
        raise XmlRejected("DOCTYPE- und ENTITY-Deklarationen sind nicht erlaubt.")
    try:
        # Parsing the str (not the bytes) makes expat ignore any encoding declaration, so the
        # text checked above is exactly what gets parsed.
        return ET.fromstring(text)
    except ET.ParseError as exc:
        raise XmlRejected("Das XML-Dokument ist nicht wohlgeformt: %s" % exc) from None


def _sub(parent, tag, text=None):
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = str(text)
    return element


def _xml_text(element, path, default=None):
    if element is None:
        return default
    value = element.findtext(path)
    return default if value is None else value.strip()


class AutoDnsXmlService:
    name = "autodns_xml"
    prefix = "/autodns/gateway"
    content_type = XML_TYPE
    operations = ("0105005", "0105", "0101005", "unknown")

    def __init__(self, sim, account):
        self.sim = sim
        self.account = account

    def _parsed(self, req):
        if "xml" not in req.cache:
            try:
                req.cache["xml"] = (parse_xml_safely(req.body), None)
            except XmlRejected as exc:
                req.cache["xml"] = (None, str(exc))
        return req.cache["xml"]

    def operation(self, req):
        root = self._parsed(req)[0]
        code = _xml_text(root, "task/code") if root is not None and root.tag == "request" else None
        return code if code in ("0105005", "0105", "0101005") else "unknown"

    def finalize(self, req, response):
        pass

    # -- answers -------------------------------------------------------------------

    def answer(self, code, text, status_type, data=None, obj=None, msgs=(), ctid=None, http_status=200):
        root = ET.Element("response")
        result = _sub(root, "result")
        if data is not None:
            result.append(data)
        for msg_text, msg_code, extra in msgs:
            msg = _sub(result, "msg")
            _sub(msg, "text", msg_text)
            _sub(msg, "code", msg_code)
            _sub(msg, "type", "error")
            if extra:
                obj_el = _sub(msg, "object")
                _sub(obj_el, "type", extra[0])
                _sub(obj_el, "value", extra[1])
        status = _sub(result, "status")
        _sub(status, "code", code)
        _sub(status, "text", text)
        _sub(status, "type", status_type)
        if obj:
            obj_el = _sub(status, "object")
            _sub(obj_el, "type", obj[0])
            _sub(obj_el, "value", obj[1])
        if ctid:
            _sub(root, "ctid", ctid)
        _sub(root, "stid", self.sim.next_stid())
        body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode").encode("utf-8")
        return SimResponse(http_status, body, XML_TYPE)

    def error(self, code, text, msg_code, msg_text, obj=None, ctid=None, http_status=200):
        return self.answer(
            code, text, "error", obj=obj, msgs=[(msg_text, msg_code, obj)], ctid=ctid, http_status=http_status
        )

    def default_fault_response(self, status):
        return self.error(
            "E0000%03d" % status,
            "Simulierter Fehler (HTTP %d)." % status,
            "EF00%03d" % status,
            "Simulierter Fehler.",
            http_status=status,
        )

    # -- request handling --------------------------------------------------------------
    # Application errors come back on HTTP 200 with <type>error</type> (gateway style); only a
    # wrong URL or method gets an HTTP error status.

    def handle(self, req):
        self.account.advance_jobs()
        if req.path.rstrip("/") != self.prefix:
            return self.error("E0000002", "Unbekannte Anfrage.", "EF00002", "Unbekannter Pfad.", http_status=404)
        if req.method != "POST":
            return self.error("E0000003", "Methode nicht erlaubt.", "EF00003", "Nur POST ist erlaubt.", http_status=405)
        root, problem = self._parsed(req)
        if problem or root.tag != "request":
            return self.error(
                "E0000000", "Die Anfrage ist ungültig.", "EF00000", problem or "Das Wurzelelement muss <request> sein."
            )
        task = root.find("task")
        ctid = _xml_text(task, "ctid") or None
        auth = root.find("auth")
        account = self.account.authenticate(
            _xml_text(auth, "user"), _xml_text(auth, "password"), _xml_text(auth, "context", "")
        )
        if account is None:
            return self.error(
                "E01004",
                "Authentifizierung fehlgeschlagen.",
                "EF01004",
                "Benutzername, Passwort oder Kontext ist ungültig.",
                ctid=ctid,
            )
        code = _xml_text(task, "code")
        handler = {"0105005": self._restore_list, "0105": self._domain_inquire, "0101005": self._restore}.get(code)
        if handler is None:
            return self.error(
                "E0000004",
                "Unbekannter Auftragstyp.",
                "EF00004",
                "Der Auftragstyp %s wird nicht unterstützt." % code,
                ctid=ctid,
            )
        return handler(task, account, ctid)

    @staticmethod
    def _where_to_filters(where):
        """<where><and><key/><operator/><value/></and><or>...</or></where> as JSON-style filters;
        an <and>/<or> element may itself hold further <and>/<or> groups."""
        filters = []
        for child in list(where) if where is not None else []:
            if child.tag in ("key", "operator", "value"):
                continue
            if child.tag not in ("and", "or"):
                raise QueryError("Unbekanntes Element in <where>: %s" % child.tag)
            flt = {"link": child.tag.upper()}
            if child.find("key") is not None:
                operator = (_xml_text(child, "operator") or "eq").lower()
                if operator not in _XML_OPERATORS:
                    raise QueryError("Ungültiger Operator: %s" % operator)
                flt.update(
                    key=_xml_text(child, "key"), operator=_XML_OPERATORS[operator], value=_xml_text(child, "value")
                )
            nested = AutoDnsXmlService._where_to_filters(child)
            if nested:
                flt["filters"] = nested
            filters.append(flt)
        return filters

    def _restore_list(self, task, account, ctid):
        view = task.find("view")
        view_dict = {"offset": _xml_text(view, "offset"), "limit": _xml_text(view, "limit")}
        try:
            filters = self._where_to_filters(task.find("where"))
            total, items = self.account.restore_list(filters, view_dict)
        except QueryError as exc:
            return self.error("E0000000", "Die Anfrage ist ungültig.", "EF00000", str(exc), ctid=ctid)
        data = ET.Element("data")
        _sub(data, "summary", total)
        for name, item in items:
            entry = self.account.restore_item(name, item)
            restore = _sub(data, "restore")
            _sub(restore, "name", name)
            if entry.get("idn"):
                _sub(restore, "idn", entry["idn"])
            _sub(restore, "action", "RESTORE")
            for json_key, xml_key in (
                ("deleted", "deleted"),
                ("restorePhaseEnd", "restore_phase_end"),
                ("expire", "expire"),
                ("payable", "payable"),
            ):
                if entry.get(json_key):
                    _sub(restore, xml_key, xml_datetime(entry[json_key]))
            _sub(restore, "registry_status", entry["registryStatus"])
        return self.answer(
            "S0105005",
            "Die Liste der wiederherstellbaren Domains wurde erfolgreich ermittelt.",
            "success",
            data=data,
            ctid=ctid,
        )

    def _domain_inquire(self, task, account, ctid):
        name = (_xml_text(task, "domain/name") or "").lower()
        domain = self.account.domain(name) if name else None
        obj = ("domain", name)
        if domain is None:
            return self.error(
                "E0105",
                "Domaindaten konnten nicht ermittelt werden.",
                "EF01030",
                "Domain ist nicht vorhanden.",
                obj=obj,
                ctid=ctid,
            )
        view = self.account.domain_view(name, domain, account)
        data = ET.Element("data")
        element = _sub(data, "domain")
        _sub(element, "name", name)
        if view.get("idn"):
            _sub(element, "idn", view["idn"])
        for json_key, xml_key in (
            ("created", "created"),
            ("updated", "updated"),
            ("expire", "expire"),
            ("payable", "payable"),
        ):
            if view.get(json_key):
                _sub(element, xml_key, xml_datetime(view[json_key]))
        _sub(element, "registry_status", "ACTIVE")
        _sub(element, "authinfo", view["authinfo"])
        for host in view["nameServers"]:
            _sub(_sub(element, "nserver"), "name", host["name"])
        owner = _sub(element, "owner")
        _sub(owner, "user", account.get("user"))
        _sub(owner, "context", account.get("context"))
        return self.answer(
            "S0105", "Die Domaindaten wurden erfolgreich ermittelt.", "success", data=data, obj=obj, ctid=ctid
        )

    def _restore(self, task, account, ctid):
        name = (_xml_text(task, "domain/name") or "").lower()
        action = _xml_text(task, "domain/action")
        obj = ("domain", name)
        try:
            job = self.account.start_restore(
                name, action, account, reply_to=_xml_text(task, "reply_to") or None, ctid=ctid, transport="xml"
            )
        except RestoreRefused as refused:
            return self.error(
                "E0101005",
                "Die Wiederherstellung der Domain ist fehlgeschlagen.",
                refused.msg_code,
                refused.text,
                obj=obj,
                ctid=ctid,
            )
        data = ET.Element("data")
        job_el = _sub(_sub(data, "domain_job"), "job")
        _sub(job_el, "id", job["id"])
        _sub(job_el, "status", job["status"])
        return self.answer(
            "N0101005",
            "Die Wiederherstellung der Domain wurde erfolgreich gestartet.",
            "notify",
            data=data,
            obj=obj,
            ctid=ctid,
        )


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
    def __init__(self, state_path, latency_ms=0):
        self.lock = threading.RLock()
        self.state_path = state_path
        self.state = self.load_seed()
        self.latency_ms = latency_ms
        self.log = []
        self.faults = FaultQueue()
        self.seq = 0
        self.stid_seq = 0
        account = AutoDnsAccount(self)
        self.hostup = HostUpService(self)
        self.services = {
            "hostup": self.hostup,
            "logicboxes": LogicBoxesService(self),
            "autodns_json": AutoDnsJsonService(self, account),
            "autodns_xml": AutoDnsXmlService(self, account),
        }

    def load_seed(self):
        with open(self.state_path, encoding="utf-8") as handle:
            state = json.load(handle)
        if not isinstance(state, dict):
            raise ValueError("state file must hold a JSON object")
        for section in ("hostup", "logicboxes", "autodns"):
            state.setdefault(section, {})
        return expand_tokens(state)

    def reset(self):
        state = self.load_seed()
        with self.lock:
            self.state = state
            self.log = []
            self.faults.clear()
            self.seq = 0
            self.stid_seq = 0
            self.hostup.reset_counters()

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
        for section in ("hostup", "logicboxes", "autodns"):
            state.setdefault(section, {})
        with self.sim.lock:
            self.sim.state = expand_tokens(state)
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


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Fake HostUp / LogicBoxes / AutoDNS registrar APIs for tests.")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default)")
    parser.add_argument(
        "--state", default=DEFAULT_STATE, help="seed state file (default: state.json beside this script)"
    )
    parser.add_argument("--port-file", help="write the bound port number to this file")
    parser.add_argument("--latency-ms", type=float, default=0, help="delay added to every API (non-control) request")
    parser.add_argument("--quiet", action="store_true", help="no access log on stderr")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    host = "127.0.0.1" if args.host == "localhost" else args.host
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is None or not address.is_loopback:
        sys.stderr.write("refusing to bind to %r: only loopback addresses are allowed\n" % args.host)
        return 2
    try:
        sim = Simulator(os.path.abspath(args.state), latency_ms=max(0.0, args.latency_ms))
    except (OSError, ValueError) as exc:
        sys.stderr.write("cannot load state %s: %s\n" % (args.state, exc))
        return 2
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    server = SimServer((host, args.port), family, sim, quiet=args.quiet)
    port = server.server_address[1]
    if args.port_file:
        write_port_file(args.port_file, port)
    url_host = "[%s]" % host if address.version == 6 else host
    print("registrar simulator listening on http://%s:%d" % (url_host, port), flush=True)

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        server.serve_forever(poll_interval=0.2)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()
        if args.port_file:
            try:
                os.remove(args.port_file)
            except OSError:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
