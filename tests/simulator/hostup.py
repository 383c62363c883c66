"""HostUp panel API, as the registrar simulator serves it: POST BASE/hostup/api/domains/{id}/status-sync.

Authentication by X-API-Key (or Authorization: Bearer), HostUp's error body with a request id,
X-Request-Id and X-RateLimit-* headers on every answer, an optional enforced rate limit, and
domains generated on first use for benchmarks. Sources and guesses: docs/registrar-apis.md and
README.md beside this file.
"""

from __future__ import annotations

import copy
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


class HostUpService(RegistrarService):
    name = "hostup"
    prefix = "/hostup/api"
    state_section = "hostup"
    operations = ("status-sync",)
    ROUTE = re.compile(r"^/hostup/api/domains/([^/]+)/status-sync/?$")
    # Keys in state that describe the simulation, not the panel record.
    PRIVATE_KEYS = ("registrar_status", "sync_fails")

    def __init__(self, sim):
        super().__init__(sim)
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
