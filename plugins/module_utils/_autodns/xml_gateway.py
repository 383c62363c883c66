# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""AutoDNS over the XML gateway: tasks 0105005 (restore list), 0105 (domain inquire), 0101005 (restore).

Requests are built as lxml trees, never by string formatting, so no user input can inject
elements. Answers are decoded by the client with ``parse_answer``: entity resolution, DTD
loading and network access off, and any answer that declares a DOCTYPE or entities is refused
before parsing. This is the only module that imports lxml. Facts and sources: docs/registrar-apis.md (ids ``AX-...``).
"""

from __future__ import annotations

import re
import traceback
from typing import Any, Callable

from ansible_collections.domainops.registrar.plugins.module_utils import _restore as restore
from ansible_collections.domainops.registrar.plugins.module_utils._autodns.base import (
    PROVIDER,
    AutoDnsRestore,
    message_text,
)
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._http import (
    Api,
    DecodeError,
    HttpClient,
    HttpResponse,
)

LXML_IMPORT_ERROR: str | None
try:
    from lxml import etree
except ImportError:
    HAS_LXML = False
    LXML_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_LXML = True
    LXML_IMPORT_ERROR = None

LIVE_URL = "https://gateway.autodns.com"
DEMO_URL = "https://demo.autodns.com/gateway/"
_DECLARATION_RE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
# Extra restore-list fields to ask for; the XML name of the deadline is a guess (AX-4).
RESTORE_LIST_KEYS = ("restore_phase_end",)


class XmlAnswerError(DecodeError):
    """A gateway answer that is not a well-formed, declaration-free ``<response>``."""


def build_request(
    username: str, password: str, context: Any, code: str, fill: Callable, owner: dict | None = None
) -> bytes:
    """The ``<request>`` document for task ``code``; ``fill(task)`` adds the task's elements.

    ``owner`` (``{user, context}``) makes the gateway act for that subuser: the request's
    ``<owner>`` element (docs/registrar-apis.md AX-9).
    """
    root = etree.Element("request")
    auth = etree.SubElement(root, "auth")
    etree.SubElement(auth, "user").text = username
    etree.SubElement(auth, "password").text = password
    etree.SubElement(auth, "context").text = str(context)
    if owner:
        owner_element = etree.SubElement(root, "owner")
        etree.SubElement(owner_element, "user").text = str(owner["user"])
        etree.SubElement(owner_element, "context").text = str(owner["context"])
    task = etree.SubElement(root, "task")
    etree.SubElement(task, "code").text = code
    fill(task)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _add(parent, tag, text=None):
    element = etree.SubElement(parent, tag)
    if text is not None:
        element.text = str(text)
    return element


def element_to_data(element):
    """A plain dict/list/str view of an element: repeated children become lists."""
    children = list(element)
    if not children:
        return (element.text or "").strip()
    data: dict[str, Any] = {}
    for child in children:
        if not isinstance(child.tag, str):
            continue  # comments and processing instructions
        value = element_to_data(child)
        if child.tag in data:
            if not isinstance(data[child.tag], list):
                data[child.tag] = [data[child.tag]]
            data[child.tag].append(value)
        else:
            data[child.tag] = value
    return data


def parse_answer(content: bytes, content_type: str = "") -> dict:
    """The client's decoder for the gateway: ``{status, messages, data, stid, ctid}``, plain dicts and lists.

    Raises ``XmlAnswerError`` for anything that is not a well-formed, declaration-free ``<response>``.
    """
    if _DECLARATION_RE.search(content):
        raise XmlAnswerError("the XML answer declares a DOCTYPE or entities; refused for safety")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, remove_pis=True
    )
    try:
        root = etree.fromstring(content, parser=parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        reason = " ".join(str(exc).split())[:100]
        raise XmlAnswerError("the answer is not well-formed XML (%s)" % reason) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:  # type: ignore[union-attr]  # lxml-stubs: no DocInfo.doctype
        # Reached only by encodings the byte pattern above cannot see (UTF-16, UTF-32).
        raise XmlAnswerError("the XML answer declares a DOCTYPE or entities; refused for safety")
    if root.tag != "response":
        raise XmlAnswerError("the answer is XML but not a gateway <response> (root <%s>)" % str(root.tag)[:40])
    result = root.find("result")
    if result is None:
        raise XmlAnswerError("the gateway answer has no <result>")
    status_element = result.find("status")
    status = element_to_data(status_element) if status_element is not None else {}
    if not isinstance(status, dict):
        status = {}
    messages = [element_to_data(msg) for msg in result.iter("msg")]
    data_element = result.find("data")
    data = element_to_data(data_element) if data_element is not None else {}
    return {
        "status": {
            "code": status.get("code"),
            "text": status.get("text"),
            "type": str(status.get("type") or "").upper(),
        },
        "messages": [msg for msg in messages if isinstance(msg, dict)],
        "data": data if isinstance(data, dict) else {},  # an empty <data/> reads as {}
        "stid": (root.findtext("stid") or "").strip() or None,
        "ctid": (root.findtext("ctid") or "").strip() or None,
    }


def _map_xml_error(client: HttpClient, operation: str, response: HttpResponse) -> None:
    """Turn a decoded answer of type ``error`` into a RegistrarError; undecodable answers are left to the client."""
    answer = response.data
    if not isinstance(answer, dict):
        return
    if answer["status"]["type"] == "ERROR":
        raise client.error(
            operation,
            message_text(answer["status"]["text"], answer["messages"]),
            response=response,
            code=answer["status"]["code"],
            details=answer["messages"],
        )


def _stid(response: HttpResponse) -> str | None:
    return response.data.get("stid") if isinstance(response.data, dict) else None


def api(params: dict) -> Api:
    """The gateway as an ``HttpClient`` sees it; the credentials travel in each request's ``<auth>``."""
    return Api(
        PROVIDER,
        params["autodns_gateway_url"],
        headers={"Content-Type": "application/xml; charset=utf-8", "Accept": "application/xml"},
        decoder=parse_answer,
        error_mapper=_map_xml_error,
        request_id_of=_stid,
        rate_limit=params.get("rate_limit") or None,
        secrets=(params["autodns_password"],),
    )


