# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""LogicBoxes / ResellerClub HTTP API: client factory, reads, open actions, search and the restore.

Facts (``docs/registrar-apis.md`` LB-...): reads are GET with parameters, the ``api-key`` included, in
the query string, as the API requires; writes are POST with their parameters (auth included) in the
form body. The key is redacted from every URL and message the collection prints. Errors come as
``status: ERROR|error|Failed`` on HTTP 200 *or* 500, and a 5xx body may carry only ``message``, so the
body is checked on every status.
"""

from __future__ import annotations

import re
from typing import Any

from ansible.module_utils.basic import env_fallback

from ansible_collections.domainops.registrar.plugins.module_utils import _restore as restore
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._http import Api, HttpClient, HttpResponse
from ansible_collections.domainops.registrar.plugins.module_utils._restore import RestoreOutcome

LIVE_URL = "https://httpapi.com/api/"
TEST_URL = "https://test.httpapi.com/api/"
DISPLAY = {"logicboxes": "LogicBoxes", "resellerclub": "ResellerClub"}
PROVIDERS = tuple(DISPLAY)

# Mirrors the ``domainops.registrar._logicboxes`` doc fragment. Required-ness depends on the
# provider, so the modules check it; the URL has no default here because ``sandbox`` picks it.
LOGICBOXES_ARGUMENT_SPEC = dict(
    logicboxes_auth_userid=dict(type="str", fallback=(env_fallback, ["LOGICBOXES_AUTH_USERID"])),
    logicboxes_api_key=dict(type="str", no_log=True, fallback=(env_fallback, ["LOGICBOXES_API_KEY"])),
    logicboxes_api_url=dict(type="str", fallback=(env_fallback, ["LOGICBOXES_API_URL"])),
)
# Option name -> environment variable, for the "is required" messages.
ENV_VARS = {
    "logicboxes_auth_userid": "LOGICBOXES_AUTH_USERID",
    "logicboxes_api_key": "LOGICBOXES_API_KEY",
    "logicboxes_api_url": "LOGICBOXES_API_URL",
}

RESTORABLE_STATUS = "Pending Delete Restorable"
PAST_WINDOW = ("Deleted", "Archived")
NOT_DELETED = ("Active", "InActive", "Suspended")
# Not restorable, but not necessarily past the window either: see docs/registrar-apis.md LB-DET-3.
QUEUED_FOR_DELETION = "QueuedForDeletion"
OPEN_ACTION_STATUSES = ("Pending", "InProgress", "AdminApproved")
FINISHED_STATUSES = ("Success",)
REJECTED_STATUSES = ("Failed", "Error", "ERROR")
NOT_FOUND_PREFIXES = ("No Entity found for Entityid", "Website doesn't exist for")
# "There is already an action pending on this Order." (docs/registrar-apis.md LB-ERR-2), and the
# word order some brands use ("a pending action"): the registrar refused because one is open.
ALREADY_PENDING = re.compile(r"\balready (?:an? )?(?:action pending|pending action)", re.IGNORECASE)
# details.json options that carry an open action's fields (docs/registrar-apis.md LB-DET-2).
DETAILS_OPTIONS = "All"
# Keys of the ``All`` answer that hold whole contact records (names, addresses): never returned (LB-DET-5).
CONTACT_SUFFIX = "contact"
# Paging of the search family (docs/registrar-apis.md LB-SRCH-1, LB-ACT-2): 10..500 per page.
MIN_PAGE, MAX_PAGE = 10, 500
ACTIONS_PAGE = 50
# An order's open actions fit on a page or two; a filter the server ignored must not loop for long.
MAX_ACTION_PAGES = 10
# The vendor blocks noisy callers for 24 h: poll an order no faster than every 2 s.
POLL_INTERVAL = 2.0


def _error_status(body: Any) -> bool:
    status = body.get("status") if isinstance(body, dict) else None
    return isinstance(status, str) and status.lower() in ("error", "failed")


def _message_only(response: HttpResponse) -> bool:
    """A body that is nothing but a ``message`` (docs/registrar-apis.md LB-ERR-2): an error on a 5xx,
    and on a 2xx when it carries no other key. Raised from here it is not "maybe executed" unless
    the status is 502/503/504 (the shared client's rule; LB-ERR-4)."""
    body = response.data
    if not isinstance(body, dict) or not isinstance(body.get("message"), str) or "status" in body:
        return False
    return not response.ok or set(body) <= {"message", "error"}


def _map_error(client: HttpClient, operation: str, response: HttpResponse) -> None:
    body = response.data
    if _error_status(body):
        message = (
            body.get("message")
            or body.get("error")
            or body.get("actionstatusdesc")
            or "the registrar reported an error"
        )
        raise client.error(operation, str(message), response=response, code=str(body.get("status")))
    if _message_only(response):
        # Processed and refused by LogicBoxes itself (not a gateway page): the message is its answer.
        raise client.error(operation, body["message"], response=response)


def is_not_found(error: RegistrarError) -> bool:
    return any(error.message.startswith(prefix) for prefix in NOT_FOUND_PREFIXES)


def is_already_pending(error: RegistrarError) -> bool:
    return bool(ALREADY_PENDING.search(error.message or ""))


def api(params: dict[str, Any]) -> Api:
    """The API as an ``HttpClient`` sees it: the credentials travel as request parameters (LB-API-2)."""
    # The reseller id is not secret; the key is, and URL/body patterns mask it next to the id too.
    return Api(
        DISPLAY[params["provider"]],
        params["logicboxes_api_url"],
        error_mapper=_map_error,
        secrets=(params["logicboxes_api_key"],),
    )


def _invoice(body: dict[str, Any]) -> dict[str, Any] | None:
    if not body.get("invoiceid"):
        return None
    return {
        "id": str(body.get("invoiceid")),
        "amount": body.get("sellingamount"),
        "currency": body.get("sellingcurrencysymbol"),
        "customer_id": str(body["customerid"]) if body.get("customerid") is not None else None,
    }


def _int_or_none(value: Any) -> int | None:
    """``"12121212"`` or ``12121212`` -> 12121212; anything else -> None (LogicBoxes sends ids as strings)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _completed(value: Any) -> bool:
    """``actioncompleted`` is ``'0'`` while open, else a timestamp (docs/registrar-apis.md LB-DET-4)."""
    if value is None or isinstance(value, bool):
        return False
    return str(value).strip() not in ("", "0")


def _open_action(fields: dict[str, Any]) -> bool:
    """True when ``fields`` (order details, or one current action) describe an action not yet completed.

    Errs towards "open": an action that says neither that it completed nor that it finished blocks a
    restore, because sending one while another is pending can be refused or billed twice (LB-RST-4).
    """
    status = fields.get("actionstatus")
    if not isinstance(status, str) or not status:
        return False
    if _completed(fields.get("actioncompleted")):
        return False
    # Details without ``actioncompleted`` may show the last action, finished long ago.
    return "actioncompleted" in fields or status not in FINISHED_STATUSES + REJECTED_STATUSES


def _numbered(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The numbered entries ``"1"``, ``"2"``, ... of a search answer, in order (LB-SRCH-2)."""
    keys = sorted((key for key in body if isinstance(key, str) and key.isdigit()), key=int)
    return [body[key] for key in keys if isinstance(body[key], dict)]


def _without_contacts(details: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value
        for key, value in details.items()
        if not (isinstance(value, dict) and key.lower().endswith(CONTACT_SUFFIX))
    }


class LogicBoxesRestore(restore.RestoreProvider):
    """The restore provider for ``logicboxes`` and ``resellerclub`` (one API, many brands).

    ``domain`` may be None for listing (``list_restorable``) or when ``order_id`` is given.
    """

    poll_interval = POLL_INTERVAL
    sees_running_restores = True

    def __init__(self, client: HttpClient, params: dict[str, Any], domain: str | None) -> None:
        self.client = client
        self.redactor = client.redactor
        self.key = params["provider"]
        self.display = DISPLAY[self.key]
        self.domain = domain
        self.order_id = params.get("order_id")
        self.invoice_option = params.get("invoice_option")
        self._auth = {"auth-userid": params["logicboxes_auth_userid"], "api-key": params["logicboxes_api_key"]}

    def result_extras(self) -> dict:
        return {}

    def status_after(self, outcome_state: str) -> str:
        return "Active" if outcome_state == restore.FINISHED else RESTORABLE_STATUS

    # Reads ----------------------------------------------------------------------------------

    def lookup_order_id(self) -> int:
        """``domains/orderid.json`` answers a bare integer (docs/registrar-apis.md LB-OID-1)."""
        response = self.client.request(
            "orderid",
            "GET",
            "domains/orderid.json",
            params=dict(self._auth, **{"domain-name": self.domain}),
            repeatable=True,
        )
        value = response.data
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.client.error(
                "orderid", "expected an order id (a bare integer), got %s" % response.snippet(40), response=response
            )
        return value

    def order_details(self, order_id: int | None) -> dict[str, Any]:
        """``domains/details.json`` with ``options=All``: the only option public clients show carrying
        an open action's fields (docs/registrar-apis.md LB-DET-2)."""
        response = self.client.request(
            "details",
            "GET",
            "domains/details.json",
            params=dict(self._auth, **{"order-id": order_id, "options": DETAILS_OPTIONS}),
            repeatable=True,
        )
        if not isinstance(response.data, dict):
            raise self.client.error("details", "expected the order's details as a JSON object", response=response)
        return response.data

    def open_actions(self, order_id: int | None) -> list[dict[str, Any]]:
        """The order's current (not completed) actions from ``actions/search-current.json`` (LB-ACT-1).

        The server's ``order-id`` filter is not trusted: entries of other orders are skipped, and the
        pages are read until one of this order's actions turns up or every entry was seen (LB-ACT-4).
        """
        found: list[dict[str, Any]] = []
        for page in range(1, MAX_ACTION_PAGES + 1):
            response = self.client.request(
                "actions",
                "GET",
                "actions/search-current.json",
                params=dict(self._auth, **{"order-id": order_id, "no-of-records": ACTIONS_PAGE, "page-no": page}),
                repeatable=True,
            )
            body = response.data
            if not isinstance(body, dict):
                raise self.client.error("actions", "expected the current actions as a JSON object", response=response)
            entries = _numbered(body)
            # Listed by search-current, so current: open unless it says it completed (LB-ACT-1).
            found.extend(
                entry
                for entry in entries
                if _int_or_none(entry.get("entityid")) == order_id and not _completed(entry.get("actioncompleted"))
            )
            total = _int_or_none(body.get("recsindb"))
            if total and not entries:
                raise self.client.error(
                    "actions", "the answer counts %d current actions but lists none" % total, response=response
                )
            if found or len(entries) < ACTIONS_PAGE or (total is not None and page * ACTIONS_PAGE >= total):
                return found
        raise self.client.error(
            "actions",
            "the current actions did not fit in %d pages of %d; cannot tell whether order %s has one open"
            % (MAX_ACTION_PAGES, ACTIONS_PAGE, order_id),
        )

    def read_state(self) -> restore.DomainState:
        try:
            order_id = self.order_id or self.lookup_order_id()
            details = self.order_details(order_id)
        except RegistrarError as exc:
            if is_not_found(exc):
                what = "order %s" % self.order_id if self.order_id else self.domain
                return restore.DomainState(
                    restore.UNKNOWN,
                    None,
                    reason="%s is unknown to the registrar (%s)" % (what, exc.message),
                    domain=self.domain,
                    order_id=self.order_id,
                )
            raise
        self.order_id = order_id
        details = _without_contacts(details)
        found_name = details.get("domainname")
        if not isinstance(found_name, str):
            found_name = None
        if self.domain and found_name and found_name.lower() != self.domain:
            return restore.DomainState(
                restore.UNKNOWN,
                details.get("currentstatus"),
                reason="order %s belongs to %s, not %s" % (order_id, found_name, self.domain),
                domain=self.domain,
                order_id=order_id,
            )
        self.domain = self.domain or found_name
        return self._classify(details)

    def _classify(self, details: dict[str, Any]) -> restore.DomainState:
        status = details.get("currentstatus")
        common: dict[str, Any] = {"domain": self.domain, "order_id": self.order_id, "raw": details}
        if status in NOT_DELETED:
            reason = None
            if status != "Active":
                reason = "%s order %s is %s, not deleted: nothing to restore" % (self.display, self.order_id, status)
            return restore.DomainState(restore.ACTIVE, status, reason=reason, **common)
        if status in PAST_WINDOW:
            return restore.DomainState(
                restore.GONE, status, reason="the order is %s: past the restore window" % status, **common
            )
        if status == QUEUED_FOR_DELETION:
            reason = (
                "the order is %s: the registrar has queued its deletion, and only an order in %r can be "
                "restored; check the order at the registrar" % (status, RESTORABLE_STATUS)
            )
            return restore.DomainState(restore.GONE, status, reason=reason, **common)
        if status != RESTORABLE_STATUS:
            return restore.DomainState(restore.UNKNOWN, status, reason="unexpected order status %r" % status, **common)
        if _open_action(details):
            return restore.DomainState(restore.IN_PROGRESS, status, action=self._action(details), **common)
        # The details may not show an open action (LB-DET-2 is partly a guess); the actions search does.
        actions = self.open_actions(self.order_id)
        if actions:
            return restore.DomainState(restore.IN_PROGRESS, status, action=self._action(actions[0]), **common)
        return restore.DomainState(restore.RESTORABLE, status, **common)

    @staticmethod
    def _action(fields: dict[str, Any]) -> dict[str, Any]:
        action_id = fields.get("eaqid")
        number = _int_or_none(action_id)
        return {
            "action_id": number if number is not None else action_id,
            "action_status": fields.get("actionstatus"),
            "action_status_description": fields.get("actionstatusdesc") or fields.get("actiontypedesc"),
        }

    def list_restorable(
        self, domain: str | None = None, pattern: str | None = None, offset: int = 0, limit: int = 100
    ) -> tuple[list[dict[str, Any]], bool]:
        """One page of ``domains/search.json`` with ``status=Pending Delete Restorable`` (LB-SRCH-1..3).

        ``limit`` is the page size (``no-of-records``, 10..500) and ``offset`` a multiple of it
        (``page-no`` = offset / limit + 1). ``domain`` asks for one exact name; ``pattern`` is not sent
        (the API has no documented wildcard search, LB-SRCH-5), the caller filters. Returns
        ``(entries, more)``. The answer gives no restore deadline (``orders.endtime`` is the expiry,
        LB-SRCH-4), so it is None.
        """
        if not MIN_PAGE <= limit <= MAX_PAGE or offset < 0 or offset % limit:
            raise ValueError(
                "limit must be within %d..%d and offset a multiple of it, got limit=%r offset=%r"
                % (MIN_PAGE, MAX_PAGE, limit, offset)
            )
        query = dict(
            self._auth, **{"no-of-records": limit, "page-no": offset // limit + 1, "status": RESTORABLE_STATUS}
        )
        if domain:
            query["domain-name"] = domain
        response = self.client.request("search", "GET", "domains/search.json", params=query, repeatable=True)
        body = response.data
        if not isinstance(body, dict):
            raise self.client.error("search", "expected the search result as a JSON object", response=response)
        records = _numbered(body)
        entries = []
        for record in records:
            name = record.get("entity.description")
            status = record.get("entity.currentstatus")
            # The filters are re-checked: a server that ignored one must not widen what is listed.
            if not isinstance(name, str) or status != RESTORABLE_STATUS:
                continue
            if domain and name.lower() != domain.lower():
                continue
            entries.append(
                {
                    "domain": name,
                    "status": status,
                    "restore_deadline": None,
                    "order_id": _int_or_none(record.get("orders.orderid"))
                    or _int_or_none(record.get("entity.entityid")),
                    "action": None,
                    "owner": None,
                }
            )
        total = _int_or_none(body.get("recsindb"))
        # Without a usable total, a full page is taken to mean there may be more.
        more = len(records) >= limit if total is None else bool(records) and offset + len(records) < total
        return entries, more

    # The write ------------------------------------------------------------------------------

    def restore(self) -> restore.RestoreOutcome:
        """``POST domains/restore.json``: billable, so never re-sent after an ambiguous failure.

        "There is already an action pending on this Order." is the registrar's own refusal
        (LB-ERR-2): nothing new started, so it is ``ALREADY_RUNNING``.
        """
        form = dict(self._auth, **{"order-id": self.order_id, "invoice-option": self.invoice_option})
        try:
            response = self.client.request("restore", "POST", "domains/restore.json", form=form, repeatable=False)
        except RegistrarError as exc:
            if is_already_pending(exc):
                return restore.RestoreOutcome(restore.ALREADY_RUNNING, None, description=exc.message)
            raise
        body = response.data
        if not isinstance(body, dict):
            raise self.client.error("restore", "expected a JSON object", response=response, maybe_executed=True)
        action_status = body.get("actionstatus")
        if not isinstance(action_status, str) or not action_status:
            # HTTP 200 without an error status, but no action either: it may have been executed (LB-RST-5).
            raise self.client.error(
                "restore",
                "the answer names no action status: %s" % response.snippet(),
                response=response,
                maybe_executed=True,
            )
        state, warning = self._accepted_state(action_status)
        return restore.RestoreOutcome(
            state,
            action_status,
            description=body.get("actionstatusdesc"),
            action_id=body.get("eaqid"),
            invoice=_invoice(body),
            raw=body,
            warning=warning,
        )

    def _accepted_state(self, action_status: str) -> tuple[str, str | None]:
        """(state, warning) of an accepted answer's ``actionstatus`` (LB-RST-2, LB-RST-3)."""
        if action_status in FINISHED_STATUSES:
            return restore.FINISHED, None
        if action_status in OPEN_ACTION_STATUSES:
            return restore.RUNNING, None
        if action_status in REJECTED_STATUSES:
            return restore.REJECTED, None
        # No official list exists; an accepted request may have been billed, so it is never "rejected".
        return restore.RUNNING, (
            "%s accepted the restore of %s (order %s) with action status %r, which this module does not "
            "know; it is reported as pending and may have been billed: check the order at the registrar"
            % (self.display, self.domain or "the order", self.order_id, action_status)
        )

    def poll(self, outcome: RestoreOutcome) -> RestoreOutcome:
        """Re-read the order: Active means restored; a failed action means rejected."""
        details = _without_contacts(self.order_details(self.order_id))
        status = details.get("currentstatus")
        action_status = details.get("actionstatus") or outcome.action_status
        if status == "Active":
            state = restore.FINISHED
            action_status = details.get("actionstatus") or "Success"
        elif action_status in REJECTED_STATUSES:
            state = restore.REJECTED
        else:
            state = restore.RUNNING
        return restore.RestoreOutcome(
            state,
            action_status,
            description=details.get("actionstatusdesc") or outcome.description,
            action_id=outcome.action_id,
            invoice=outcome.invoice,
            raw=details,
            warning=outcome.warning,
        )
