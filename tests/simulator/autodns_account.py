# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""AutoDNS (InterNetX Domainrobot) account, shared by the JSON API (autodns_json.py) and the
XML gateway (autodns_xml.py): logins and their subusers, restorable domains (with owners),
domains, restore jobs, how jobs move on and into the job history, plus the Query filters both
transports search with. Besides the seed file, the account gets generated restorable domains
(GENERATED_COUNT, spread over the caller and two subusers) and a few special ones (SPECIAL_DOMAINS)
when it is first used. Sources and guesses: docs/registrar-apis.md and README.md beside this file.
"""

from __future__ import annotations

import copy
import datetime
import re
import time

from core import iso_autodns, secret_for, utc_now


def unicode_name(name):
    """müller.com for xn--mller-kva.com; None when the name is not an IDN."""
    if "xn--" not in name:
        return None
    try:
        return name.encode("ascii").decode("idna")
    except (UnicodeError, ValueError):
        return None


# ---------------------------------------------------------------------------
# Query filters (JSON Query objects; the XML gateway's <where> is turned into the same)
# ---------------------------------------------------------------------------


class QueryError(ValueError):
    pass


_OPERATORS = {
    "EQUAL",
    "NOT_EQUAL",
    "LIKE",
    "ILIKE",
    "NOT_LIKE",
    "IN",
    "NOT_IN",
    "IS_NULL",
    "IS_NOT_NULL",
    "GREATER",
    "GREATER_EQUAL",
    "LESS",
    "LESS_EQUAL",
    "NOT_LESS",
    "NOT_GREATER",
    "NOT_LESS_EQUAL",
    "NOT_GREATER_EQUAL",
}


def _like(pattern, actual):
    regex = re.escape(pattern).replace(r"\*", ".*").replace("%", ".*")
    return re.fullmatch(regex, actual, re.IGNORECASE) is not None


def _compare(operator, actual, value, values):
    if operator == "IS_NULL":
        return actual is None
    if operator == "IS_NOT_NULL":
        return actual is not None
    if actual is None:
        return operator in ("NOT_EQUAL", "NOT_LIKE", "NOT_IN")
    actual = str(actual).lower()
    value = "" if value is None else str(value).lower()
    candidates = [str(item).lower() for item in (values or [value])]
    checks = {
        "EQUAL": lambda: actual == value,
        "NOT_EQUAL": lambda: actual != value,
        "LIKE": lambda: _like(value, actual),
        "ILIKE": lambda: _like(value, actual),
        "NOT_LIKE": lambda: not _like(value, actual),
        "IN": lambda: actual in candidates,
        "NOT_IN": lambda: actual not in candidates,
        "GREATER": lambda: actual > value,
        "NOT_LESS_EQUAL": lambda: actual > value,
        "GREATER_EQUAL": lambda: actual >= value,
        "NOT_LESS": lambda: actual >= value,
        "LESS": lambda: actual < value,
        "NOT_GREATER_EQUAL": lambda: actual < value,
        "LESS_EQUAL": lambda: actual <= value,
        "NOT_GREATER": lambda: actual <= value,
    }
    return checks[operator]()


def validate_filters(filters, allowed_keys):
    if filters is None:
        return
    if not isinstance(filters, list):
        raise QueryError("filters must be a list")
    for flt in filters:
        if not isinstance(flt, dict):
            raise QueryError("a filter must be an object")
        if flt.get("key") is not None:
            if str(flt["key"]).lower() not in allowed_keys:
                raise QueryError("Ungültiger Filterschlüssel: %s" % flt["key"])
            if str(flt.get("operator") or "EQUAL").upper() not in _OPERATORS:
                raise QueryError("Ungültiger Operator: %s" % flt.get("operator"))
        link = str(flt.get("link") or "AND").upper()
        if link not in ("AND", "OR"):
            raise QueryError("Ungültige Verknüpfung: %s" % flt.get("link"))
        validate_filters(flt.get("filters"), allowed_keys)


def filters_match(filters, fields):
    """Evaluate filters left to right; each filter's `link` (AND default) joins it to the result
    so far, and nested `filters` are evaluated the same way and ANDed with the filter's own
    condition. (How AutoDNS really nests links is not documented: guess.)"""
    result = None
    for flt in filters or []:
        ok = True
        if flt.get("key") is not None:
            ok = _compare(
                str(flt.get("operator") or "EQUAL").upper(),
                fields.get(str(flt["key"]).lower()),
                flt.get("value"),
                flt.get("values"),
            )
        if flt.get("filters"):
            ok = ok and filters_match(flt["filters"], fields)
        if result is None:
            result = ok
        elif str(flt.get("link") or "AND").upper() == "OR":
            result = result or ok
        else:
            result = result and ok
    return True if result is None else result


def apply_view(items, view):
    view = view if isinstance(view, dict) else {}
    try:
        offset = max(0, int(view.get("offset") or 0))
        limit = view.get("limit")
        limit = None if limit in (None, "") else max(0, int(limit))
    except (TypeError, ValueError):
        raise QueryError("Ungültige Ansicht (view)") from None
    return items[offset:] if limit is None else items[offset : offset + limit]


# ---------------------------------------------------------------------------
# The account: logins, restorable domains, domains and jobs
# ---------------------------------------------------------------------------

RESTORE_ACTIONS = ("RESTORE", "RESTORE_RENEW", "RESTORE_ARGP", "RESTORE_NE")
JOB_RUNNING_STATES = ("RUNNING", "WAIT", "DEFERRED", "SUPPORT", "NOT_SET")
RESTORE_LIST_KEYS = {
    "name",
    "idn",
    "sld",
    "tld",
    "subtld",
    "deleted",
    "restorephaseend",
    "expire",
    "payable",
    "action",
    "registrystatus",
    "created",
    "updated",
    "status",
    "parking",
    "certificate",
    "adminc",
    "cancelation",
    "zonec",
    "nserver",
    "techc",
    "nsentry",
    "dnssec",
    "period",
    "autorenew",
    "domainsafe",
    "comment",
    "ownerc",
    "remarks",
    "authinfo",
}
JOB_KEYS = {
    "id",
    "status",
    "action",
    "object",
    "domain",
    "created",
    "updated",
    "execution",
    "parent",
    "substatus",
    "type",
    "subtype",
}
JOB_PUBLIC_KEYS = (
    "created",
    "updated",
    "owner",
    "updater",
    "status",
    "subStatus",
    "execution",
    "subType",
    "action",
    "id",
)
DEFAULT_NAMESERVERS = ["a.ns14.net", "b.ns14.net", "c.ns14.net", "d.ns14.net"]

# Subusers every seeded login has (docs/registrar-apis.md AD-OWN-1, AD-RL-5).
DEFAULT_SUBUSERS = ({"user": "customer1", "context": 4}, {"user": "customer2", "context": 4})
# Generated restorable domains: enough that a listing needs several pages.
GENERATED_COUNT = 66
# Reads of a finished job at /job/{id} before it moves to the job history (AD-JOB-3). A
# restorable item's `history_after_reads` overrides it for its restore job.
HISTORY_AFTER_READS = 1
# Restorable domains added in code: name -> (owner index into the subusers or None, extra fields).
SPECIAL_DOMAINS = {
    # A subuser's domain: listed only with view.children, restored only for its owner.
    "customer-shop.de": (1, {}),
    # The current restore phase ended already: the restore is still accepted (AD-RL-4).
    "past-phase.de": (None, {"restorePhaseEnd": -2}),
    # Its finished restore job leaves /job/{id} at once and is found in the job history only.
    "history-restore.de": (None, {"history_after_reads": 0}),
    # The XML gateway accepts its restore with an empty <data/> (AX-3).
    "empty-answer.de": (None, {"xml_empty_answer": True}),
}


def _restorable_item(now, deadline_days, extra=None):
    item = {
        "deleted": iso_autodns(now - datetime.timedelta(days=5)),
        "restorePhaseEnd": iso_autodns(now + datetime.timedelta(days=deadline_days)),
        "expire": iso_autodns(now - datetime.timedelta(days=6)),
        "payable": iso_autodns(now - datetime.timedelta(days=6)),
        "registryStatus": "NONE",
        "domainCreated": iso_autodns(now - datetime.timedelta(days=1200)),
    }
    item.update(extra or {})
    return item


def add_generated(state):
    """Add the subusers, the special and the generated restorable domains to a freshly loaded state."""
    if state.get("generated_added"):
        return
    state["generated_added"] = True
    accounts = state.setdefault("accounts", [])
    for account in accounts:
        account.setdefault("subusers", [dict(user) for user in DEFAULT_SUBUSERS])
    if not accounts:
        return
    main = {"user": accounts[0].get("user"), "context": int(accounts[0].get("context", 4))}
    owners = [main] + [dict(user) for user in accounts[0]["subusers"]]
    now = utc_now().replace(microsecond=0)
    restorable = state.setdefault("restorable", {})
    for name, (owner_index, extra) in SPECIAL_DOMAINS.items():
        extra = dict(extra)
        days = extra.pop("restorePhaseEnd", 25)
        item = _restorable_item(now, days, extra)
        if owner_index is not None and owner_index < len(owners):
            item["owner"] = dict(owners[owner_index])
        restorable.setdefault(name, item)
    for number in range(1, GENERATED_COUNT + 1):
        item = _restorable_item(now, 1 + number % 30)
        owner = owners[number % len(owners)]
        if owner != main:
            item["owner"] = dict(owner)
        restorable.setdefault("paged-%03d.de" % number, item)


class RestoreRefused(Exception):
    """A restore the account refuses: carries the message code and (German) text."""

    def __init__(self, http_status, msg_code, text):
        super().__init__(text)
        self.http_status = http_status
        self.msg_code = msg_code
        self.text = text


class AutoDnsAccount:
    def __init__(self, sim):
        self.sim = sim

    @property
    def state(self):
        state = self.sim.state["autodns"]
        add_generated(state)
        return state

    @staticmethod
    def identity(account):
        return {"user": account.get("user"), "context": int(account.get("context", 4))}

    def acting_for(self, account, owner_user, owner_context):
        """The identity a request acts for: the caller, or the subuser it names (owner headers /
        <owner>). None when it names someone who is not a subuser of the caller."""
        if not owner_user:
            return self.identity(account)
        try:
            context = int(owner_context) if owner_context not in (None, "") else int(account.get("context", 4))
        except ValueError:
            return None
        wanted = {"user": owner_user, "context": context}
        if wanted == self.identity(account):
            return wanted
        for subuser in account.get("subusers", []):
            if {"user": subuser.get("user"), "context": int(subuser.get("context", 4))} == wanted:
                return wanted
        return None

    def owner_of(self, item, account):
        return dict(item["owner"]) if isinstance(item.get("owner"), dict) else self.identity(account)

    def visible(self, item, account, viewer, children):
        """Whether a list shows an object: the viewer's own, or with children also its subusers' ones."""
        owner = self.owner_of(item, account)
        return owner == viewer or (children and viewer == self.identity(account))

    def authenticate(self, user, password, context):
        for account in self.state.get("accounts", []):
            if (
                user == account.get("user")
                and password == account.get("password")
                and str(context).strip() == str(account.get("context"))
            ):
                return account
        return None

    # -- jobs --------------------------------------------------------------------

    def advance_jobs(self, domains=(), job_id=None):
        """Move RUNNING jobs on. A read that targets a job (job info, or any read of its domain
        through either door) counts as one poll; a job finishes on its job_polls-th poll, or
        once job_seconds have passed when that is configured."""
        now = time.time()
        targets = {name.lower() for name in domains}
        for job in self.state.setdefault("jobs", {}).values():
            if job.get("status") != "RUNNING":
                continue
            job.setdefault("created_ts", now)
            if job.get("domain", "").lower() in targets or (job_id is not None and job.get("id") == job_id):
                job["polls"] = int(job.get("polls", 0)) + 1
            due_by_polls = int(job.get("polls", 0)) >= int(job.get("job_polls", 2))
            seconds = job.get("job_seconds")
            due_by_time = seconds is not None and now - float(job["created_ts"]) >= float(seconds)
            if due_by_polls or due_by_time:
                self._finish(job)

    def _finish(self, job):
        name = job.get("domain", "")
        job["updated"] = iso_autodns()
        job.setdefault("history_after_reads", HISTORY_AFTER_READS)
        if job.get("outcome", "SUCCESS") != "SUCCESS":
            job["status"] = job.get("outcome")
            return
        job["status"] = "SUCCESS"
        item = self.state.setdefault("restorable", {}).pop(name, None) or {}
        now = utc_now()
        expire = item.get("expire") or iso_autodns(now)
        if expire < iso_autodns(now) or job.get("action") == "RESTORE_RENEW":
            expire = iso_autodns(now.replace(microsecond=0) + datetime.timedelta(days=365))
        self.state.setdefault("domains", {})[name] = {
            "created": item.get("domainCreated") or item.get("created") or iso_autodns(now),
            "updated": iso_autodns(now),
            "authinfo": item.get("authinfo") or secret_for("AUTHINFO-SECRET", name),
            "expire": expire,
            "payable": expire,
            "nameServers": item.get("nameServers") or list(DEFAULT_NAMESERVERS),
            "action": job.get("action", "RESTORE"),
        }
        if item.get("owner"):
            self.state["domains"][name]["owner"] = dict(item["owner"])

    def running_job(self, name):
        for job in self.state.get("jobs", {}).values():
            if job.get("status") in JOB_RUNNING_STATES and job.get("domain", "").lower() == name.lower():
                return job
        return None

    def job(self, job_id):
        """The job at /job/{id}: a finished job moves to the history after some reads (AD-JOB-3)."""
        self.advance_jobs(job_id=job_id)
        jobs = self.state.get("jobs", {})
        job = jobs.get(str(job_id))
        if job is None or job.get("status") in JOB_RUNNING_STATES:
            return job
        left = int(job.get("history_after_reads", HISTORY_AFTER_READS))
        if left <= 0:
            self.state.setdefault("job_history", {})[str(job_id)] = jobs.pop(str(job_id))
            return None
        job["history_after_reads"] = left - 1
        return job

    def history_job(self, job_id):
        """A finished job, from the history or still at /job/{id}; running jobs are not history."""
        self.advance_jobs(job_id=job_id)
        job = self.state.get("job_history", {}).get(str(job_id)) or self.state.get("jobs", {}).get(str(job_id))
        if job is None or job.get("status") in JOB_RUNNING_STATES:
            return None
        return job

    @staticmethod
    def job_view(job):
        """A flat Job, as the restore answer carries it (AD-RST-1)."""
        return {key: copy.deepcopy(job[key]) for key in JOB_PUBLIC_KEYS if job.get(key) is not None}

    @classmethod
    def object_job(cls, job, keys=None):
        """An ObjectJob, as job info, job history and job search answer (AD-JOB-1, AD-JOB-2).

        ``keys`` (a list answer's requested keys) limits the job to id, status and those keys, and
        adds the object only when asked for; None gives the full item (job info).
        """
        view = cls.job_view(job)
        if keys is not None:
            wanted = {key.lower() for key in keys}
            view = {key: value for key, value in view.items() if key in ("id", "status") or key.lower() in wanted}
            if "object" not in wanted:
                return {"job": view}
        return {"job": view, "object": {"type": "Domain", "value": job.get("domain")}}

    @staticmethod
    def _job_fields(job):
        return {
            "id": job.get("id"),
            "status": job.get("status"),
            "action": job.get("action"),
            "object": job.get("domain"),
            "domain": job.get("domain"),
            "created": job.get("created"),
            "updated": job.get("updated"),
            "execution": job.get("execution"),
            "type": "DOMAIN",
            "subtype": job.get("subType"),
            "substatus": job.get("subStatus"),
        }

    def search_jobs(self, filters, view, account, viewer, keys=None):
        """(total, ObjectJob items) of the current jobs (not the history) the viewer may see."""
        validate_filters(filters, JOB_KEYS)
        children = bool((view or {}).get("children")) if isinstance(view, dict) else False
        jobs = sorted(self.state.get("jobs", {}).values(), key=lambda job: int(job.get("id", 0)))
        matching = [
            job
            for job in jobs
            if self.visible(job, account, viewer, children) and filters_match(filters, self._job_fields(job))
        ]
        return len(matching), [self.object_job(job, keys) for job in apply_view(matching, view)]

    # -- restore list, domain info, restore ------------------------------------

    @staticmethod
    def _restore_fields(name, item):
        sld, _sep, tld = name.partition(".")
        return {
            "name": name,
            "idn": unicode_name(name) or name,
            "sld": sld,
            "tld": tld,
            "deleted": item.get("deleted"),
            "restorephaseend": item.get("restorePhaseEnd"),
            "expire": item.get("expire"),
            "payable": item.get("payable"),
            "action": "RESTORE",
            "registrystatus": item.get("registryStatus", "NONE"),
        }

    def restore_list(self, filters, view, account, viewer):
        """(total, [(name, item)]) of restorable domains matching the filters that the viewer sees:
        its own, and with view.children also its subusers' ones (AD-RL-5)."""
        validate_filters(filters, RESTORE_LIST_KEYS)
        children = str((view or {}).get("children") or "").lower() in ("true", "1")

        def matching():
            items = sorted(self.state.get("restorable", {}).items())
            return [
                (name, item)
                for name, item in items
                if self.visible(item, account, viewer, children)
                and filters_match(filters, self._restore_fields(name, item))
            ]

        # Reading a domain in the list is a poll of its running restore job.
        self.advance_jobs(domains=[entry[0] for entry in matching()])
        found = matching()
        return len(found), apply_view(found, view)

    def restore_item(self, name, item, account, keys=()):
        """The restore list entry: name, action and owner plus only the requested keys (AD-RL-3);
        never the authinfo."""
        entry = {"name": name, "action": "RESTORE", "owner": self.owner_of(item, account)}
        values = {
            "idn": unicode_name(name),
            "deleted": item.get("deleted"),
            "restorePhaseEnd": item.get("restorePhaseEnd"),
            "expire": item.get("expire"),
            "payable": item.get("payable"),
            "registryStatus": item.get("registryStatus", "NONE"),
        }
        wanted = {key.lower() for key in keys}
        for key, value in values.items():
            if key.lower() in wanted and value:
                entry[key] = value
        return entry

    def domain(self, name):
        name = name.lower()
        self.advance_jobs(domains=[name])
        return self.state.get("domains", {}).get(name)

    def start_restore(self, name, action, account, actor, reply_to=None, ctid=None, transport="json"):
        """Create the restore job for ``actor`` (the caller or the subuser it acts for);
        RestoreRefused when the account says no. A subuser's domain is restored only when the
        request acts for its owner (guess: docs/registrar-apis.md AD-OWN-2)."""
        name = name.lower()
        self.advance_jobs()
        if actor is None:
            raise RestoreRefused(403, "EF00050", "Keine Berechtigung für den angegebenen Benutzer (owner).")
        if action not in RESTORE_ACTIONS:
            raise RestoreRefused(400, "EF01011", "Ungültige Aktion für die Wiederherstellung: %s." % action)
        item = self.state.get("restorable", {}).get(name)
        if item is None:
            raise RestoreRefused(400, "EF01005", "Die Domain %s ist nicht wiederherstellbar." % name)
        if self.owner_of(item, account) != actor:
            raise RestoreRefused(404, "EF01030", "Die Domain %s ist für diesen Benutzer nicht vorhanden." % name)
        if self.running_job(name):
            raise RestoreRefused(
                400, "EF01006", "Für die Domain %s läuft bereits ein Auftrag (job already running)." % name
            )
        counters = self.state.setdefault("counters", {})
        job_id = int(counters.get("next_job_id", 4297543154))
        counters["next_job_id"] = job_id + 1
        now = iso_autodns()
        user = {"context": int(account.get("context", 4)), "user": account.get("user")}
        job = {
            "history_after_reads": int(item.get("history_after_reads", HISTORY_AFTER_READS)),
            "id": job_id,
            "status": "RUNNING",
            "action": action,
            "created": now,
            "updated": now,
            "execution": now,
            "owner": dict(actor),
            "updater": dict(user),
            # simulation bookkeeping, not shown in answers:
            "domain": name,
            "polls": 0,
            "job_polls": int(item.get("job_polls", 2)),
            "job_seconds": item.get("job_seconds", self.state.get("job_seconds")),
            "outcome": item.get("restore_outcome", "SUCCESS"),
            "created_ts": time.time(),
            "reply_to": reply_to,
            "ctid": ctid,
            "transport": transport,
        }
        self.state.setdefault("jobs", {})[str(job_id)] = job
        return job

    def domain_view(self, name, domain, account):
        user = {"context": int(account.get("context", 4)), "user": account.get("user")}
        view = {
            "created": domain.get("created"),
            "updated": domain.get("updated") or domain.get("created"),
            "owner": dict(domain["owner"]) if isinstance(domain.get("owner"), dict) else dict(user),
            "updater": dict(user),
            "name": name,
        }
        if unicode_name(name):
            view["idn"] = unicode_name(name)
        view.update(
            {
                "domainCreated": domain.get("created"),
                "registryStatus": "ACTIVE",
                "nameServers": [{"name": host} for host in domain.get("nameServers") or DEFAULT_NAMESERVERS],
                "period": {"unit": "YEAR", "period": 1},
                "trustee": False,
                "privacy": False,
                "authinfo": domain.get("authinfo") or secret_for("AUTHINFO-SECRET", name),
                "domainsafe": False,
                "expire": domain.get("expire"),
                "payable": domain.get("payable") or domain.get("expire"),
                "action": domain.get("action", "CREATE"),
                "autoRenewStatus": "TRUE",
            }
        )
        return {key: value for key, value in view.items() if value is not None}
