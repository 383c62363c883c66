# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""AutoDNS (InterNetX Domainrobot) JSON API, as the registrar simulator serves it: BASE/autodns/v1.

Restore list search, domain info, restore, job info, job history info and job search, with Basic
authentication plus the X-Domainrobot-Context header, the owner headers (X-Domainrobot-Owner-User,
X-Domainrobot-Owner-Context) for acting as a subuser, the Domainrobot envelope (stid, ctid, status,
object, messages), ObjectJob job answers, list answers with only the requested keys[] and German
status texts. ctid comes as the documented query parameter (the SDKs' header is echoed too).
The account behind it is autodns_account.py. Sources and
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
        ("job-history", "GET", re.compile(r"^/autodns/v1/job/history/([^/]+)/?$")),
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
        ctid = (req.query.get("ctid") or [None])[0] or req.header("X-Domainrobot-Ctid")
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
        actor = self.account.acting_for(
            account, req.header("X-Domainrobot-Owner-User"), req.header("X-Domainrobot-Owner-Context")
        )
        if actor is None and operation != "restore":
            return self.error(
                req,
                403,
                "E0000050",
                "Keine Berechtigung.",
                "EF00050",
                "Keine Berechtigung für den angegebenen Benutzer.",
            )
        handler = {
            "restore-search": self._restore_search,
            "restore": self._restore,
            "domain-info": self._domain_info,
            "job-search": self._job_search,
            "job-info": self._job_info,
            "job-history": self._job_history,
        }[operation]
        return handler(req, account, match, actor)

    @staticmethod
    def _keys(req):
        """The keys[] query parameters (a list answer's extra fields)."""
        return list(req.query.get("keys[]", [])) + list(req.query.get("keys", []))

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
            view = query.get("view")
            if view is not None and not isinstance(view, dict):
                raise QueryError("Ungültige Ansicht (view)")
            return lister(query.get("filters"), view), None
        except QueryError as exc:
            return None, self._bad_request(req, str(exc))
        except ValueError:
            return None, self._bad_request(req, "Der Anfragekörper ist kein gültiges JSON.")

    def _restore_search(self, req, account, match, actor):
        found, error = self._search(req, lambda filters, view: self.account.restore_list(filters, view, account, actor))
        if error:
            return error
        total, items = found
        keys = self._keys(req)
        return self.envelope(
            req,
            "S0105005",
            "Die Liste der wiederherstellbaren Domains wurde erfolgreich ermittelt.",
            "SUCCESS",
            data=[self.account.restore_item(name, item, account, keys) for name, item in items],
            obj={"type": "DomainRestore", "summary": total},
        )

    def _domain_info(self, req, account, match, actor):
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

    def _restore(self, req, account, match, actor):
        name = match.group(1).lower()
        obj = {"type": "Domain", "value": name}
        try:
            body = req.json() if req.body.strip() else {}
            action = body.get("action") if isinstance(body, dict) else None
        except ValueError:
            return self._bad_request(req, "Der Anfragekörper ist kein gültiges JSON.")
        reply_to = (req.query.get("replyTo") or [None])[0]
        try:
            ctid = (req.query.get("ctid") or [None])[0] or req.header("X-Domainrobot-Ctid")
            job = self.account.start_restore(name, action, account, actor, reply_to=reply_to, ctid=ctid)
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

    def _job_answer(self, req, job, task, obj, actor, account):
        """A job info or job history answer: one ObjectJob (AD-JOB-1, AD-JOB-3); a job that is not
        there, or not the viewer's, is a 404."""
        if job is None or not self.account.visible(job, account, actor, children=True):
            return self.error(
                req,
                404,
                "E%s" % task,
                "Auftragsdaten konnten nicht ermittelt werden.",
                "EF03001",
                "Auftrag ist nicht vorhanden.",
                obj=obj,
            )
        return self.envelope(
            req,
            "S%s" % task,
            "Die Auftragsdaten wurden erfolgreich ermittelt.",
            "SUCCESS",
            data=[self.account.object_job(job)],
            obj=obj,
        )

    def _job_info(self, req, account, match, actor):
        raw = match.group(1)
        job = self.account.job(int(raw)) if raw.isdigit() else None
        return self._job_answer(req, job, "300114", {"type": "Job", "value": raw}, actor, account)

    def _job_history(self, req, account, match, actor):
        raw = match.group(1)
        job = self.account.history_job(int(raw)) if raw.isdigit() else None
        return self._job_answer(req, job, "300134", {"type": "Job", "value": raw}, actor, account)

    def _job_search(self, req, account, match, actor):
        keys = self._keys(req)
        found, error = self._search(
            req, lambda filters, view: self.account.search_jobs(filters, view, account, actor, keys)
        )
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
