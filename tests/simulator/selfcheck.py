#!/usr/bin/env python
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Self-check of the registrar simulator: starts it and exercises every endpoint.

Run: python tests/simulator/selfcheck.py   (exit status 0 when every check passed)
Not a pytest module on purpose: it checks the test tool itself, not the collection.
"""

from __future__ import annotations

import base64
import concurrent.futures
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from credentials import AUTODNS_PASSWORD, AUTODNS_USER, HOSTUP_KEY, LB_KEY, LB_USERID
from simclient import SIMULATOR, SimClient, start_simulator

LB_AUTH = {"auth-userid": LB_USERID, "api-key": LB_KEY}
AD_USER, AD_PASS = AUTODNS_USER, AUTODNS_PASSWORD
AD_HEADERS = {
    "Authorization": "Basic " + base64.b64encode(("%s:%s" % (AD_USER, AD_PASS)).encode()).decode(),
    "X-Domainrobot-Context": "4",
    "User-Agent": "selfcheck/1.0",
    "Content-Type": "application/json",
}
FAILURES = []


def check(condition, what, detail=None):
    if condition:
        return True
    FAILURES.append(what)
    print("FAIL: %s%s" % (what, "" if detail is None else " -- %r" % (detail,)))
    return False


class Http:
    """Raw HTTP on one keep-alive connection (reconnects after errors)."""

    def __init__(self, base_url, timeout=10):
        parts = urlsplit(base_url)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        try:
            self.conn.request(method, path, body=body, headers=headers or {})
            response = self.conn.getresponse()
            data = response.read()
        except Exception:
            self.conn.close()
            self.conn = None
            raise
        return response.status, response, data

    def json(self, method, path, body=None, headers=None):
        """(status, decoded JSON body)."""
        status, _response, data = self.request(method, path, body, headers)
        return status, json.loads(data.decode("utf-8"))


def hostup(h, domain_id, key=HOSTUP_KEY, body=None, header="X-API-Key"):
    headers = {"Content-Type": "application/json"}
    if key:
        headers[header] = key if header == "X-API-Key" else "Bearer " + key
    payload = body if body is not None else json.dumps({"id": domain_id, "domainIds": [str(domain_id)]})
    return h.request("POST", "/hostup/api/domains/%s/status-sync" % domain_id, payload, headers)


def lb(h, method, endpoint, params, auth=True, in_body=None):
    params = dict(params)
    if auth:
        params.update(LB_AUTH)
    if method == "POST" and in_body is not False:
        return h.json(
            "POST",
            "/logicboxes/api/" + endpoint,
            urlencode(params, doseq=True),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
    return h.json(method, "/logicboxes/api/%s?%s" % (endpoint, urlencode(params, doseq=True)))


def xml_request(task_xml, user=AD_USER, password=AD_PASS, context="4"):
    return (
        '<?xml version="1.0" encoding="UTF-8"?><request><auth><user>%s</user><password>%s</password>'
        "<context>%s</context></auth><task>%s</task></request>" % (user, password, context, task_xml)
    )


def gateway(h, body):
    """(HTTP status, parsed XML answer)."""
    status, _response, data = h.request("POST", "/autodns/gateway", body, {"Content-Type": "application/xml"})
    return status, ET.fromstring(data)


# ---------------------------------------------------------------------------


def check_hostup(h, sim):
    status, response, data = hostup(h, 20629, key=None)
    body = json.loads(data)
    check(status == 401 and body["code"] == "UNAUTHORIZED" and "success" not in body, "hostup 401 shape", body)
    check(response.getheader("X-Request-Id") == body["requestId"], "hostup X-Request-Id equals requestId")
    check(body["requestId"].startswith("req_"), "hostup requestId format")
    for name in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"):
        check(response.getheader(name) is not None, "hostup header " + name)

    status, _response, data = hostup(h, 20629, body="not json")
    check(status == 400 and json.loads(data)["code"] == "BAD_REQUEST", "hostup non-JSON -> 400")
    status, _response, data = hostup(h, 0)
    body = json.loads(data)
    check(
        status == 422 and body["code"] == "VALIDATION_ERROR" and body["details"][0]["field"] == "id",
        "hostup id 0 -> 422",
        body,
    )
    status, _response, data = hostup(h, "abc")
    check(status == 422, "hostup id abc -> 422")
    status, _response, data = hostup(h, 99999999)
    check(status == 404 and json.loads(data)["code"] == "NOT_FOUND", "hostup unknown -> 404")

    status, response, data = hostup(h, 20629, header="Authorization")
    body = json.loads(data)
    sync = body["data"]
    check(status == 200 and body["success"] is True, "hostup bearer sync 200")
    check(
        sync["previousStatus"] == "Pending"
        and sync["newStatus"] == "Active"
        and sync["statusChanged"]
        and sync["statusChangedToActive"]
        and sync["syncSuccess"],
        "hostup changed to active",
        sync,
    )
    check(
        sync["domain"]["id"] == "20629" and sync["domain"]["epp_code"].startswith("EPP-SECRET-"), "hostup domain record"
    )
    check("registrar_status" not in sync["domain"] and "sync_fails" not in sync["domain"], "hostup no sim keys")
    check(response.getheader("X-Request-Id") == body["requestId"], "hostup 200 X-Request-Id")
    status, _response, data = hostup(h, 20629)
    sync = json.loads(data)["data"]
    check(not sync["statusChanged"] and sync["previousStatus"] == "Active", "hostup second sync unchanged")
    sync = json.loads(hostup(h, 20631)[2])["data"]
    check(
        sync["statusChanged"] and not sync["statusChangedToActive"] and sync["newStatus"] == "Expired",
        "hostup Active -> Expired",
    )
    sync = json.loads(hostup(h, 20632)[2])["data"]
    check(
        sync["syncSuccess"] is False
        and sync["info"] == "Registrar lookup failed"
        and sync["error"]
        and not sync["statusChanged"],
        "hostup sync_fails",
        sync,
    )
    sync = json.loads(hostup(h, 100123)[2])["data"]
    check(sync["domain"]["name"] == "bulk-100123.example" and sync["statusChangedToActive"], "hostup generated id")
    check(hostup(h, 102000)[0] == 404, "hostup beyond generated range -> 404")

    # 50 parallel syncs, each on its own connection
    def one(domain_id):
        conn = Http(sim.base_url)
        return hostup(conn, domain_id)[0]

    sim.clear_requests()
    with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(one, range(101000, 101050)))
    check(statuses == [200] * 50, "hostup 50 parallel syncs", statuses)
    logged = sim.requests(service="hostup", operation="status-sync")
    check(len(logged) == 50 and len({entry["seq"] for entry in logged}) == 50, "hostup parallel log")
    check(all(entry["headers"].get("X-API-Key") == "***" for entry in logged), "log redacts X-API-Key")
    state = sim.state()["hostup"]["domains"]
    check(all(state[str(i)]["status"] == "Active" for i in range(101000, 101050)), "hostup parallel state")


def check_logicboxes(h, sim):
    status, body = lb(h, "GET", "domains/orderid.json", {"domain-name": "restore-me.com"}, auth=False)
    check(status == 500 and body["status"] == "ERROR" and "Authentication" in body["message"], "lb auth", body)
    status, _response, data = h.request(
        "GET", "/logicboxes/api/domains/orderid.json?" + urlencode(dict(LB_AUTH, **{"domain-name": "restore-me.com"}))
    )
    check(status == 200 and data == b"12121212", "lb orderid bare integer", data)
    status, body = lb(h, "GET", "domains/orderid.json", {"domain-name": "nope.com"})
    check(status == 500 and body["message"] == "Website doesn't exist for nope.com", "lb orderid unknown")
    status, body = lb(h, "GET", "domains/orderid.json", {"domain-name": "müller.com"})
    check(status == 500, "lb unicode name is not found (punycode expected)")
    status, body = lb(h, "GET", "domains/orderid.json", {"domain-name": "xn--mller-kva.com"})
    check(status == 200 and body == 12121220, "lb IDN order id")
    status, body = lb(h, "POST", "domains/orderid.json", {"domain-name": "restore-me.com"})
    check(status == 500 and "Method not allowed" in body["message"], "lb wrong method")

    options = {"order-id": "12121212", "options": ["OrderDetails", "All"]}
    status, body = lb(h, "GET", "domains/details.json", options)
    check(
        status == 200
        and body["currentstatus"] == "Pending Delete Restorable"
        and body["orderid"] == 12121212
        and body["domsecret"],
        "lb details",
        body,
    )
    check("eaqid" not in body and "restore_price" not in body, "lb details without open action")
    status, body = lb(h, "GET", "domains/details.json", {"order-id": "5"})
    check(status == 500 and body["message"] == "No Entity found for Entityid 5", "lb details unknown")
    status, body = lb(h, "GET", "domains/details.json", {"order-id": "12121212"})
    check(status == 500 and body["message"] == "Required parameter missing: options", "lb details needs options")
    by_name = {"domain-name": "pending-restore.com", "options": "All"}
    status, body = lb(h, "GET", "domains/details-by-name.json", by_name)
    check(body.get("actionstatus") == "Pending" and body.get("actioncompleted") == "0", "lb open action shown")
    status, body = lb(h, "GET", "domains/details-by-name.json", dict(by_name, options="OrderDetails"))
    check("actionstatus" not in body and "registrantcontact" not in body, "lb action only with options=All")
    page = {"no-of-records": "10", "page-no": "1"}
    status, body = lb(h, "GET", "actions/search-current.json", dict(page, **{"order-id": "12121219"}))
    check(body["recsindb"] == "1" and body["1"]["entityid"] == "12121219", "lb search-current by order", body)
    status, body = lb(h, "GET", "actions/search-current.json", dict(page, **{"order-id": "12121212"}))
    check(body == {"recsonpage": "0", "recsindb": "0"}, "lb search-current none", body)
    status, body = lb(h, "GET", "actions/search-current.json", {"order-id": "12121212"})
    check(status == 500 and "no-of-records" in body["message"], "lb search-current needs paging")
    search = {"status": "Pending Delete Restorable", "no-of-records": "50", "page-no": "2"}
    status, body = lb(h, "GET", "domains/search.json", search)
    total = int(body["recsindb"])
    check(
        total > 60 and body["recsonpage"] == str(min(50, total - 50)) and "orders.orderid" in body["1"],
        "lb search paged",
        total,
    )
    status, body = lb(
        h, "GET", "domains/search.json", dict(search, **{"page-no": "1", "domain-name": "restore-me.com"})
    )
    check(body["recsindb"] == "1" and body["1"]["entity.description"] == "restore-me.com", "lb search by name")
    status, body = lb(h, "GET", "domains/search.json", dict(search, **{"no-of-records": "5"}))
    check(status == 500, "lb search no-of-records below 10 refused")

    def restore(order_id, option, in_body=True):
        return lb(h, "POST", "domains/restore.json", {"order-id": order_id, "invoice-option": option}, in_body=in_body)

    params = {"order-id": "12121221", "invoice-option": "NoInvoice"}
    status, body = lb(h, "GET", "domains/restore.json", params)
    check(status == 500 and body["message"] == "Method not allowed: use POST", "lb restore via GET")
    status, body = restore("12121221", "NoInvoice")
    check(
        status == 200
        and body["actionstatus"] == "Success"
        and "invoiceid" not in body
        and set(body) == {"description", "entityid", "eaqid", "actiontypedesc", "actionstatus", "actionstatusdesc"},
        "lb restore NoInvoice",
        body,
    )
    check(body["eaqid"] == 1111111, "lb eaqid starts at 1111111")
    check("domsecret" not in json.dumps(body) and "LB-DOMSECRET" not in json.dumps(body), "lb restore no secret")
    status, body = restore("12121221", "NoInvoice")
    check(
        status == 200 and body["status"] == "ERROR" and "current status Active" in body["message"],
        "lb restore of active order",
    )
    status, body = restore("12121222", "KeepInvoice")
    check(
        body["actionstatus"] == "Success" and body["sellingamount"] == "95.00" and body["invoiceid"],
        "lb KeepInvoice",
        body,
    )
    status, body = restore("12121223", "PayInvoice")
    balance = sim.state()["logicboxes"]["customers"]["7123"]["balance"]
    check(body["actionstatus"] == "Success" and balance == "920.00", "lb PayInvoice debits", (body, balance))
    status, body = restore("12121216", "PayInvoice")
    check(body["actionstatus"] == "Pending" and body["invoiceid"], "lb PayInvoice insufficient", body)
    status, body = lb(h, "GET", "domains/details.json", {"order-id": "12121216", "options": "All"})
    check(
        body["currentstatus"] == "Pending Delete Restorable" and body["actioncompleted"] == "0",
        "lb insufficient stays pending",
    )
    status, body = restore("12121216", "PayInvoice")
    check(
        status == 500 and body == {"message": "There is already an action pending on this Order."},
        "lb second restore refused",
    )
    status, body = restore("12121224", "Bogus")
    check(status == 500 and body["message"] == "invoice-option is invalid", "lb invalid invoice option")
    status, body = restore("12121214", "NoInvoice")
    check(status == 200 and "Deleted" in body["message"], "lb Deleted not restorable")
    status, body = restore("12121218", "NoInvoice")
    check(body == {"status": "Failed", "actionstatusdesc": "Registry rejected the restore"}, "lb fail mode")
    status, body = restore("12121217", "NoInvoice", in_body=False)  # auth in the query string
    check(body["actionstatus"] == "InProgress", "lb async InProgress (query-string auth)", body)
    first = lb(h, "GET", "domains/details.json", {"order-id": "12121217", "options": "All"})[1]
    second = lb(h, "GET", "domains/details.json", {"order-id": "12121217", "options": "All"})[1]
    check(
        first["currentstatus"] == "Pending Delete Restorable"
        and first["actionstatus"] == "InProgress"
        and second["currentstatus"] == "Active"
        and second["actionstatus"] == "Success",
        "lb async completes on 2nd details read",
        (first.get("actionstatus"), second.get("actionstatus")),
    )
    logged = sim.requests(service="logicboxes", operation="restore")
    check(all(entry["query"].get("api-key", ["***"]) == ["***"] for entry in logged), "lb log redacts api-key")
    check(all(LB_KEY not in json.dumps(entry) for entry in logged), "lb log has no key")


def check_autodns_json(h, sim):
    headers = dict(AD_HEADERS)
    del headers["User-Agent"]
    conn = http.client.HTTPConnection(h.host, h.port, timeout=5)
    conn.putrequest("GET", "/autodns/v1/domain/active.de", skip_accept_encoding=True)
    for key, value in headers.items():
        conn.putheader(key, value)
    conn.endheaders()
    response = conn.getresponse()
    body = json.loads(response.read())
    conn.close()
    check(response.status == 400 and body["status"]["type"] == "ERROR", "autodns missing User-Agent", body)
    status, body = h.json(
        "GET", "/autodns/v1/domain/active.de", headers=dict(AD_HEADERS, **{"X-Domainrobot-Context": "1"})
    )
    check(
        status == 401 and body["status"]["code"] == "E01004" and body["messages"][0]["code"].startswith("EF"),
        "autodns wrong context -> 401",
        body,
    )

    status, body = h.json("GET", "/autodns/v1/domain/active.de", headers=AD_HEADERS)
    check(
        status == 200 and body["status"]["code"] == "S0105" and body["data"][0]["authinfo"].startswith("AUTHINFO"),
        "autodns domain info",
        body,
    )
    status, body = h.json("GET", "/autodns/v1/domain/nope.de", headers=AD_HEADERS)
    check(
        status == 404 and body["status"]["code"] == "E0105" and body["messages"][0]["code"].startswith("EF"),
        "autodns absent domain",
        body,
    )
    query = {"filters": [{"key": "name", "value": "restore-me.de", "operator": "EQUAL"}], "view": {"limit": 1}}
    status, body = h.json("POST", "/autodns/v1/domain/restore/_search", query, AD_HEADERS)
    check(
        status == 200
        and body["status"]["code"] == "S0105005"
        and body["object"]["summary"] == 1
        and body["data"][0]["action"] == "RESTORE",
        "autodns restore search",
        body,
    )
    check("authinfo" not in json.dumps(body), "autodns restore list has no authinfo")
    status, body = h.json("POST", "/autodns/v1/domain/restore/_search", {}, AD_HEADERS)
    check(body["object"]["summary"] >= 8, "autodns restore search without filter")
    bad_query = {"filters": [{"key": "bogus", "value": "x"}]}
    status, body = h.json("POST", "/autodns/v1/domain/restore/_search", bad_query, AD_HEADERS)
    check(status == 400 and body["status"]["type"] == "ERROR", "autodns bad filter key")

    ctid_headers = dict(AD_HEADERS, **{"X-Domainrobot-Ctid": "ctid-42"})
    restore_url = "/autodns/v1/domain/restore-me.de/_restore"
    status, body = h.json("PUT", restore_url, {"action": "BOGUS"}, AD_HEADERS)
    check(status == 400 and body["status"]["code"] == "E0101005", "autodns invalid action")
    status, body = h.json("PUT", "/autodns/v1/domain/active.de/_restore", {"action": "RESTORE"}, AD_HEADERS)
    check(status == 400 and body["status"]["code"] == "E0101005", "autodns restore of active domain refused")
    status, body = h.json("PUT", restore_url + "?replyTo=ops%40example.com", {"action": "RESTORE"}, ctid_headers)
    job = body["data"][0]
    check(
        status == 200
        and body["status"]
        == {
            "code": "N0101005",
            "type": "NOTIFY",
            "text": "Die Wiederherstellung der Domain wurde erfolgreich gestartet.",
        }
        and body["ctid"] == "ctid-42"
        and job["status"] == "RUNNING"
        and job["id"] == 4297543154
        and body["object"] == {"type": "Domain", "value": "restore-me.de"},
        "autodns restore started",
        body,
    )
    check(
        set(job) <= {"id", "status", "action", "created", "updated", "execution", "owner", "updater"},
        "autodns job has public keys only",
        job,
    )
    status, body = h.json("PUT", restore_url, {"action": "RESTORE"}, AD_HEADERS)
    check(status == 400 and body["messages"][0]["code"] == "EF01006", "autodns job already running")
    status, body = h.json(
        "POST",
        "/autodns/v1/job/_search",
        {
            "filters": [
                {"key": "status", "value": "RUNNING", "operator": "EQUAL"},
                {"key": "object", "value": "restore-me.de", "operator": "EQUAL"},
            ]
        },
        AD_HEADERS,
    )
    check(body["object"]["summary"] == 1 and body["data"][0]["job"]["id"] == 4297543154, "autodns job search", body)
    first = h.json("GET", "/autodns/v1/job/4297543154", headers=AD_HEADERS)[1]
    second = h.json("GET", "/autodns/v1/job/4297543154", headers=AD_HEADERS)[1]
    check(
        first["data"][0]["job"]["status"] == "RUNNING"
        and second["data"][0]["job"]["status"] == "SUCCESS"
        and second["status"]["code"] == "S300114",
        "autodns job finishes on 2nd poll",
    )
    status, body = h.json("GET", "/autodns/v1/domain/restore-me.de", headers=AD_HEADERS)
    check(status == 200, "autodns restored domain is active")
    body = h.json("POST", "/autodns/v1/domain/restore/_search", query, AD_HEADERS)[1]
    check(body["object"]["summary"] == 0, "autodns restored domain left the restore list")
    status, body = h.json("GET", "/autodns/v1/job/1", headers=AD_HEADERS)
    check(status == 404 and body["status"]["type"] == "ERROR", "autodns unknown job")

    job_id = h.json("PUT", "/autodns/v1/domain/fail-restore.de/_restore", {"action": "RESTORE_RENEW"}, AD_HEADERS)[1][
        "data"
    ][0]["id"]
    h.json("GET", "/autodns/v1/job/%d" % job_id, headers=AD_HEADERS)
    body = h.json("GET", "/autodns/v1/job/%d" % job_id, headers=AD_HEADERS)[1]
    check(body["data"][0]["job"]["status"] == "FAILED", "autodns FAILED outcome")
    body = h.json(
        "POST",
        "/autodns/v1/domain/restore/_search",
        {"filters": [{"key": "name", "value": "fail-restore.de"}]},
        AD_HEADERS,
    )[1]
    check(body["object"]["summary"] == 1, "autodns failed domain stays restorable")
    body = h.json("POST", "/autodns/v1/job/_search", {"filters": [{"key": "status", "value": "RUNNING"}]}, AD_HEADERS)[
        1
    ]
    check([item["job"]["id"] for item in body["data"]] == [4297543100], "autodns seeded running job", body)
    check_autodns_subusers_and_history(h)


def check_autodns_subusers_and_history(h):
    """Subusers' domains with view.children only, requested keys only, the job history."""
    search = "/autodns/v1/domain/restore/_search"
    own = h.json("POST", search, {"view": {"limit": 500}}, AD_HEADERS)[1]
    everyone = h.json(
        "POST", search + "?keys[]=restorePhaseEnd", {"view": {"limit": 500, "children": True}}, AD_HEADERS
    )[1]
    check(everyone["object"]["summary"] >= 60 > own["object"]["summary"], "autodns children lists subusers' domains")
    check(
        "customer-shop.de" not in [item["name"] for item in own["data"]]
        and all(item["owner"]["user"] == AD_USER for item in own["data"]),
        "autodns without children only the caller's domains",
    )
    check(
        all(set(item) <= {"name", "action", "owner", "restorePhaseEnd"} for item in everyone["data"])
        and all("restorePhaseEnd" in item for item in everyone["data"]),
        "autodns list items carry only the requested keys",
    )
    page = h.json("POST", search, {"view": {"limit": 25, "offset": 25, "children": True}}, AD_HEADERS)[1]
    check(len(page["data"]) == 25 and page["data"][0]["name"] == everyone["data"][25]["name"], "autodns paging")
    restore_url = "/autodns/v1/domain/customer-shop.de/_restore"
    status, body = h.json("PUT", restore_url, {"action": "RESTORE"}, AD_HEADERS)
    check(status == 404 and body["messages"][0]["code"] == "EF01030", "autodns subuser domain needs its owner")
    owner = dict(AD_HEADERS, **{"X-Domainrobot-Owner-User": "customer1", "X-Domainrobot-Owner-Context": "4"})
    status, body = h.json("PUT", restore_url + "?ctid=c-1", {"action": "RESTORE"}, owner)
    check(status == 200 and body["ctid"] == "c-1", "autodns subuser restore with owner headers and ?ctid=", body)
    job_id = body["data"][0]["id"]
    status, body = h.json("PUT", "/autodns/v1/domain/history-restore.de/_restore", {"action": "RESTORE"}, AD_HEADERS)
    history_job = body["data"][0]["id"]
    for _read in range(2):
        status, body = h.json("GET", "/autodns/v1/job/%d" % history_job, headers=AD_HEADERS)
    check(status == 404, "autodns finished job leaves /job/{id}", body)
    status, body = h.json("GET", "/autodns/v1/job/history/%d" % history_job, headers=AD_HEADERS)
    check(status == 200 and body["data"][0]["job"]["status"] == "SUCCESS", "autodns job history", body)
    status, body = h.json("GET", "/autodns/v1/job/history/%d" % job_id, headers=AD_HEADERS)
    check(status == 404, "autodns running job is not history", body)


