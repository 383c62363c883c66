# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""HostUp panel API, as the registrar simulator serves it.

Legacy: POST BASE/hostup/api/domains/{id}/status-sync, authenticated by X-API-Key (or
Authorization: Bearer), HostUp's error body with a request id.
API v2: GET BASE/hostup/api/v2/domains (cursor pages, exact ?name= lookup) and
POST BASE/hostup/api/v2/domains/{dom_id}/actions/status-sync, Bearer only, RFC 7807 problems.
Both: X-Request-Id and X-RateLimit-* headers on every answer, an optional enforced rate limit
(429 with Retry-After), and one account: the seeded domains, the bulk range of the state and a
generated fleet of several thousand domains in mixed statuses, each reachable by panel id and by
its dom_ id. Sources and guesses: docs/registrar-apis.md and README.md beside this file.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import http
import json
import re
import secrets
import time

from core import RegistrarService, SimResponse, iso_zulu, secret_for, utc_now


def http_phrase(status):
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Error"


# The generated fleet (overridable under hostup.account in the state): panel ids first_id ..
# first_id + count - 1, named after name_template; statuses follow FLEET_PATTERN by position.
FLEET_DEFAULTS = {"first_id": 200000, "count": 5000, "name_template": "fleet-{n:04d}.example"}
# (panel status, registrar status) for position % 20: mostly active, some expired that the
# registrar says are active again (a sync changes them), and every other v2 status.
FLEET_PATTERN = (
    [("Active", "Active")] * 12
    + [("Expired", "Active"), ("Expired", "Active"), ("Expired", "Expired"), ("Pending", "Active")]
    + [("Suspended", "Suspended"), ("Cancelled", "Cancelled"), ("Terminated", "Terminated"), ("Pending", "Pending")]
)

# HostBill status -> v2 serviceStatus (HU-V2-7); anything else is "unknown".
V2_STATUS = {
    "active": "active",
    "suspended": "suspended",
    "terminated": "terminated",
    "pending": "pending",
    "pending transfer": "pending",
    "pending registration": "pending",
    "cancelled": "cancelled",
    "expired": "expired",
    "fraud": "fraud",
}
_B32 = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford's alphabet, lower case, as the vendor's ids look


def v2_status(panel_status):
    return V2_STATUS.get(str(panel_status or "").strip().lower(), "unknown")


def dom_id(panel_id):
    """An opaque-looking v2 id that still carries the panel id: 96 bits of hash, then the id masked by it."""
    digest = int.from_bytes(hashlib.sha256(b"hostup-dom:%d" % panel_id).digest()[:12], "big")
    value = (digest << 32) | (panel_id ^ (digest & 0xFFFFFFFF))
    chars = []
    for _position in range(26):
        chars.append(_B32[value & 31])
        value >>= 5
    return "dom_" + "".join(reversed(chars))


def panel_id_of(value):
    """The panel id inside a dom_ id, or None when it is not one this simulator issued."""
    if not value.startswith("dom_") or len(value) != 30:
        return None
    number = 0
    for char in value[4:]:
        index = _B32.find(char)
        if index < 0:
            return None
        number = number * 32 + index
    panel_id = (number & 0xFFFFFFFF) ^ ((number >> 32) & 0xFFFFFFFF)
    return panel_id if panel_id >= 1 and dom_id(panel_id) == value else None


