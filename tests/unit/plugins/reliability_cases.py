# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The case tables of the reliability matrices, as plain data.

Every cell the fault matrix runs, every restore fault and every bad input is generated from the
tables here, so their numbers are known before anything runs (``counts()``). This module imports
nothing from the collection or from pytest: ``reliability_evidence.py`` loads it by path to print
the counts for ``docs/reliability-evidence.md``.
"""

from __future__ import annotations

import importlib.util
import json
import os

SIMULATOR_DIR = os.path.abspath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir, "simulator")
)
_SIMULATOR_MODULES = {}


def simulator_module(name):
    """``tests/simulator/<name>.py``, loaded by path once (the simulator directory is not a package)."""
    if name not in _SIMULATOR_MODULES:
        spec = importlib.util.spec_from_file_location(
            "_registrar_sim_" + name, os.path.join(SIMULATOR_DIR, name + ".py")
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _SIMULATOR_MODULES[name] = module
    return _SIMULATOR_MODULES[name]


# Client settings every matrix cell uses.
RETRIES = 3  # the module default: a fault that persists is seen RETRIES + 1 times
MAX_RETRY_WAIT = 30.0
TIMEOUT = 5.0
FAST_TIMEOUT = 0.4  # the read-timeout cells: the simulator stalls SLOW_DELAY seconds
SLOW_DELAY = 1.2
MAX_BODY_BYTES = 4 * 1024 * 1024  # mirrors _http.MAX_BODY_BYTES (a test checks they agree)
ALL = RETRIES + 1  # "every try"

# Credentials (from their one place, tests/simulator/credentials.py) and objects of the
# simulator's seed state (tests/simulator/state.json).
credentials = simulator_module("credentials")
HOSTUP_KEY = credentials.HOSTUP_KEY
LB_USERID = credentials.LB_USERID
LB_KEY = credentials.LB_KEY
AUTODNS_USER = credentials.AUTODNS_USER
AUTODNS_PASSWORD = credentials.AUTODNS_PASSWORD
CONFIGURED_SECRETS = credentials.CONFIGURED_SECRETS

HOSTUP_DOMAIN_ID = 20629
LB_ORDER_ID = 12121212
LB_DOMAIN = "restore-me.com"
AUTODNS_RESTORABLE = "restore-me.de"
AUTODNS_ACTIVE = "active.de"
AUTODNS_RUNNING = "running-restore.de"
AUTODNS_RUNNING_JOB = 4297543100
XML_RESTORABLE = "restore-xml.de"

# ---------------------------------------------------------------------------------------------
# Operations: every request the collection sends, by provider and transport.
#
# kind "repeatable": reads and HostUp status syncs (re-sent on 502/503/504, timeouts, resets);
# kind "restore": the billable write, never re-sent once it may have reached the registrar.

OPERATIONS = (
    # (service, operation, provider display name, kind, format)
    ("hostup", "status-sync", "HostUp", "repeatable", "json"),
    ("logicboxes", "orderid", "LogicBoxes", "repeatable", "json"),
    ("logicboxes", "details", "LogicBoxes", "repeatable", "json"),
    ("logicboxes", "restore", "LogicBoxes", "restore", "json"),
    ("autodns_json", "restore-search", "AutoDNS", "repeatable", "json"),
    ("autodns_json", "job-search", "AutoDNS", "repeatable", "json"),
    ("autodns_json", "domain-info", "AutoDNS", "repeatable", "json"),
    ("autodns_json", "restore", "AutoDNS", "restore", "json"),
    ("autodns_json", "job-info", "AutoDNS", "repeatable", "json"),
    ("autodns_xml", "0105005", "AutoDNS", "repeatable", "xml"),
    ("autodns_xml", "0105", "AutoDNS", "repeatable", "xml"),
    ("autodns_xml", "0101005", "AutoDNS", "restore", "xml"),
)


def _envelope(code, status_type, data, text="ok"):
    return json.dumps(
        {"stid": "20260101-canned-1", "status": {"code": code, "text": text, "type": status_type}, "data": data}
    )


def _xml(code, status_type, data):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<response><result><data>%s</data><status><code>%s</code>'
        "<text>ok</text><type>%s</type></status></result><stid>20260101-canned-1</stid></response>"
        % (data, code, status_type)
    )


# A valid answer per operation, for the faults that deliver a correct body in a broken way.
CANNED = {
    ("hostup", "status-sync"): (
        '{"success": true, "requestId": "req_canned", "data": {"syncSuccess": true, "previousStatus": "Pending",'
        ' "newStatus": "Active", "statusChanged": true, "statusChangedToActive": true, "info": "ok", "error": [],'
        ' "domain": {"id": "20629", "name": "example.se", "status": "Active"}}}'
    ),
    ("logicboxes", "orderid"): "12121212",
    ("logicboxes", "details"): (
        '{"orderid": 12121212, "domainname": "restore-me.com", "currentstatus": "Pending Delete Restorable"}'
    ),
    ("logicboxes", "restore"): (
        '{"description": "restore-me.com", "entityid": 12121212, "eaqid": 1111999, "actiontypedesc": "restore",'
        ' "actionstatus": "Success", "actionstatusdesc": "restored successfully"}'
    ),
    ("autodns_json", "restore-search"): _envelope(
        "S0105005", "SUCCESS", [{"name": "restore-me.de", "restorePhaseEnd": "2099-01-01T00:00:00.000+0000"}]
    ),
    # Job search and job info answer ObjectJob items (docs/registrar-apis.md AD-JOB-1, AD-JOB-2).
    ("autodns_json", "job-search"): _envelope(
        "S300115",
        "SUCCESS",
        [
            {
                "job": {"id": 4297543100, "status": "RUNNING", "action": "RESTORE"},
                "object": {"type": "Domain", "value": "running-restore.de"},
            }
        ],
    ),
    ("autodns_json", "domain-info"): _envelope("S0105", "SUCCESS", [{"name": "active.de", "registryStatus": "ACTIVE"}]),
    ("autodns_json", "restore"): _envelope("N0101005", "NOTIFY", [{"id": 4297549999, "status": "RUNNING"}]),
    ("autodns_json", "job-info"): _envelope(
        "S300114",
        "SUCCESS",
        [{"job": {"id": 4297543100, "status": "SUCCESS"}, "object": {"type": "Domain", "value": "running-restore.de"}}],
    ),
    ("autodns_xml", "0105005"): _xml(
        "S0105005",
        "success",
        "<summary>1</summary><restore><name>restore-xml.de</name><action>RESTORE</action></restore>",
    ),
    ("autodns_xml", "0105"): _xml(
        "S0105", "success", "<domain><name>active.de</name><registry_status>ACTIVE</registry_status></domain>"
    ),
    ("autodns_xml", "0101005"): _xml(
        "N0101005", "notify", "<domain_job><job><id>4297549999</id><status>RUNNING</status></job></domain_job>"
    ),
}

HTML_GATEWAY_PAGE = (
    "<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n<center><h1>%d %s</h1></center>\r\n"
    "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
HTML_LOGIN_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Sign in - Corporate Proxy</title></head>\n"
    '<body><form method="post" action="/login"><input name="user"><input type="password" name="pw">'
    "</form></body></html>\n"
)
REASONS = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Time-out"}
XXE_BODY = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    "<response><result><status><code>&xxe;</code><text>&xxe;</text><type>error</type></status></result>"
    "<stid>&xxe;</stid></response>"
)
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        ' <!ENTITY lol%d "%s">\n' % (level, ("&lol%s;" % ("" if level == 1 else level - 1)) * 10)
        for level in range(1, 10)
    )
    + "]>\n<response><result><status><code>&lol9;</code><text>&lol9;</text><type>success</type></status>"
    "</result></response>"
)
NON_UTF8_JSON = b'{"success": true, "message": "Fel vid synkronisering: \xe5\xe4\xf6 \xff\xfe"}'
NON_UTF8_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b"<response><result><status><text>\xe5\xe4\xf6\xff</text></status></result></response>"
)
DEEP_JSON_LEVELS = 100000

# ---------------------------------------------------------------------------------------------
# Faults of the fault matrix. Each applies to every operation of the formats it lists and says,
# per kind of operation, the outcome ("ok" or "fail"), the exact number of requests the
# simulator receives for that operation, and (restore kind, failures) whether the error must be
# flagged maybe_executed.
#
# fault spec keys go to POST /_sim/faults unchanged, except the placeholders (reliability_support.render_body):
#   "body": "@canned" (the operation's valid answer), "@canned-half" (its first half),
#           "@gateway-html" (an nginx error page for the status), "@malformed", "@wrong-shape",
#           "@oversized" (MAX_BODY_BYTES + 1 bytes), "@deep-json", "@doctype" (the valid answer
#           with a DOCTYPE); "body_base64": "@non-utf8" (NON_UTF8_JSON or NON_UTF8_XML by the
#           operation's format, base64 encoded: the simulator sends these raw bytes as the body)
# and the flags "timeout" (the client uses FAST_TIMEOUT), "refused" (the client is pointed at a
# closed port), "sleeps" (the waits expected between tries), "message" (a text the failure
# message must hold, or a dict of such texts by format).


def _fault(name, spec, formats, repeatable, restore, **extra):
    entry = {"name": name, "spec": spec, "formats": formats, "repeatable": repeatable, "restore": restore}
    entry.update(extra)
    return entry


def _status_faults():
    faults = []
    for variant, body in (
        ("registrar error body", None),
        ("empty body", ""),
        ("HTML error page", "@gateway-html"),
    ):
        for status in (500, 502, 503, 504):
            spec = {"status": status}
            if body is not None:
                spec["body"] = body
            if body == "@gateway-html":
                spec["content_type"] = "text/html"
            # A registrar error body on HTTP 500 is the registrar's own refusal: not executed.
            restore_maybe = not (status == 500 and body is None)
            faults.append(
                _fault(
                    "HTTP %d, %s, once" % (status, variant),
                    spec,
                    ("json", "xml"),
                    ("fail", 1) if status == 500 else ("ok", 2),
                    ("fail", 1, restore_maybe),
                )
            )
    return faults


FAULTS = (
    _fault(
        "HTTP 429 with Retry-After: 1, once",
        {"status": 429, "headers": {"Retry-After": "1"}},
        ("json", "xml"),
        ("ok", 2),
        ("ok", 2),
        sleeps=[1.0],
    ),
    _fault(
        "HTTP 429 without Retry-After, once",
        {"status": 429},
        ("json", "xml"),
        ("ok", 2),
        ("ok", 2),
        sleeps=["backoff"],
    ),
    _fault(
        "HTTP 429 with Retry-After: 120 (> max_retry_wait)",
        {"status": 429, "headers": {"Retry-After": "120"}},
        ("json", "xml"),
        ("fail", 1),
        ("fail", 1, False),
        message="Retry-After",
    ),
    _fault(
        "HTTP 429 every time (Retry-After: 0)",
        {"status": 429, "headers": {"Retry-After": "0"}, "times": -1},
        ("json", "xml"),
        ("fail", ALL),
        ("fail", ALL, False),
    ),
    *_status_faults(),
    _fault(
        "HTTP 503 every time",
        {"status": 503, "times": -1},
        ("json", "xml"),
        ("fail", ALL),
        ("fail", 1, True),
    ),
    _fault(
        "connection reset (RST) before the answer, once",
        {"action": "reset"},
        ("json", "xml"),
        ("ok", 2),
        ("fail", 1, True),
    ),
    _fault(
        "connection closed without an answer, once",
        {"action": "close"},
        ("json", "xml"),
        ("ok", 2),
        ("fail", 1, True),
    ),
    _fault(
        "answer cut off mid-body (Content-Length not met), once",
        {"action": "truncate", "status": 200, "body": "@canned"},
        ("json", "xml"),
        ("ok", 2),
        ("fail", 1, True),
    ),
    _fault(
        "read timeout (no answer within timeout), once",
        {"action": "close", "delay": SLOW_DELAY},
        ("json", "xml"),
        ("ok", 2),
        ("fail", 1, True),
        timeout=True,
        message="read timeout",
    ),
    _fault(
        "connection refused (closed port)",
        None,
        ("json", "xml"),
        ("fail", 0),
        ("fail", 0, False),
        refused=True,
        message="refused",
    ),
    _fault(
        "malformed answer (HTTP 200)",
        {"status": 200, "body": "@malformed"},
        ("json", "xml"),
        ("fail", 1),
        ("fail", 1, True),
    ),
    _fault(
        "truncated answer with a complete HTTP frame (HTTP 200)",
        {"status": 200, "body": "@canned-half"},
        ("json", "xml"),
        ("fail", 1),
        ("fail", 1, True),
    ),
    _fault(
        "wrong content type: a proxy's HTML login page (HTTP 200, text/html)",
        {"status": 200, "body": HTML_LOGIN_PAGE, "content_type": "text/html; charset=utf-8"},
        ("json", "xml"),
        ("fail", 1),
        ("fail", 1, True),
    ),
    _fault(
        "wrong content type on a valid answer (HTTP 200, text/plain)",
        {"status": 200, "body": "@canned", "content_type": "text/plain"},
        ("json", "xml"),
        ("ok", 1),
        ("ok", 1),
    ),
    _fault(
        "well-formed answer of the wrong shape (HTTP 200)",
        {"status": 200, "body": "@wrong-shape"},
        ("json", "xml"),
        ("fail", 1),
        ("fail", 1, True),
    ),
    _fault(
        "oversized answer (MAX_BODY_BYTES + 1 bytes, HTTP 200)",
        {"status": 200, "body": "@oversized"},
        ("json", "xml"),
        ("fail", 1),
        ("fail", 1, True),
        message="larger than",
    ),
    _fault(
        "non-UTF-8 bytes (HTTP 200)",
        {"status": 200, "body_base64": "@non-utf8"},
        ("json", "xml"),
        ("fail", 1),
        ("fail", 1, True),
        message={"json": "not valid UTF-8", "xml": "not well-formed XML"},
    ),
    _fault(
        "deeply nested JSON (%d levels, HTTP 200)" % DEEP_JSON_LEVELS,
        {"status": 200, "body": "@deep-json"},
        ("json",),
        ("fail", 1),
        ("fail", 1, True),
        message="not valid JSON",
    ),
    _fault(
        "XML with a DOCTYPE declaration (HTTP 200)",
        {"status": 200, "body": "@doctype"},
        ("xml",),
        ("fail", 1),
        ("fail", 1, True),
        message="DOCTYPE",
    ),
    _fault(
        "XML external entity (SYSTEM file:///etc/passwd, HTTP 200)",
        {"status": 200, "body": XXE_BODY},
        ("xml",),
        ("fail", 1),
        ("fail", 1, True),
        message="DOCTYPE",
    ),
    _fault(
        "XML entity expansion bomb (billion laughs, HTTP 200)",
        {"status": 200, "body": BILLION_LAUGHS},
        ("xml",),
        ("fail", 1),
        ("fail", 1, True),
        message="DOCTYPE",
    ),
)


def fault_cells():
    """Every (operation, fault) pair of the fault matrix, in a stable order."""
    cells = []
    for operation in OPERATIONS:
        for fault in FAULTS:
            if operation[4] in fault["formats"]:
                cells.append((operation, fault))
    return cells


def cell_id(operation, fault):
    return "%s-%s-%s" % (operation[0], operation[1], fault["name"])


# ---------------------------------------------------------------------------------------------
# Faults on the restore request, run through domain_restore's main() (no double restore).
#
# "executed": the simulator executes the restore before answering badly (execute: true), or for
# the read-timeout case ("late") after the client has given up. Expected result per case:
#   "success": the task succeeds and says restored / pending (a 429 is retried: never executed);
#   "refused", "refused-executed": the task fails with the registrar's or the rate limit's word,
#   without a re-read (a re-run then reports the real state);
#   "lost": the answer was lost, so the restore is not sent again; the module re-reads the domain,
#   up to RECOVERY_READS times, poll_interval apart, while it still looks restorable. An executed
#   restore is found and reported (the provider's lost_outcome, with a warning that the answer was
#   lost); a domain still restorable after every read makes the task fail: whether the restore was
#   executed cannot be determined, check at the registrar (never "run again").

RECOVERY_READS = 3  # mirrors _restore.RECOVERY_READS (a test checks they agree)

RESTORE_PROVIDERS = (
    # (label, simulator service, domain, outcome of an executed restore as the module reports it,
    #  outcome the re-reads find after an executed restore whose answer was lost)
    ("logicboxes", "logicboxes", LB_DOMAIN, "restored", "restored"),
    ("autodns-json", "autodns_json", AUTODNS_RESTORABLE, "pending", "pending"),
    # The gateway shows no running job; the simulator finishes a job on its second poll (each
    # read of the domain counts as one), so the second re-read finds the domain active.
    ("autodns-xml", "autodns_xml", XML_RESTORABLE, "pending", "restored"),
)

RESTORE_FAULTS = (
    # (name, fault spec, executed?, expected kind, restore requests received)
    ("429 Retry-After 0, once", {"status": 429, "headers": {"Retry-After": "0"}}, False, "success", 2),
    ("429 Retry-After 120", {"status": 429, "headers": {"Retry-After": "120"}}, False, "refused", 1),
    ("500 registrar error body", {"status": 500}, False, "refused", 1),
    ("500 registrar error body, executed", {"status": 500, "execute": True}, True, "refused-executed", 1),
    ("500 empty body", {"status": 500, "body": ""}, False, "lost", 1),
    ("500 empty body, executed", {"status": 500, "body": "", "execute": True}, True, "lost", 1),
    ("502 registrar error body", {"status": 502}, False, "lost", 1),
    ("502 registrar error body, executed", {"status": 502, "execute": True}, True, "lost", 1),
    ("503 registrar error body", {"status": 503}, False, "lost", 1),
    ("503 registrar error body, executed", {"status": 503, "execute": True}, True, "lost", 1),
    ("504 registrar error body", {"status": 504}, False, "lost", 1),
    ("504 registrar error body, executed", {"status": 504, "execute": True}, True, "lost", 1),
    (
        "502 HTML page",
        {"status": 502, "body": "@gateway-html", "content_type": "text/html"},
        False,
        "lost",
        1,
    ),
    (
        "502 HTML page, executed",
        {"status": 502, "body": "@gateway-html", "content_type": "text/html", "execute": True},
        True,
        "lost",
        1,
    ),
    ("connection reset", {"action": "reset"}, False, "lost", 1),
    ("connection reset, executed", {"action": "reset", "execute": True}, True, "lost", 1),
    ("connection closed", {"action": "close"}, False, "lost", 1),
    ("connection closed, executed", {"action": "close", "execute": True}, True, "lost", 1),
    ("answer cut mid-body", {"action": "truncate", "status": 200, "body": "@canned"}, False, "lost", 1),
    ("answer cut mid-body, executed", {"action": "truncate", "execute": True}, True, "lost", 1),
    ("read timeout", {"action": "close", "delay": SLOW_DELAY}, False, "lost", 1),
    ("read timeout, executed late", {"action": "hang", "delay": SLOW_DELAY}, "late", "lost", 1),
    ("malformed answer", {"status": 200, "body": "@malformed"}, False, "lost", 1),
    ("malformed answer, executed", {"status": 200, "body": "@malformed", "execute": True}, True, "lost", 1),
    ("oversized answer, executed", {"status": 200, "body": "@oversized", "execute": True}, True, "lost", 1),
    ("DOCTYPE answer, executed", {"status": 200, "body": "@doctype", "execute": True}, True, "lost", 1),
)


def restore_cells():
    cells = []
    for provider in RESTORE_PROVIDERS:
        for fault in RESTORE_FAULTS:
            if fault[0].startswith("DOCTYPE") and provider[0] != "autodns-xml":
                continue
            cells.append((provider, fault))
    return cells


# ---------------------------------------------------------------------------------------------
# Bad inputs: (module, base, override, option named, rule named).
# base names a set of valid arguments (see BASES), completed with the simulator's URL.
# A value of DELETE removes the option from the base.

DELETE = "<delete>"

BASES = {
    "sync": {"domain_id": HOSTUP_DOMAIN_ID, "hostup_api_key": HOSTUP_KEY, "hostup_api_url": "@hostup"},
    "lb": {
        "provider": "logicboxes",
        "domain": LB_DOMAIN,
        "invoice_option": "NoInvoice",
        "logicboxes_auth_userid": LB_USERID,
        "logicboxes_api_key": LB_KEY,
        "logicboxes_api_url": "@logicboxes",
    },
    "rc": {
        "provider": "resellerclub",
        "domain": LB_DOMAIN,
        "invoice_option": "NoInvoice",
        "logicboxes_auth_userid": LB_USERID,
        "logicboxes_api_key": LB_KEY,
        "logicboxes_api_url": "@logicboxes",
    },
    "adj": {
        "provider": "autodns",
        "domain": AUTODNS_RESTORABLE,
        "autodns_username": AUTODNS_USER,
        "autodns_password": AUTODNS_PASSWORD,
        "autodns_api_url": "@autodns",
    },
    "adx": {
        "provider": "autodns",
        "transport": "xml",
        "domain": XML_RESTORABLE,
        "autodns_username": AUTODNS_USER,
        "autodns_password": AUTODNS_PASSWORD,
        "autodns_gateway_url": "@gateway",
    },
}

_INT = "convert to int"
_FLOAT = "convert to float"
_BOOL = "convert to bool"
_CHOICE = "must be one of"
_URL = "must be an http:// or https:// URL with a host name"
_HEADER_ASCII = "must only contain ASCII characters (it is sent in an HTTP header)"

_BAD_DOMAINS = (
    ("", "must not be empty"),
    ("   ", "must not be empty"),
    ("exa mple.com", "must not contain spaces"),
    ("exa\tmple.com", "must not contain spaces"),
    ("example.com\n", "must not contain spaces"),
    (" example.com", "must not contain spaces"),
    ("<script>.com", "must only contain letters, digits, hyphens and dots"),
    ("exa<mple.com", "must only contain letters, digits, hyphens and dots"),
    ("a/b.com", "must only contain letters, digits, hyphens and dots"),
    ("../../etc/passwd", "empty labels"),
    ("a..com", "empty labels"),
    ("..", "must not end with a dot"),
    (".example.com", "empty labels"),
    ("example.com.", "must not end with a dot"),
    ("example.com..", "must not end with a dot"),
    ("x" * 64 + ".com", "labels of at most 63 characters"),
    (".".join(["a" * 63] * 4) + ".com", "at most 253 characters"),
    ("example", "at least two labels"),
    ("-bad.com", "labels of letters, digits and inner hyphens"),
    ("bad-.com", "labels of letters, digits and inner hyphens"),
    ("under_score.com", "labels of letters, digits and inner hyphens"),
    ("1.2.3.4", "top-level domain"),
    ("http://example.com", "must only contain letters, digits, hyphens and dots"),
    ("example.com:80", "must only contain letters, digits, hyphens and dots"),
    ("*.example.com", "must only contain letters, digits, hyphens and dots"),
    ("user@example.com", "must only contain letters, digits, hyphens and dots"),
    ("example.com;rm -rf", "must not contain spaces"),
    ("\u2603.com", "valid domain name"),  # snowman: not allowed in IDNA 2008
    ("\u0301abc.com", "valid domain name"),  # a label may not start with a combining mark
    ("a\u202eb.com", "valid domain name"),  # right-to-left override
    ("exa\u200dmple.com", "valid domain name"),  # zero width joiner outside its context
    ("m\u00fcller..de", "empty labels"),
    ("\u0000.com", "labels of letters, digits and inner hyphens"),
    ("xn--zz.com", "'xn--zz' is not valid punycode"),
)

_LB_REQUIRED = "required for provider logicboxes (or set LOGICBOXES_%s)"
_AD_REQUIRED = "required for provider autodns (or set AUTODNS_%s)"

# Stands for the URL option of the base a case is applied to.
URL_OPTION = "<url option>"
URL_OPTIONS = {
    "sync": "hostup_api_url",
    "lb": "logicboxes_api_url",
    "rc": "logicboxes_api_url",
    "adj": "autodns_api_url",
    "adx": "autodns_gateway_url",
}


def _url_option(base, name):
    return URL_OPTIONS[base] if name == URL_OPTION else name


_COMMON_BAD = (
    ("timeout", 0, "timeout", ">= 0.001"),
    ("timeout", -1, "timeout", ">= 0.001"),
    ("timeout", "soon", "timeout", _FLOAT),
    ("timeout", "nan", "timeout", "timeout must be a finite number"),
    ("timeout", "inf", "timeout", "timeout must be a finite number"),
    ("retries", -1, "retries", "between 0 and 10"),
    ("retries", 11, "retries", "between 0 and 10"),
    ("retries", "many", "retries", _INT),
    ("retries", 2.5, "retries", _INT),
    ("max_retry_wait", -1, "max_retry_wait", ">= 0"),
    ("max_retry_wait", "forever", "max_retry_wait", _FLOAT),
    ("max_retry_wait", "nan", "max_retry_wait", "max_retry_wait must be a finite number"),
    ("validate_certs", "sometimes", "validate_certs", _BOOL),
    # URL: the base's own URL option (hostup_api_url, logicboxes_api_url, ...); an empty one means unset.
    (URL_OPTION, "ftp://127.0.0.1/api", URL_OPTION, _URL),
    (URL_OPTION, "not a url", URL_OPTION, _URL),
    (URL_OPTION, "http://[::1", URL_OPTION, _URL),  # an unclosed IPv6 bracket
    (URL_OPTION, "http://registrar.example:99999/api", URL_OPTION, _URL),  # a port above 65535
    ("no_such_option", 1, "no_such_option", "Unsupported parameters"),
)


def _bad_inputs():
    cases = []

    def add(module, base, override, option, rule):
        cases.append((module, base, override, option, rule))

    # domain_status_sync ------------------------------------------------------------------
    sync_bad = (
        ({"domain_id": "abc"}, "domain_id", _INT),
        ({"domain_id": ""}, "domain_id", _INT),
        ({"domain_id": 1.5}, "domain_id", _INT),
        ({"domain_id": [20629]}, "domain_id", _INT),
        ({"domain_id": {"id": 20629}}, "domain_id", _INT),
        ({"domain_id": 0}, "domain_id", ">= 1"),
        ({"domain_id": -20629}, "domain_id", ">= 1"),
        ({"domain_id": True}, "domain_id", "domain_id must be a number, got a boolean"),
        ({"domain_ids": [20629]}, "domain_id|domain_ids", "mutually exclusive"),
        ({"domain_id": DELETE}, "domain_id, domain_ids", "one of the following is required"),
        ({"domain": "example.se"}, "domain_id|domain_ids|domain", "mutually exclusive"),
        ({"domain_id": DELETE, "domain": "bad name.se"}, "domain", "must not contain spaces"),
        ({"domain_id": DELETE, "domain": "dom_x!"}, "domain", "v2 ids"),
        ({"domain_id": DELETE, "domains": ["example.se", "localhost"]}, "domains", "at least two labels"),
        ({"domain_id": DELETE, "all_domains": "maybe"}, "all_domains", _BOOL),
        ({"domain_id": DELETE, "all_domains": False}, "all_domains", "selects no domain"),
        ({"domain_id": DELETE, "all_domains": True, "service_status": ["gone"]}, "service_status", "one or more of"),
        ({"service_status": ["expired"]}, "service_status", "needs all_domains: true"),
        ({"return_records": "maybe"}, "return_records", _BOOL),
        ({"domain_id": DELETE, "domain_ids": [0]}, "domain_ids", ">= 1"),
        ({"domain_id": DELETE, "domain_ids": [20629, -1]}, "domain_ids", ">= 1"),
        ({"domain_id": DELETE, "domain_ids": ["x"]}, "domain_ids", _INT),
        ({"domain_id": DELETE, "domain_ids": [20629, None]}, "domain_ids", _INT),
        ({"domain_id": DELETE, "domain_ids": "abc"}, "domain_ids", _INT),
        ({"domain_id": DELETE, "domain_ids": {"a": 1}}, "domain_ids", "convert to list"),
        ({"concurrency": 0}, "concurrency", "between 1 and 32"),
        ({"concurrency": 33}, "concurrency", "between 1 and 32"),
        ({"concurrency": "many"}, "concurrency", _INT),
        ({"fail_on_sync_error": "maybe"}, "fail_on_sync_error", _BOOL),
        ({"hostup_api_key": ""}, "hostup_api_key", "is required (or set HOSTUP_API_KEY)"),
        ({"hostup_api_key": "   "}, "hostup_api_key", "is required (or set HOSTUP_API_KEY)"),
        ({"hostup_api_key": DELETE}, "hostup_api_key", "is required (or set HOSTUP_API_KEY)"),
        ({"hostup_api_key": HOSTUP_KEY + "\n"}, "hostup_api_key", "control characters"),
        ({"hostup_api_key": "sim-hostup\tkey"}, "hostup_api_key", "control characters"),
        ({"hostup_api_key": "\u043a\u043b\u044e\u0447-7f3a9c"}, "hostup_api_key", _HEADER_ASCII),
        # 0.1 names are gone; another registrar's credential is not an option here.
        ({"api_key": HOSTUP_KEY}, "api_key", "Unsupported parameters"),
        ({"logicboxes_api_key": LB_KEY}, "logicboxes_api_key", "Unsupported parameters"),
        ({"autodns_password": AUTODNS_PASSWORD}, "autodns_password", "Unsupported parameters"),
    )
    for override, option, rule in sync_bad:
        add("domain_status_sync", "sync", override, option, rule)
    for name, value, option, rule in _COMMON_BAD:
        add("domain_status_sync", "sync", {_url_option("sync", name): value}, _url_option("sync", option), rule)

    # domain_restore ----------------------------------------------------------------------------
    restore_bad = (
        ("lb", {"provider": "godaddy"}, "provider", _CHOICE),
        ("lb", {"provider": ""}, "provider", _CHOICE),
        ("lb", {"provider": "LogicBoxes"}, "provider", _CHOICE),
        ("lb", {"provider": 7}, "provider", _CHOICE),
        ("lb", {"provider": DELETE}, "provider", "missing required arguments"),
        ("lb", {"domain": DELETE}, "domain, order_id", "provider is logicboxes but any of the following are missing"),
        ("adj", {"domain": DELETE}, "domain", "provider is autodns but all of the following are missing"),
        ("lb", {"order_id": "abc"}, "order_id", _INT),
        ("lb", {"order_id": 0}, "order_id", ">= 1"),
        ("lb", {"order_id": -12121212}, "order_id", ">= 1"),
        ("lb", {"order_id": 1.5}, "order_id", _INT),
        ("lb", {"order_id": True}, "order_id", "order_id must be a number, got a boolean"),
        ("adj", {"order_id": LB_ORDER_ID}, "order_id", "only for provider logicboxes"),
        ("adx", {"order_id": LB_ORDER_ID}, "order_id", "only for provider logicboxes"),
        ("lb", {"invoice_option": "Free"}, "invoice_option", _CHOICE),
        ("lb", {"invoice_option": "noinvoice"}, "invoice_option", _CHOICE),
        ("lb", {"invoice_option": DELETE}, "invoice_option", "provider is logicboxes but all of the following"),
        ("rc", {"invoice_option": DELETE}, "invoice_option", "provider is resellerclub but all of the following"),
        ("adj", {"invoice_option": "NoInvoice"}, "invoice_option", "only for provider logicboxes"),
        ("lb", {"logicboxes_auth_userid": DELETE}, "logicboxes_auth_userid", _LB_REQUIRED % "AUTH_USERID"),
        ("lb", {"logicboxes_auth_userid": ""}, "logicboxes_auth_userid", _LB_REQUIRED % "AUTH_USERID"),
        ("lb", {"logicboxes_auth_userid": "  "}, "logicboxes_auth_userid", _LB_REQUIRED % "AUTH_USERID"),
        ("lb", {"logicboxes_api_key": DELETE}, "logicboxes_api_key", _LB_REQUIRED % "API_KEY"),
        ("lb", {"logicboxes_api_key": ""}, "logicboxes_api_key", _LB_REQUIRED % "API_KEY"),
        ("rc", {"logicboxes_api_key": DELETE}, "logicboxes_api_key", "required for provider resellerclub"),
        ("adj", {"autodns_username": DELETE}, "autodns_username", _AD_REQUIRED % "USER"),
        ("adj", {"autodns_username": ""}, "autodns_username", _AD_REQUIRED % "USER"),
        ("adj", {"autodns_password": DELETE}, "autodns_password", _AD_REQUIRED % "PASSWORD"),
        ("adx", {"autodns_password": ""}, "autodns_password", _AD_REQUIRED % "PASSWORD"),
        ("adj", {"autodns_context": "live"}, "autodns_context", _INT),
        ("adj", {"autodns_context": 0}, "autodns_context", ">= 1"),
        ("adx", {"autodns_context": -4}, "autodns_context", ">= 1"),
        ("adj", {"transport": "soap"}, "transport", _CHOICE),
        ("lb", {"transport": "xml"}, "transport", "only for provider autodns"),
        ("rc", {"transport": "xml"}, "transport", "only for provider autodns"),
        ("adj", {"restore_action": "DELETE"}, "restore_action", _CHOICE),
        ("adj", {"restore_action": "restore"}, "restore_action", _CHOICE),
        ("lb", {"restore_action": "RESTORE_RENEW"}, "restore_action", "only for provider autodns"),
        ("adj", {"reply_to": "not-an-email"}, "reply_to", "e-mail address"),
        ("adj", {"reply_to": "host master@example.net"}, "reply_to", "e-mail address"),
        ("adx", {"reply_to": ""}, "reply_to", "e-mail address"),
        ("lb", {"reply_to": "hostmaster@example.net"}, "reply_to", "only for provider autodns"),
        ("adj", {"ctid": ""}, "ctid", "must not be empty"),
        ("adx", {"ctid": "   "}, "ctid", "must not be empty"),
        ("lb", {"ctid": "ticket-4711"}, "ctid", "only for provider autodns"),
        ("adj", {"ctid": "ticket-4711\r\nX-Injected: 1"}, "ctid", "control characters"),
        ("adx", {"ctid": "ticket-4711\u0000"}, "ctid", "control characters"),
        ("lb", {"logicboxes_api_key": LB_KEY + "\r\n"}, "logicboxes_api_key", "control characters"),
        ("lb", {"logicboxes_auth_userid": "654321\n"}, "logicboxes_auth_userid", "control characters"),
        ("adj", {"autodns_username": AUTODNS_USER + "\r\nX-Injected: 1"}, "autodns_username", "control characters"),
        ("adj", {"reply_to": "hostmaster@example.net\r\nBcc: x@example.net"}, "reply_to", "control characters"),
        ("adj", {"rate_limit": -1}, "rate_limit", "between 0 and 100"),
        ("adj", {"rate_limit": 101}, "rate_limit", "between 0 and 100"),
        ("adj", {"rate_limit": "fast"}, "rate_limit", _FLOAT),
        ("lb", {"sandbox": "perhaps"}, "sandbox", _BOOL),
        ("lb", {"wait": "perhaps"}, "wait", _BOOL),
        ("lb", {"wait_timeout": 0}, "wait_timeout", "between 1 and 86400"),
        ("lb", {"wait_timeout": 86401}, "wait_timeout", "between 1 and 86400"),
        ("adj", {"wait_timeout": -5}, "wait_timeout", "between 1 and 86400"),
        ("adj", {"wait_timeout": "long"}, "wait_timeout", _INT),
        ("lb", {"domain_id": 20629}, "domain_id", "Unsupported parameters"),
        ("adj", {"domain_ids": [20629]}, "domain_ids", "Unsupported parameters"),
        # A HostUp key (say from group/domainops.registrar.all) fails closed; 0.1 names are gone.
        ("lb", {"hostup_api_key": HOSTUP_KEY}, "hostup_api_key", "Unsupported parameters"),
        ("adj", {"hostup_api_url": "@hostup"}, "hostup_api_url", "Unsupported parameters"),
        ("lb", {"api_key": LB_KEY}, "api_key", "Unsupported parameters"),
        ("adx", {"password": AUTODNS_PASSWORD}, "password", "Unsupported parameters"),
    )
    for base, override, option, rule in restore_bad:
        add("domain_restore", base, override, option, rule)
    for base in ("lb", "adj", "adx"):
        for value, rule in _BAD_DOMAINS:
            add("domain_restore", base, {"domain": value}, "domain", rule)
    for base in ("lb", "adj", "adx"):
        for name, value, option, rule in _COMMON_BAD:
            if name == URL_OPTION or base == "adj":
                add("domain_restore", base, {_url_option(base, name): value}, _url_option(base, option), rule)
    return cases


BAD_INPUTS = tuple(_bad_inputs())

# Inputs that look unusual but are valid: accepted, normalised, and sent as normalised.
# (module base, override, normalised domain expected in the result and in the request)
ACCEPTED_INPUTS = (
    ("lb", {"domain": "Restore-Me.COM"}, "restore-me.com"),
    ("lb", {"domain": "M\u00fcller.com"}, "xn--mller-kva.com"),
    ("lb", {"domain": "xn--mller-kva.com"}, "xn--mller-kva.com"),
    ("lb", {"domain": "RESTORE-ME.COM", "order_id": "12121212"}, "restore-me.com"),
    ("adj", {"domain": "RESTORE-ME.de"}, "restore-me.de"),
    ("adj", {"domain": "B\u00dcCHER.de"}, "xn--bcher-kva.de"),
    ("adj", {"domain": "b\u00fccher\u3002de"}, "xn--bcher-kva.de"),  # ideographic full stop
    ("adx", {"domain": "Restore-XML.De"}, "restore-xml.de"),
    ("adx", {"domain": "b\u00fccher.DE"}, "xn--bcher-kva.de"),
)


def counts():
    """The numbers docs/reliability-evidence.md quotes, computed from the tables above."""
    cells = fault_cells()
    return {
        "operations": len(OPERATIONS),
        "faults": len(FAULTS),
        "fault_cells": len(cells),
        "fault_cells_expected_ok": sum(1 for operation, fault in cells if fault[operation[3]][0] == "ok"),
        "restore_faults": len(RESTORE_FAULTS),
        "restore_cells": len(restore_cells()),
        "bad_inputs": len(BAD_INPUTS),
        "accepted_inputs": len(ACCEPTED_INPUTS),
    }
