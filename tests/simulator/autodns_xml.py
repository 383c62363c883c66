# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""AutoDNS (InterNetX Domainrobot) XML gateway, as the registrar simulator serves it: POST BASE/autodns/gateway.

Tasks 0105005 (restore list), 0105 (domain inquire) and 0101005 (restore), authenticated in the
<auth> block, acting for a subuser named in the request's <owner> block; restore-list items carry
name, action and owner plus only the requested <key>s; some restores are accepted with an empty
<data/>; application errors come back on HTTP 200 with an error status, as the gateway does.
DTDs are refused. The account behind it is autodns_account.py. Sources and guesses:
docs/registrar-apis.md and README.md beside this file.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

from autodns_account import QueryError, RestoreRefused
from core import XML_TYPE, RegistrarService, SimResponse

# <operator> values of a <where> clause, and the Query operator each one stands for.
WHERE_OPERATORS = {
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


def xml_datetime(value):
    """AutoDNS XML gateway style timestamp (YYYY-MM-DD HH:MM:SS) from a stored JSON one."""
    if not isinstance(value, str):
        return "" if value is None else str(value)
    try:
        parsed = datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%f%z")
    except ValueError:
        return value
    return parsed.strftime("%Y-%m-%d %H:%M:%S")


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


class AutoDnsXmlService(RegistrarService):
    name = "autodns_xml"
    prefix = "/autodns/gateway"
    content_type = XML_TYPE
    state_section = "autodns"
    operations = ("0105005", "0105", "0101005", "unknown")

    def __init__(self, sim, account):
        super().__init__(sim)
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

    # -- answers -------------------------------------------------------------------

    def answer(self, code, text, status_type, data=None, obj=None, msgs=(), ctid=None, http_status=200, stid=True):
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
        if text is not None:
            _sub(status, "text", text)
        _sub(status, "type", status_type)
        if obj:
            obj_el = _sub(status, "object")
            _sub(obj_el, "type", obj[0])
            _sub(obj_el, "value", obj[1])
        if ctid:
            _sub(root, "ctid", ctid)
        if stid:
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
        owner = root.find("owner")
        actor = self.account.acting_for(account, _xml_text(owner, "user"), _xml_text(owner, "context"))
        if actor is None and code != "0101005":
            return self.error(
                "E0000050",
                "Keine Berechtigung.",
                "EF00050",
                "Keine Berechtigung für den angegebenen Benutzer.",
                ctid=ctid,
            )
        return handler(task, account, ctid, actor)

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
                if operator not in WHERE_OPERATORS:
                    raise QueryError("Ungültiger Operator: %s" % operator)
                flt.update(
                    key=_xml_text(child, "key"), operator=WHERE_OPERATORS[operator], value=_xml_text(child, "value")
                )
            nested = AutoDnsXmlService._where_to_filters(child)
            if nested:
                flt["filters"] = nested
            filters.append(flt)
        return filters

    def _restore_list(self, task, account, ctid, actor):
        view = task.find("view")
        view_dict = {
            "offset": _xml_text(view, "offset"),
            "limit": _xml_text(view, "limit"),
            "children": _xml_text(view, "children"),
        }
        # <key> names are snake_case over XML (restore_phase_end: a guess, AX-4).
        keys = [(key.text or "").strip().replace("_", "") for key in task.findall("key")]
        try:
            filters = self._where_to_filters(task.find("where"))
            total, items = self.account.restore_list(filters, view_dict, account, actor)
        except QueryError as exc:
            return self.error("E0000000", "Die Anfrage ist ungültig.", "EF00000", str(exc), ctid=ctid)
        data = ET.Element("data")
        _sub(data, "summary", total)
        for name, item in items:
            entry = self.account.restore_item(name, item, account, keys)
            restore = _sub(data, "restore")
            _sub(restore, "name", name)
            if entry.get("idn"):
                _sub(restore, "idn", entry["idn"])
            _sub(restore, "action", "RESTORE")
            owner = _sub(restore, "owner")
            _sub(owner, "user", entry["owner"]["user"])
            _sub(owner, "context", entry["owner"]["context"])
            for json_key, xml_key in (
                ("deleted", "deleted"),
                ("restorePhaseEnd", "restore_phase_end"),
                ("expire", "expire"),
                ("payable", "payable"),
            ):
                if entry.get(json_key):
                    _sub(restore, xml_key, xml_datetime(entry[json_key]))
            if entry.get("registryStatus"):
                _sub(restore, "registry_status", entry["registryStatus"])
        return self.answer(
            "S0105005",
            "Die Liste der wiederherstellbaren Domains wurde erfolgreich ermittelt.",
            "success",
            data=data,
            ctid=ctid,
        )

    def _domain_inquire(self, task, account, ctid, actor):
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
        _sub(owner, "user", view["owner"]["user"])
        _sub(owner, "context", view["owner"]["context"])
        return self.answer(
            "S0105", "Die Domaindaten wurden erfolgreich ermittelt.", "success", data=data, obj=obj, ctid=ctid
        )

    def _restore(self, task, account, ctid, actor):
        name = (_xml_text(task, "domain/name") or "").lower()
        action = _xml_text(task, "domain/action")
        obj = ("domain", name)
        try:
            job = self.account.start_restore(
                name, action, account, actor, reply_to=_xml_text(task, "reply_to") or None, ctid=ctid, transport="xml"
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
        if self.account.state.get("restorable", {}).get(name, {}).get("xml_empty_answer"):
            # Accepted with an empty <data/>, no text and no stid (AX-3, seen in a public client's fixtures).
            return self.answer("N0101005", None, "notify", data=ET.Element("data"), obj=obj, ctid=ctid, stid=False)
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