class AutoDnsXmlRestore(AutoDnsRestore):
    """AutoDNS through the XML gateway; same decisions and result shape as the JSON transport."""

    # The gateway tasks used here list no jobs (see _running_restore_job).
    sees_running_restores = False

    def __init__(self, client: HttpClient, params: dict, domain: str | None = None) -> None:
        super().__init__(client, params, domain)
        self._auth = (params["autodns_username"], params["autodns_password"], params["autodns_context"])

    def _call(self, code: str, fill: Callable, repeatable: bool, owner: dict | None = None) -> dict:
        body = build_request(*self._auth, code=code, fill=fill, owner=owner)
        answer = self.client.request(code, "POST", "", content=body, repeatable=repeatable).data
        self.last_stid = answer["stid"]
        return answer

    def _restore_page(self, domain: str | None, like: str | None, offset: int, limit: int) -> tuple[list[dict], bool]:
        def fill(task):
            view = _add(task, "view")
            _add(view, "offset", offset)
            _add(view, "limit", limit)
            _add(view, "children", 1)  # subusers' domains too (AX-5)
            for key in RESTORE_LIST_KEYS:
                _add(task, "key", key)
            value, operator = (domain.lower(), "eq") if domain is not None else (like, "like")
            if value is not None:
                condition = _add(_add(task, "where"), "and")
                _add(condition, "key", "name")
                _add(condition, "operator", operator)
                _add(condition, "value", value)

        answer = self._call("0105005", fill, repeatable=True)
        data = answer["data"]
        items = []
        for item in _all(data.get("restore")):
            if isinstance(item, dict) and item.get("name"):
                item = {_camel(key): value for key, value in item.items()}
                items.append(item)
                self._last_items[str(item["name"]).lower()] = item
        summary = _first(data.get("summary"))
        summary = summary if isinstance(summary, str) else ""
        more = offset + len(items) < int(summary) if summary.isdigit() else len(items) >= limit
        return items, more

    def _running_restore_job(self) -> dict | None:
        # The gateway tasks used here list no jobs (the object job list's task code is not known:
        # AX-6), so a running restore is not visible; AutoDNS refuses a second restore while one
        # runs, which the base class reports as in progress.
        return None

    def _inquire_says_unknown(self, error: RegistrarError) -> bool:
        # The gateway answers HTTP 200 for errors and no "not found" message code is documented, so
        # a failure of the inquire task itself (status E0105, not the E0105xxx list tasks) is read
        # as unknown, and the gateway's own words are reported with it (AX-7; a guess).
        return error.http_status == 200 and error.code == "E0105"

    def _domain_info(self) -> dict:
        answer = self._call("0105", lambda task: _add(_add(task, "domain"), "name", self.domain), repeatable=True)
        data = answer["data"]
        if "domain" not in data:
            raise self.client.error("0105", "the answer holds no <domain>")
        item = _first(data["domain"])
        item = {_camel(key): value for key, value in item.items()} if isinstance(item, dict) else {}
        return item

    def _send_restore(self) -> tuple[dict | None, dict, Any]:
        def fill(task):
            domain = _add(task, "domain")
            _add(domain, "name", self.domain)
            _add(domain, "action", self.action)
            if self.reply_to:
                _add(task, "reply_to", self.reply_to)
            if self.ctid:
                _add(task, "ctid", self.ctid)

        answer = self._call("0101005", fill, repeatable=False, owner=self.owner)
        data = answer["data"]
        # An accepted restore may answer an empty <data/> (AX-3): no job to follow then.
        domain_job = _first(data.get("domain_job"))
        job = _first(domain_job.get("job")) if isinstance(domain_job, dict) else None
        if not isinstance(job, dict):
            job = None
        elif str(job.get("id", "")).isdigit():
            job["id"] = int(job["id"])
        raw = {
            "stid": answer["stid"],
            "ctid": answer["ctid"],
            "status": answer["status"],
            "data": [job] if job else [],
            "messages": answer["messages"],
        }
        return job, answer["status"], raw

    def poll(self, outcome: restore.RestoreOutcome) -> restore.RestoreOutcome:
        # No job inquire over the gateway: the restore has finished once the domain is active again.
        return self.poll_by_state(outcome)


def _all(value: Any) -> list:
    """An element's repeated children as a list: ``element_to_data`` gives one child as itself."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _first(value: Any) -> Any:
    """The first of repeated children (what ``find`` returned), or the one child, or None."""
    return value[0] if isinstance(value, list) else value


def _camel(key: str) -> str:
    """``restore_phase_end`` -> ``restorePhaseEnd``, so both transports return the same keys."""
    head, *rest = key.split("_")
    return head + "".join(part.capitalize() for part in rest)