class HostUpService(RegistrarService):
    name = "hostup"
    prefix = "/hostup/api"
    state_section = "hostup"
    operations = ("status-sync", "v2-list", "v2-lookup", "v2-status-sync")
    ROUTE = re.compile(r"^/hostup/api/domains/([^/]+)/status-sync/?$")
    V2_LIST = re.compile(r"^/hostup/api/v2/domains/?$")
    V2_SYNC = re.compile(r"^/hostup/api/v2/domains/([^/]+)/actions/status-sync/?$")
    # Keys in state that describe the simulation, not the panel record.
    PRIVATE_KEYS = ("registrar_status", "sync_fails")
    # The page size when ?limit= is absent (not documented: a guess).
    DEFAULT_LIMIT = 100

    def __init__(self, sim):
        super().__init__(sim)
        self.window_start = 0.0
        self.window_count = 0

    def reset_counters(self):
        self.window_start = 0.0
        self.window_count = 0

    def operation(self, req):
        if self.ROUTE.match(req.path):
            return "status-sync"
        if self.V2_SYNC.match(req.path):
            return "v2-status-sync"
        if self.V2_LIST.match(req.path):
            return "v2-lookup" if "name" in req.query else "v2-list"
        return "unknown"

    @staticmethod
    def is_v2(req):
        return req.path.startswith("/hostup/api/v2/") or req.path == "/hostup/api/v2"

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

    def problem(self, req, status, code, detail, errors=None, headers=None):
        """An RFC 7807 problem, as the API v2 answers errors (HU-V2-5)."""
        request_id = "req_" + secrets.token_hex(8)
        body = {
            "type": "https://developer.hostup.se/errors/%s" % code,
            "title": http_phrase(status),
            "status": status,
            "detail": detail,
            "code": code,
            "instance": req.raw_path,
            "requestId": request_id,
            "timestamp": iso_zulu(),
            "errors": errors or [],
        }
        all_headers = {"Content-Type": "application/problem+json"}
        all_headers.update(headers or {})
        response = SimResponse(
            status, json.dumps(body, separators=(",", ":")).encode("utf-8"), "application/problem+json", all_headers
        )
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
        response = self.error(status, codes.get(status, "ERROR"), "Simulated fault (HTTP %d)" % status)
        response.fault_status = status  # finalize() reshapes it as a problem for a v2 request
        return response

    def finalize(self, req, response):
        """Headers every HostUp answer carries, fault answers included."""
        if getattr(response, "fault_status", None) and self.is_v2(req):
            status = response.fault_status
            code = "rate_limited" if status == 429 else http_phrase(status).lower().replace(" ", "_")
            reshaped = self.problem(req, status, code, "Simulated fault (HTTP %d)" % status)
            response.body, response.content_type, response.request_id = (
                reshaped.body,
                reshaped.content_type,
                reshaped.request_id,
            )
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

    def _rate_limited(self, req):
        conf = self.sim.state.get("hostup", {}).get("rate_limit") or {}
        limit, window = self._rate_config()
        if not conf.get("enforce") or time.time() - self.window_start >= window:
            return None
        if self.window_count < limit:
            return None
        retry = max(1, int(self.window_start + window - time.time() + 0.999))
        headers = {"Retry-After": str(retry)}
        if self.is_v2(req):
            return self.problem(req, 429, "rate_limited", "Rate limit exceeded, retry later.", headers=headers)
        return self.error(429, "RATE_LIMIT_EXCEEDED", "Too many requests", headers=headers)

    # -- request handling ------------------------------------------------------

    def _api_key(self, req):
        key = req.header("X-API-Key")
        if key:
            return key.strip()
        scheme, _sep, value = (req.header("Authorization") or "").partition(" ")
        return value.strip() if scheme.lower() == "bearer" else None

    def handle(self, req):
        state = self.sim.state["hostup"]
        limited = self._rate_limited(req)
        if limited:
            return limited
        if self.is_v2(req):
            return self._handle_v2(req, state)
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

    # -- the account ---------------------------------------------------------------------------

    @staticmethod
    def _bulk_range(state):
        gen = state.get("generated") or {}
        if not gen:
            return range(0)
        return range(int(gen.get("first_id", 0)), int(gen.get("last_id", -1)) + 1)

    @staticmethod
    def _fleet(state):
        conf = dict(FLEET_DEFAULTS)
        conf.update(state.get("account") or {})
        return conf, range(int(conf["first_id"]), int(conf["first_id"]) + int(conf["count"]))

    def _generated(self, state, domain_id):
        """The record of a generated domain as it is before anything changed it, or None."""
        if domain_id in self._bulk_range(state):
            gen = state["generated"]
            name = str(gen.get("name_template", "bulk-{id}.example")).format(id=domain_id)
            return {
                "name": name,
                "status": gen.get("status", "Pending"),
                "registrar_status": gen.get("registrar_status", "Active"),
                "epp_code": secret_for("EPP-SECRET", name),
            }
        conf, fleet = self._fleet(state)
        if domain_id in fleet:
            position = domain_id - fleet.start
            name = str(conf["name_template"]).format(n=position, id=domain_id)
            status, registrar_status = FLEET_PATTERN[position % len(FLEET_PATTERN)]
            if position % 250 == 249:
                status = registrar_status = "Fraud"
            record = {
                "name": name,
                "status": status,
                "registrar_status": registrar_status,
                "epp_code": secret_for("EPP-SECRET", name),
            }
            if position % 500 == 7:  # an active domain whose registrar lookup fails
                record["sync_fails"] = True
            return record
        return None

    def _peek(self, state, domain_id):
        """A domain's record without creating it in the state (listings must not grow the state)."""
        return (state.get("domains") or {}).get(str(domain_id)) or self._generated(state, domain_id)

    def _domain(self, state, domain_id):
        domains = state.setdefault("domains", {})
        key = str(domain_id)
        if key in domains:
            return domains[key]
        # Benchmarks sync thousands of ids; they exist implicitly and are created on first use.
        record = self._generated(state, domain_id)
        if record is not None:
            domains[key] = record
        return record

    def _account_ids(self, state):
        """Every panel id of the account in listing order: seeded domains, the bulk range, the fleet."""
        bulk, fleet = self._bulk_range(state), self._fleet(state)[1]
        seeded = sorted(
            int(key)
            for key in (state.get("domains") or {})
            if key.isdigit() and int(key) not in bulk and int(key) not in fleet
        )
        return seeded + list(bulk) + list(fleet)

    def _find_by_name(self, state, name):
        for key, domain in (state.get("domains") or {}).items():
            if str(domain.get("name", "")).lower() == name and key.isdigit():
                return int(key)
        match = re.match(r"^bulk-(\d+)\.example$", name)
        candidates = [int(match.group(1))] if match else []
        fleet = self._fleet(state)[1]
        match = re.match(r"^fleet-(\d+)\.example$", name)
        if match:
            candidates.append(fleet.start + int(match.group(1)))
        for domain_id in candidates:
            record = self._peek(state, domain_id)
            if record is not None and str(record.get("name", "")).lower() == name:
                return domain_id
        return None

    def _v2_item(self, domain_id, domain):
        return {
            "id": dom_id(domain_id),
            "name": domain.get("name", "domain-%d.example" % domain_id),
            "serviceStatus": v2_status(domain.get("status")),
            "orderId": "ord_%d" % (domain_id + 41000),
            "lifecycle": {
                "type": "registration",
                "autoRenewEnabled": str(domain.get("autorenew", "1")) == "1",
                "registrarLockEnabled": str(domain.get("reglock", "1")) == "1",
                "transferInProgress": str(domain.get("status", "")).lower() == "pending transfer",
            },
        }

    # -- API v2 -------------------------------------------------------------------------------

    def _handle_v2(self, req, state):
        scheme, _sep, token = (req.header("Authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or token.strip() not in state.get("api_keys", []):
            return self.problem(req, 401, "unauthorized", "Missing or invalid bearer token.")
        if self.V2_LIST.match(req.path):
            if req.method != "GET":
                return self.problem(req, 405, "method_not_allowed", "Use GET.", headers={"Allow": "GET"})
            return self._v2_list(req, state)
        match = self.V2_SYNC.match(req.path)
        if not match:
            return self.problem(req, 404, "not_found", "Route %s %s not found." % (req.method, req.raw_path))
        if req.method != "POST":
            return self.problem(req, 405, "method_not_allowed", "Use POST.", headers={"Allow": "POST"})
        if req.body.strip():
            try:
                body = req.json()
            except ValueError:
                return self.problem(req, 400, "bad_request", "The request body must be JSON.")
            if body != {}:
                return self.problem(
                    req,
                    422,
                    "validation_error",
                    "The request body must be empty.",
                    errors=[{"pointer": "/", "detail": "no fields are accepted", "code": "unexpected"}],
                )
        raw_id = match.group(1)
        domain_id = panel_id_of(raw_id)
        domain = self._domain(state, domain_id) if domain_id is not None else None
        if domain is None:
            return self.problem(req, 404, "not_found", "Domain %s was not found." % raw_id)
        data = self._sync_data(domain_id, domain)
        return SimResponse.json(
            200,
            {
                "id": raw_id,
                "name": domain.get("name"),
                "previousStatus": v2_status(data["previousStatus"]),
                "newStatus": v2_status(data["newStatus"]),
                "statusChanged": data["statusChanged"],
                "statusChangedToActive": data["statusChangedToActive"],
                "syncSuccess": data["syncSuccess"],
                "info": data["info"] or None,
                "error": "; ".join(data["error"]) or None,
                "revertAttempted": data["revertAttempted"],
                "revertSucceeded": data["revertSucceeded"],
                "revertError": data["revertError"] or None,
                "doubleSyncAttempted": data["doubleSyncAttempted"],
                "doubleSyncSucceeded": data["doubleSyncSucceeded"],
                "doubleSyncError": data["doubleSyncError"] or None,
            },
        )

    def _v2_list(self, req, state):
        name = (req.query.get("name") or [None])[0]
        if name is not None:
            domain_id = self._find_by_name(state, name.strip().lower())
            data = [] if domain_id is None else [self._v2_item(domain_id, self._peek(state, domain_id))]
            return SimResponse.json(200, {"data": data, "hasMore": False, "nextCursor": None})
        raw_limit = (req.query.get("limit") or [str(self.DEFAULT_LIMIT)])[0]
        if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= 1000:
            return self.problem(
                req,
                400,
                "validation_error",
                "Invalid query parameters.",
                errors=[{"pointer": "/limit", "detail": "limit must be between 1 and 1000", "code": "out_of_range"}],
            )
        limit = int(raw_limit)
        offset = 0
        cursor = (req.query.get("cursor") or [None])[0]
        if cursor:
            offset = self._offset_of(cursor)
            if offset is None:
                return self.problem(req, 400, "invalid_cursor", "The cursor is not valid.")
        ids = self._account_ids(state)
        page = ids[offset : offset + limit]
        more = offset + limit < len(ids)
        return SimResponse.json(
            200,
            {
                "data": [self._v2_item(domain_id, self._peek(state, domain_id)) for domain_id in page],
                "hasMore": more,
                "nextCursor": self._cursor(offset + limit) if more else None,
            },
        )

    @staticmethod
    def _cursor(offset):
        return "cur_" + base64.urlsafe_b64encode(b"o:%d" % offset).decode("ascii").rstrip("=")

    @staticmethod
    def _offset_of(cursor):
        if not cursor.startswith("cur_"):
            return None
        raw = cursor[4:]
        try:
            text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode("ascii")
        except (ValueError, UnicodeDecodeError):
            return None
        return int(text[2:]) if text.startswith("o:") and text[2:].isdigit() else None

    def _sync(self, domain_id, domain):
        data = self._sync_data(domain_id, domain)
        request_id = "req_" + secrets.token_hex(8)
        response = SimResponse.json(
            200, {"success": True, "timestamp": iso_zulu(), "requestId": request_id, "data": data}
        )
        response.request_id = request_id
        return response

    def _sync_data(self, domain_id, domain):
        """One status sync on the panel's record: the legacy answer's data (the v2 answer is built from it)."""
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
        return data

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