def check_autodns_xml(h, sim):
    doctype = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y">]><request>&x;</request>'
    status, response, data = h.request("POST", "/autodns/gateway", doctype, {"Content-Type": "application/xml"})
    root = ET.fromstring(data)
    check(
        status == 200 and root.findtext("result/status/type") == "error" and root.findtext("stid"),
        "xml DOCTYPE rejected",
    )
    check(response.getheader("Content-Type") == "application/xml; charset=utf-8", "xml content type")
    status, root = gateway(h, "<request><oops")
    check(status == 200 and root.findtext("result/status/type") == "error", "xml malformed rejected")
    wrong = xml_request("<code>0105</code><domain><name>active.de</name></domain>", password="wrong")
    status, root = gateway(h, wrong)
    check(
        status == 200
        and root.findtext("result/status/code") == "E01004"
        and root.findtext("result/msg/code").startswith("EF"),
        "xml auth error",
    )
    status, root = gateway(h, xml_request("<code>0105</code><domain><name>active.de</name></domain>"))
    check(
        status == 200
        and root.findtext("result/status/code") == "S0105"
        and root.findtext("result/data/domain/authinfo"),
        "xml domain inquire",
    )
    status, root = gateway(h, xml_request("<code>0105</code><domain><name>nope.de</name></domain>"))
    check(
        status == 200
        and root.findtext("result/status/code") == "E0105"
        and root.findtext("result/status/type") == "error",
        "xml domain absent",
    )
    where = (
        "<view><offset>0</offset><limit>1</limit></view><key>idn</key><where><and><key>name</key><operator>eq</operator>"
        "<value>xn--bcher-kva.de</value></and></where>"
    )
    status, root = gateway(h, xml_request("<code>0105005</code>" + where))
    check(
        status == 200
        and root.findtext("result/status/code") == "S0105005"
        and root.findtext("result/data/summary") == "1"
        and root.findtext("result/data/restore/action") == "RESTORE"
        and root.findtext("result/data/restore/idn") == "bücher.de",
        "xml restore list",
    )
    check(root.find("result/data/restore/authinfo") is None, "xml restore list has no authinfo")
    restore = (
        "<code>0101005</code><domain><name>xn--bcher-kva.de</name><action>RESTORE</action></domain>"
        "<reply_to>ops@example.com</reply_to><ctid>CTID-7</ctid>"
    )
    status, root = gateway(h, xml_request(restore))
    check(
        status == 200
        and root.findtext("result/status/code") == "N0101005"
        and root.findtext("result/status/type") == "notify"
        and root.findtext("result/data/domain_job/job/status") == "RUNNING"
        and root.findtext("result/status/object/value") == "xn--bcher-kva.de"
        and root.findtext("ctid") == "CTID-7",
        "xml restore",
    )
    job_id = int(root.findtext("result/data/domain_job/job/id"))
    body = h.json("POST", "/autodns/v1/job/_search", {"filters": [{"key": "id", "value": str(job_id)}]}, AD_HEADERS)[1]
    check(body["data"] and body["data"][0]["job"]["status"] == "RUNNING", "xml job visible through JSON")
    status, root = gateway(h, xml_request(restore))
    check(status == 200 and root.findtext("result/msg/code") == "EF01006", "xml second restore refused")
    inquire = xml_request("<code>0105</code><domain><name>xn--bcher-kva.de</name></domain>")
    first = gateway(h, inquire)[1]
    second = gateway(h, inquire)[1]
    check(
        first.findtext("result/status/code") == "E0105" and second.findtext("result/status/code") == "S0105",
        "xml job advances on domain reads",
    )
    root = gateway(h, xml_request("<code>0999</code>"))[1]
    check(root.findtext("result/status/type") == "error", "xml unknown task")
    check(
        [entry["operation"] for entry in sim.requests(service="autodns_xml")][:3] == ["unknown", "unknown", "0105"],
        "xml operations logged",
    )
    check(all(AD_PASS not in entry["body"] for entry in sim.requests(service="autodns_xml")), "xml log redacted")


