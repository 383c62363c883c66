"""LogicBoxes / ResellerClub HTTP API, as the registrar simulator serves it: BASE/logicboxes/api/domains/*.json.

Order id lookup, order details (by id and by name) and restore with its invoice options,
customer balance and synchronous, asynchronous or failing restores. Authentication by
auth-userid and api-key parameters (query string or form body). Sources and guesses:
docs/registrar-apis.md and README.md beside this file.
"""

from __future__ import annotations

import copy
import decimal
from urllib.parse import parse_qs

from core import JSON_TYPE, RegistrarService, SimResponse

RESTORABLE = "Pending Delete Restorable"
INSUFFICIENT_FUNDS = "Insufficient funds in customer's debit account; invoice raised and pending payment"


class LogicBoxesService(RegistrarService):
    name = "logicboxes"
    prefix = "/logicboxes/api"
    state_section = "logicboxes"
    ENDPOINTS = {
        "domains/orderid.json": ("orderid", "GET"),
        "domains/details.json": ("details", "GET"),
        "domains/details-by-name.json": ("details-by-name", "GET"),
        "domains/restore.json": ("restore", "POST"),
    }
    operations = tuple(endpoint[0] for endpoint in ENDPOINTS.values())
    # Keys in an order's state that are simulation controls, not order details.
    PRIVATE_KEYS = ("restore_price", "restore_mode", "async_polls", "last_action", "ns")

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
