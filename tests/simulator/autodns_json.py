"""AutoDNS (InterNetX Domainrobot) JSON API, as the registrar simulator serves it: BASE/autodns/v1.

Restore list search, domain info, restore, job info and job search, with Basic authentication
plus the X-Domainrobot-Context header, the Domainrobot envelope (stid, ctid, status, object,
messages) and German status texts. The account behind it is autodns_account.py. Sources and
guesses: docs/registrar-apis.md and README.md beside this file.
"""

from __future__ import annotations

import re
from base64 import b64decode

from autodns_account import QueryError, RestoreRefused
from core import RegistrarService, SimResponse


class AutoDnsJsonService(RegistrarService):
    name = "autodns_json"
    prefix = "/autodns/v1"
    state_section = "autodns"
    ROUTES = (
        ("restore-search", "POST", re.compile(r"^/autodns/v1/domain/restore/_search/?$")),
        ("restore", "PUT", re.compile(r"^/autodns/v1/domain/([^/]+)/_restore/?$")),
        ("domain-info", "GET", re.compile(r"^/autodns/v1/domain/([^/]+)/?$")),
        ("job-search", "POST", re.compile(r"^/autodns/v1/job/_search/?$")),
        ("job-info", "GET", re.compile(r"^/autodns/v1/job/([^/]+)/?$")),
    )
    operations = tuple(route[0] for route in ROUTES)

    def __init__(self, sim, account):
        super().__init__(sim)
        self.account = account

    def _route(self, req):
        for operation, method, regex in self.ROUTES:
            match = regex.match(req.path)
            if match:
                return operation, method, match
        return None, None, None

    def operation(self, req):
        return self._route(req)[0] or "unknown"

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