def check_faults(h, sim):
    sim.reset()
    sim.fault(service="hostup", operation="status-sync", status=429, headers={"Retry-After": "2"})
    status, response, data = hostup(h, 20630)
    check(
        status == 429
        and response.getheader("Retry-After") == "2"
        and json.loads(data)["code"] == "RATE_LIMIT_EXCEEDED"
        and response.getheader("X-Request-Id") == json.loads(data)["requestId"],
        "fault 429 with Retry-After",
    )
    check(hostup(h, 20630)[0] == 200, "fault consumed after one use")
    check(sim.requests(service="hostup")[0]["fault"] == "respond:429", "faulted request logged with fault")

    # executed, then the connection is reset: the restore happened, the client saw no answer
    sim.fault(service="logicboxes", operation="restore", action="reset", execute=True)
    try:
        lb(h, "POST", "domains/restore.json", {"order-id": "12121212", "invoice-option": "NoInvoice"})
        check(False, "fault reset must fail the request")
    except (ConnectionResetError, http.client.RemoteDisconnected, ConnectionAbortedError) as exc:
        check(isinstance(exc, ConnectionResetError), "fault reset is a TCP reset", type(exc).__name__)
    order = sim.state()["logicboxes"]["orders"]["12121212"]
    check(order["currentstatus"] == "Active", "fault execute=true performed the restore")

    sim.fault(service="logicboxes", operation="restore", action="close")
    try:
        lb(h, "POST", "domains/restore.json", {"order-id": "12121221", "invoice-option": "NoInvoice"})
        check(False, "fault close must fail the request")
    except (http.client.RemoteDisconnected, ConnectionResetError):
        pass
    check(sim.state()["logicboxes"]["orders"]["12121221"]["currentstatus"] != "Active", "fault execute=false")

    sim.fault(service="autodns_json", operation="restore", action="truncate", execute=True)
    try:
        h.json("PUT", "/autodns/v1/domain/restore-renew.de/_restore", {"action": "RESTORE_RENEW"}, AD_HEADERS)
        check(False, "fault truncate must fail the request")
    except http.client.IncompleteRead:
        pass
    check(
        any(job["domain"] == "restore-renew.de" for job in sim.state()["autodns"]["jobs"].values()),
        "fault truncate+execute created the job",
    )

    sim.fault(service="autodns_xml", status=503, body="<html>down</html>", content_type="text/html")
    status, response, data = h.request("POST", "/autodns/gateway", xml_request("<code>0105</code>"))
    check(
        status == 503 and data == b"<html>down</html>" and response.getheader("Content-Type") == "text/html",
        "fault custom body",
    )

    sim.fault(service="hostup", action="hang", delay=1.5)
    slow = Http(sim.base_url, timeout=0.5)
    try:
        hostup(slow, 20633)
        check(False, "fault hang must time out")
    except (socket.timeout, TimeoutError):
        pass

    sim.fault(service="hostup", status=503, times=2, path_contains="/20634/")
    check(
        hostup(h, 20635)[0] == 200
        and hostup(h, 20634)[0] == 503
        and hostup(h, 20634)[0] == 503
        and hostup(h, 20634)[0] == 200,
        "fault path_contains and times",
    )
    try:
        sim.fault(service="hostup", operation="restore")
        check(False, "unknown operation must be refused")
    except RuntimeError:
        pass
    sim.add_faults([{"service": "logicboxes", "times": -1}, {"service": "autodns_json"}])
    check(len(sim.faults()) == 2, "faults listed")
    sim.clear_faults()
    check(sim.faults() == [], "faults cleared")

    sim.patch_state({"hostup": {"domains": {"20630": {"status": "Pending", "registrar_status": "Active"}}}})
    sync = json.loads(hostup(h, 20630)[2])["data"]
    check(sync["statusChangedToActive"], "patch state")
    sim.reset()
    check(
        sim.requests() == []
        and sim.state()["logicboxes"]["orders"]["12121212"]["currentstatus"] == "Pending Delete Restorable",
        "reset reloads seed and clears log",
    )


