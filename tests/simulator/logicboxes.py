# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""LogicBoxes / ResellerClub HTTP API, as the registrar simulator serves it: BASE/logicboxes/api/....

Order id lookup, order details (by id and by name; an open action's fields only with
``options=All``), the current actions search (``actions/search-current.json``), the domain search
(``domains/search.json``, paged numbered records with dotted keys) and restore with its invoice
options, customer balance and synchronous, asynchronous, failing or unusually answered restores.
A restore while an action is open is refused the way the real API does it: HTTP 500 with only a
``message``. Authentication by auth-userid and api-key parameters (query string or form body).
Besides the seeded orders, scenario orders and a bulk of restorable orders are generated here on
first use. Sources and guesses: docs/registrar-apis.md and README.md beside this file.
"""

from __future__ import annotations

import copy
import decimal
from urllib.parse import parse_qs

from core import JSON_TYPE, RegistrarService, SimResponse, secret_for, utc_now

RESTORABLE = "Pending Delete Restorable"
INSUFFICIENT_FUNDS = "Insufficient funds in customer's debit account; invoice raised and pending payment"
# The real refusal of a second action on an order: HTTP 500, a body with only this message
# (docs/registrar-apis.md LB-ERR-2).
ACTION_PENDING = "There is already an action pending on this Order."
ACTION_KEYS = ("eaqid", "actiontype", "actiontypedesc", "actionstatus", "actionstatusdesc", "actioncompleted")
# The restore's action type is undocumented (docs/registrar-apis.md LB-ACT-3): the simulator's choice.
RESTORE_ACTION_TYPE = "RestoreDomain"
# Paging of the search family (docs/registrar-apis.md LB-SRCH-1, LB-ACT-2).
MIN_RECORDS, MAX_RECORDS = 10, 500

# Orders generated on first use (never in state.json): scenarios of docs/registrar-apis.md, and
# enough restorable orders that a listing needs several pages.
SCENARIO_ORDERS = {
    # An accepted restore answers an actionstatus outside the usual list (LB-RST-3); it stays open.
    "12121230": {"domainname": "rfasent-restore.com", "restore_answer_status": "RFASent"},
    # Not restorable in this status (LB-DET-3).
    "12121231": {"domainname": "queued-deletion.com", "currentstatus": "QueuedForDeletion", "endtime": "@epoch-20d"},
    # An open action that order details do not show, only the actions search (LB-DET-2 is partly a guess).
    "12121232": {
        "domainname": "hidden-action.com",
        "details_hide_action": True,
        "last_action": {
            "eaqid": 1111050,
            "actiontype": RESTORE_ACTION_TYPE,
            "actiontypedesc": "restore",
            "actionstatus": "Pending",
            "actionstatusdesc": "Pending payment of the customer invoice",
            "actioncompleted": "0",
        },
    },
}
BULK_FIRST_ORDER = 13100001
BULK_COUNT = 64
BULK_NAME = "bulk-restore-%03d.com"


class LogicBoxesService(RegistrarService):
    name = "logicboxes"
    prefix = "/logicboxes/api"
    state_section = "logicboxes"
    ENDPOINTS = {
        "domains/orderid.json": ("orderid", "GET"),
        "domains/details.json": ("details", "GET"),
        "domains/details-by-name.json": ("details-by-name", "GET"),
        "domains/restore.json": ("restore", "POST"),
        "domains/search.json": ("search", "GET"),
        "actions/search-current.json": ("actions", "GET"),
    }
    operations = tuple(endpoint[0] for endpoint in ENDPOINTS.values())
    # Keys in an order's state that are simulation controls, not order details.
    PRIVATE_KEYS = (
        "restore_price",
        "restore_mode",
        "async_polls",
        "last_action",
        "ns",
        "restore_answer_status",
        "details_hide_action",
    )

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
        self._generate(state)
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
            "search": self._search,
            "actions": self._actions,
        }[operation]
        return handler(state, params)

    @staticmethod
    def _generate(state):
        """Add the scenario and bulk orders once per loaded state (a reset reloads the seed)."""
        if state.get("generated_orders"):
            return
        state["generated_orders"] = True
        orders = state.setdefault("orders", {})
        now = int(utc_now().timestamp())
        base = {
            "currentstatus": RESTORABLE,
            "customerid": "7123",
            "endtime": str(now - 35 * 86400),
            "creationtime": str(now - 1500 * 86400),
            "orderstatus": [],
            "domainstatus": [],
            "restore_price": "80.00",
        }
        generated = dict(SCENARIO_ORDERS)
        for index in range(BULK_COUNT):
            generated[str(BULK_FIRST_ORDER + index)] = {"domainname": BULK_NAME % (index + 1)}
        for order_id, extra in generated.items():
            if order_id in orders:
                continue
            order = dict(base, **copy.deepcopy(extra))
            if str(order["endtime"]).startswith("@epoch"):
                order["endtime"] = str(now + int(order["endtime"][6:-1]) * 86400)
            order["domsecret"] = secret_for("LB-DOMSECRET", order["domainname"])
            orders[order_id] = order

    def _paging(self, params):
        """(no_of_records, page_no, error_response): both required, 10..500 and >= 1 (LB-SRCH-1)."""
        values = []
        for key in ("no-of-records", "page-no"):
            raw = self._first(params, key)
            if raw is None or raw == "":
                return None, None, self.error("Required parameter missing: %s" % key)
            if not raw.strip().isdigit():
                return None, None, self.error("%s is invalid" % key)
            values.append(int(raw))
        records, page = values
        if not MIN_RECORDS <= records <= MAX_RECORDS:
            return None, None, self.error("no-of-records must be between %d and %d" % (MIN_RECORDS, MAX_RECORDS))
        if page < 1:
            return None, None, self.error("page-no must be at least 1")
        return records, page, None

    @staticmethod
    def _page(rows, records, page):
        """The search family's envelope: string counts and numbered entries (LB-SRCH-2)."""
        chunk = rows[(page - 1) * records : page * records]
        body = {"recsonpage": str(len(chunk)), "recsindb": str(len(rows))}
        for number, row in enumerate(chunk, 1):
            body[str(number)] = row
        return SimResponse.json(200, body)

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
        return self._details_answer(order_id, order, params)

    def _details_by_name(self, state, params):
        name = self._first(params, "domain-name")
        if not name:
            return self.error("Required parameter missing: domain-name")
        order_id, order = self._find_by_name(state, name)
        if order_id is None:
            return self.error("Website doesn't exist for %s" % name)
        return self._details_answer(order_id, order, params)

    def _details_answer(self, order_id, order, params):
        options = params.get("options") or []
        if not options:
            return self.error("Required parameter missing: options")
        self._count_read(order)
        return SimResponse.json(200, self.order_details(order_id, order, with_action="All" in options))

    @staticmethod
    def _open(action):
        """Whether an action is still open; seeds may still say "false"/"true" for actioncompleted."""
        return bool(action) and str(action.get("actioncompleted", "0")) in ("0", "", "false")

    @staticmethod
    def _completed_now():
        return str(int(utc_now().timestamp()))

    def _count_read(self, order):
        """An async restore completes on the async_polls-th details read after the request."""
        action = order.get("last_action")
        if not self._open(action) or action.get("mode") != "async":
            return
        action["polls"] = int(action.get("polls", 0)) + 1
        if action["polls"] >= int(order.get("async_polls", 2)):
            order["currentstatus"] = "Active"
            action.update(
                actionstatus="Success", actionstatusdesc="restored successfully", actioncompleted=self._completed_now()
            )

    def _action_fields(self, action):
        """An action as the API shows it: strings, ``actioncompleted`` '0' while open (LB-DET-4)."""
        fields = {key: str(action.get(key, "")) for key in ACTION_KEYS}
        if self._open(action):
            fields["actioncompleted"] = "0"
        elif not fields["actioncompleted"].isdigit():
            fields["actioncompleted"] = self._completed_now()
        return fields

    def order_details(self, order_id, order, with_action=True):
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
        # Only options=All is known to carry the action's fields (docs/registrar-apis.md LB-DET-2).
        if action and with_action and not order.get("details_hide_action"):
            details.update(self._action_fields(action))
        if with_action:
            # All also returns whole contact records (personal data the module must not return).
            details["registrantcontact"] = {
                "contactid": details["registrantcontactid"],
                "name": "Sim Registrant",
                "emailaddr": "registrant@%s" % (name or "example.com"),
                "country": "SE",
            }
        return details

    # -- searches --------------------------------------------------------------

    def _search(self, state, params):
        """``domains/search.json``: filters status (repeatable), domain-name (exact), order-id."""
        records, page, failure = self._paging(params)
        if failure:
            return failure
        statuses = set(params.get("status") or [])
        name = (self._first(params, "domain-name") or "").strip().lower()
        order_ids = set(params.get("order-id") or [])
        rows = []
        for order_id in sorted(state.get("orders", {}), key=int):
            order = state["orders"][order_id]
            if statuses and order.get("currentstatus") not in statuses:
                continue
            if name and order.get("domainname", "").lower() != name:
                continue
            if order_ids and order_id not in order_ids:
                continue
            rows.append(self._search_record(order_id, order))
        return self._page(rows, records, page)

    @staticmethod
    def _search_record(order_id, order):
        """A flat record with dotted keys, every value a string (docs/registrar-apis.md LB-SRCH-3)."""
        return {
            "orders.orderid": order_id,
            "entity.entityid": order_id,
            "entity.description": order.get("domainname", ""),
            "entity.currentstatus": order.get("currentstatus", ""),
            "entity.customerid": str(order.get("customerid", "")),
            "entity.entitytypeid": "3",
            "entitytype.entitytypekey": "domcno",
            "entitytype.entitytypename": ".COM Domain Name",
            "orders.endtime": str(order.get("endtime", "")),
            "orders.creationtime": str(order.get("creationtime", "")),
            "orders.creationdt": str(order.get("creationtime", "")),
            "orders.autorenew": "false",
            "orders.resellerlock": "false",
            "orders.customerlock": "false",
            "orders.transferlock": "true" if "transferlock" in (order.get("orderstatus") or []) else "false",
        }

    def _actions(self, state, params):
        """``actions/search-current.json``: the open actions, filters order-id, eaq-id, action-status/-type."""
        records, page, failure = self._paging(params)
        if failure:
            return failure
        filters = {
            "entityid": set(params.get("order-id") or []),
            "eaqid": set(params.get("eaq-id") or []),
            "actionstatus": set(params.get("action-status") or []),
            "actiontype": set(params.get("action-type") or []),
        }
        rows = []
        for order_id in sorted(state.get("orders", {}), key=int):
            action = state["orders"][order_id].get("last_action")
            if not self._open(action):
                continue
            row = dict(self._action_fields(action), entityid=order_id, entitytypeid="3")
            row.update(actionadded=str(action.get("added", "")), actionstarted="0")
            if all(not wanted or row[key] in wanted for key, wanted in filters.items()):
                rows.append(row)
        return self._page(rows, records, page)

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
        if self._open(order.get("last_action")):
            # No status key, HTTP 500: as real answers come (docs/registrar-apis.md LB-ERR-2).
            return SimResponse.json(500, {"message": ACTION_PENDING})
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
        elif order.get("restore_answer_status"):
            status, desc = order["restore_answer_status"], "Request sent, waiting for approval"
        elif mode == "async":
            status, desc = "InProgress", "Restore request submitted to the registry"
        else:
            status, desc = "Success", "restored successfully"
            order["currentstatus"] = "Active"
        order["last_action"] = {
            "eaqid": eaqid,
            "actiontype": RESTORE_ACTION_TYPE,
            "actiontypedesc": "restore",
            "actionstatus": status,
            "actionstatusdesc": desc,
            "actioncompleted": self._completed_now() if status == "Success" else "0",
            "added": self._completed_now(),
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
