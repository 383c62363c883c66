# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""LogicBoxes / ResellerClub HTTP API: client factory, reads and ``domains/restore.json``.

Facts (``docs/registrar-apis.md``): reads are GET with parameters, the ``api-key`` included, in the
query string, as the API requires; writes are POST with their parameters (auth included) in the
form body. The key is redacted from every URL and message the collection prints. Errors come as
``status: ERROR|error|Failed`` on HTTP 200 *or* 500, so the body is checked on every status.
"""

from __future__ import annotations

from ansible.module_utils.basic import env_fallback

from ansible_collections.domainops.registrar.plugins.module_utils import _restore as restore
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._http import HttpClient

LIVE_URL = "https://httpapi.com/api/"
TEST_URL = "https://test.httpapi.com/api/"
DISPLAY = {"logicboxes": "LogicBoxes", "resellerclub": "ResellerClub"}
PROVIDERS = tuple(DISPLAY)

# Mirrors the ``domainops.registrar.logicboxes`` doc fragment. Required-ness depends on the
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
OPEN_ACTION_STATUSES = ("Pending", "InProgress", "AdminApproved")
FINISHED_STATUSES = ("Success",)
REJECTED_STATUSES = ("Failed", "Error", "ERROR")
NOT_FOUND_PREFIXES = ("No Entity found for Entityid", "Website doesn't exist for")
# The vendor blocks noisy callers for 24 h: poll an order no faster than every 2 s.
POLL_INTERVAL = 2.0


def _error_status(body):
    status = body.get("status") if isinstance(body, dict) else None
    return isinstance(status, str) and status.lower() in ("error", "failed")


def _map_error(client, operation, response):
    body = response.data
    if not _error_status(body):
        return
    message = (
        body.get("message") or body.get("error") or body.get("actionstatusdesc") or "the registrar reported an error"
    )
    raise client.error(operation, str(message), response=response, code=str(body.get("status")))


def is_not_found(error):
    return any(error.message.startswith(prefix) for prefix in NOT_FOUND_PREFIXES)


def create_client(params, settings, redactor, sleep=None):
    # The reseller id is not secret; the key is, and URL/body patterns mask it next to the id too.
    redactor.add(params["logicboxes_api_key"])
    options = {"error_mapper": _map_error}
    if sleep is not None:
        options["sleep"] = sleep
    return HttpClient(DISPLAY[params["provider"]], params["logicboxes_api_url"], settings, redactor, **options)


def _invoice(body):
    if not body.get("invoiceid"):
        return None
    return {
        "id": str(body.get("invoiceid")),
        "amount": body.get("sellingamount"),
        "currency": body.get("sellingcurrencysymbol"),
        "customer_id": str(body["customerid"]) if body.get("customerid") is not None else None,
    }


def _outcome_state(action_status):
    if action_status in FINISHED_STATUSES:
        return restore.FINISHED
    if action_status in OPEN_ACTION_STATUSES:
        return restore.RUNNING
    return restore.REJECTED


class LogicBoxesRestore(restore.RestoreProvider):
    """The restore provider for ``logicboxes`` and ``resellerclub`` (one API, many brands)."""

    poll_interval = POLL_INTERVAL
    sees_running_restores = True

    def __init__(self, client, params, domain):
        self.client = client
        self.redactor = client.redactor
        self.key = params["provider"]
        self.display = DISPLAY[self.key]
        self.domain = domain
        self.order_id = params["order_id"]
        self.invoice_option = params["invoice_option"]
        self._auth = {"auth-userid": params["logicboxes_auth_userid"], "api-key": params["logicboxes_api_key"]}

    def result_extras(self):
        return {}

    def status_after(self, outcome_state):
        return "Active" if outcome_state == restore.FINISHED else RESTORABLE_STATUS

    # Reads ----------------------------------------------------------------------------------

    def lookup_order_id(self):
        """``domains/orderid.json`` answers a bare integer."""
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

    def order_details(self, order_id):
        response = self.client.request(
            "details",
            "GET",
            "domains/details.json",
            params=dict(self._auth, **{"order-id": order_id, "options": "OrderDetails"}),
            repeatable=True,
        )
        if not isinstance(response.data, dict):
            raise self.client.error("details", "expected the order's details as a JSON object", response=response)
        return response.data

    def read_state(self):
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

    def _classify(self, details):
        status = details.get("currentstatus")
        common = {"domain": self.domain, "order_id": self.order_id, "raw": details}
        if status in NOT_DELETED:
            reason = None
            if status != "Active":
                reason = "%s order %s is %s, not deleted: nothing to restore" % (self.display, self.order_id, status)
            return restore.DomainState(restore.ACTIVE, status, reason=reason, **common)
        if status in PAST_WINDOW:
            return restore.DomainState(
                restore.GONE, status, reason="the order is %s: past the restore window" % status, **common
            )
        if status != RESTORABLE_STATUS:
            return restore.DomainState(restore.UNKNOWN, status, reason="unexpected order status %r" % status, **common)
        action_status = details.get("actionstatus")
        if action_status in OPEN_ACTION_STATUSES and str(details.get("actioncompleted", "false")).lower() != "true":
            action = {
                "action_id": details.get("eaqid"),
                "action_status": action_status,
                "action_status_description": details.get("actionstatusdesc"),
            }
            return restore.DomainState(restore.IN_PROGRESS, status, action=action, **common)
        return restore.DomainState(restore.RESTORABLE, status, **common)

    # The write ------------------------------------------------------------------------------

    def restore(self):
        """``POST domains/restore.json``: billable, so never re-sent after an ambiguous failure."""
        form = dict(self._auth, **{"order-id": self.order_id, "invoice-option": self.invoice_option})
        response = self.client.request("restore", "POST", "domains/restore.json", form=form, repeatable=False)
        body = response.data
        if not isinstance(body, dict):
            raise self.client.error("restore", "expected a JSON object", response=response, maybe_executed=True)
        action_status = body.get("actionstatus")
        return restore.RestoreOutcome(
            _outcome_state(action_status),
            action_status,
            description=body.get("actionstatusdesc"),
            action_id=body.get("eaqid"),
            invoice=_invoice(body),
            raw=body,
        )

    def poll(self, outcome):
        """Re-read the order: Active means restored; a failed action means rejected."""
        details = self.order_details(self.order_id)
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
        )