def check_speed(sim):
    conn = Http(sim.base_url)
    started = time.monotonic()
    for index in range(1000):
        status = hostup(conn, 100000 + index)[0]
        if status != 200:
            check(False, "benchmark request %d" % index, status)
            break
    elapsed = time.monotonic() - started
    print("1000 keep-alive HostUp syncs: %.2f s" % elapsed)
    check(elapsed < 20, "1000 requests in under 20 s", elapsed)


def check_process():
    # refuses non-loopback addresses
    command = [sys.executable, SIMULATOR, "--host", "0.0.0.0"]
    result = subprocess.run(command, capture_output=True, timeout=10, check=False)
    check(result.returncode == 2 and b"loopback" in result.stderr, "refuses to bind to 0.0.0.0")
    with start_simulator() as (process, _url):
        process.send_signal(signal.SIGTERM)
        check(process.wait(timeout=5) == 0, "clean exit on SIGTERM")


def main():
    with start_simulator() as (_process, base_url):
        sim = SimClient(base_url)
        h = Http(base_url)
        check(sim.health() == {"ok": True}, "health")
        for step in (check_hostup, check_logicboxes, check_autodns_json, check_autodns_xml):
            sim.reset()
            step(h, sim)
        check_faults(h, sim)
        sim.reset()
        check_speed(sim)
    check_process()
    if FAILURES:
        print("%d check(s) failed" % len(FAILURES))
        return 1
    print("all simulator checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
