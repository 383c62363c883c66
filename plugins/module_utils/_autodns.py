# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""InterNetX AutoDNS: the restore logic both transports share, and the JSON transport.

``AutoDnsRestore`` decides from normalised reads (restore list, domain inquire, jobs); a transport
subclass only says how each read and the restore are spoken: JSON here, XML in ``_autodns_xml``
(which alone imports lxml).
"""

from __future__ import annotations

from datetime import datetime, timezone

from ansible.module_utils.basic import env_fallback

from ansible_collections.domainops.registrar.plugins.module_utils import _restore as restore
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._http import HttpClient

PROVIDER = "AutoDNS"
LIVE_URL = "https://api.autodns.com/v1"
DEMO_URL = "https://api.demo.autodns.com/v1"
DEFAULT_CONTEXT = 4

# Mirrors the ``domainops.registrar.autodns`` doc fragment. Required-ness depends on the provider,
# so the modules check it; the URLs have no default here because ``sandbox`` picks them.
AUTODNS_ARGUMENT_SPEC = dict(
    autodns_username=dict(type="str", fallback=(env_fallback, ["AUTODNS_USER"])),
    autodns_password=dict(type="str", no_log=True, fallback=(env_fallback, ["AUTODNS_PASSWORD"])),
    autodns_context=dict(type="int", default=DEFAULT_CONTEXT, fallback=(env_fallback, ["AUTODNS_CONTEXT"])),
    autodns_api_url=dict(type="str", fallback=(env_fallback, ["AUTODNS_API_URL"])),
    autodns_gateway_url=dict(type="str", fallback=(env_fallback, ["AUTODNS_GATEWAY_URL"])),
)
# Option name -> environment variable, for the "is required" messages.
ENV_VARS = {
    "autodns_username": "AUTODNS_USER",
    "autodns_password": "AUTODNS_PASSWORD",
    "autodns_context": "AUTODNS_CONTEXT",
    "autodns_api_url": "AUTODNS_API_URL",
    "autodns_gateway_url": "AUTODNS_GATEWAY_URL",
}
RESTORE_ACTIONS = ("RESTORE", "RESTORE_RENEW", "RESTORE_ARGP", "RESTORE_NE")
# The documented limit is 3 requests per second per IP.
DEFAULT_RATE_LIMIT = 3.0
POLL_INTERVAL = 2.0

JOB_FINISHED = ("SUCCESS",)
JOB_REJECTED = ("FAILED", "CANCELED")


def job_state(status):
    if status in JOB_FINISHED:
        return restore.FINISHED
    if status in JOB_REJECTED:
        return restore.REJECTED
    # RUNNING, WAIT, DEFERRED, NOT_SET and SUPPORT: not decided yet.
    return restore.RUNNING


def is_not_found(error):
    """Whether an inquire error means the domain is not in the account (guess: 404 or an E0105... code)."""
    return error.http_status == 404 or bool(error.code and error.code.startswith("E0105"))


def _phase_ended(value):
    """True when a ``restorePhaseEnd`` timestamp lies in the past (unparsable values count as open)."""
    if not value:
        return False
    text = str(value).strip().replace("Z", "+00:00")
    if len(text) > 5 and text[-5] in "+-" and text[-3] != ":":
        text = text[:-2] + ":" + text[-2:]  # 2019-07-01T10:51:27.000+0200 -> +02:00
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return False
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when < datetime.now(timezone.utc)


def message_text(status_text, messages):
    """The status text followed by each message's code and text: branch on codes, show texts."""
    parts = [str(status_text)] if isinstance(status_text, (str, int, float)) and status_text != "" else []
    for message in messages:
        if not isinstance(message, dict):
            continue
        code, text = message.get("code"), message.get("text")
        code = code if isinstance(code, (str, int)) else None
        text = text if isinstance(text, (str, int, float)) else None
        if code or text:
            parts.append("%s: %s" % (code, text) if code and text else str(code or text))
    return "; ".join(parts) or "the registrar reported an error"


class AutoDnsRestore(restore.RestoreProvider):
    """Shared AutoDNS restore logic; transports implement the ``_`` methods."""

    key = "autodns"
    display = PROVIDER
    poll_interval = POLL_INTERVAL
    sees_running_restores = True

    def __init__(self, client, params, domain):
        self.client = client
        self.redactor = client.redactor
        self.domain = domain
        self.action = params["restore_action"]
        self.reply_to = params["reply_to"]
        self.ctid = params["ctid"]
        self.last_stid = None

    def result_extras(self):
        return {"action": self.action}

    def status_after(self, outcome_state):
        return "ACTIVE" if outcome_state == restore.FINISHED else "RESTORE RUNNING"

    def read_state(self):
        item = self._restore_list_item()
        if item is not None:
            if _phase_ended(item.get("restorePhaseEnd")):
                return restore.DomainState(
                    restore.GONE,
                    "DELETED",
                    reason="the restore phase ended at %s" % item.get("restorePhaseEnd"),
                    domain=self.domain,
                    raw=item,
                )
            job = self._running_restore_job()
            if job is not None:
                action = {"job_id": job.get("id"), "action_status": job.get("status")}
                return restore.DomainState(
                    restore.IN_PROGRESS, "RESTORE RUNNING", action=action, domain=self.domain, raw=item
                )
            return restore.DomainState(restore.RESTORABLE, "RESTORABLE", domain=self.domain, raw=item)
        try:
            info = self._domain_info()
        except RegistrarError as exc:
            if not is_not_found(exc):
                raise
            return restore.DomainState(
                restore.UNKNOWN,
                None,
                reason="not in the restore list and not an active domain of this account: "
                "unknown, or past the restore window",
                domain=self.domain,
            )
        status = info.get("registryStatus") or "ACTIVE"
        return restore.DomainState(restore.ACTIVE, status, domain=self.domain, raw=info)

    def restore(self):
        job, status, raw = self._send_restore()
        job = job or {}
        job_status = job.get("status")
        if status.get("type") == "NOTIFY" and not job_status:
            job_status = "RUNNING"
        state = job_state(job_status) if job_status else restore.FINISHED
        return restore.RestoreOutcome(
            state,
            job_status or status.get("type"),
            description=status.get("text"),
            job_id=job.get("id"),
            stid=self.last_stid,
            raw=raw,
        )

    def poll_by_state(self, outcome):
        """Follow a restore without its job: finished once the domain is active again."""
        state = self.read_state()
        if state.kind == restore.ACTIVE:
            return restore.RestoreOutcome(
                restore.FINISHED,
                "SUCCESS",
                job_id=outcome.job_id,
                stid=self.last_stid,
                raw=state.raw,
            )
        if state.kind in (restore.RESTORABLE, restore.IN_PROGRESS):
            return restore.RestoreOutcome(
                restore.RUNNING,
                outcome.action_status,
                description=outcome.description,
                job_id=outcome.job_id,
                stid=self.last_stid,
                raw=outcome.raw,
            )
        return restore.RestoreOutcome(
            restore.REJECTED, "UNKNOWN", description=state.reason, job_id=outcome.job_id, stid=self.last_stid
        )

    # Transport hooks -------------------------------------------------------------------------

    def _restore_list_item(self):
        raise NotImplementedError

    def _running_restore_job(self):
        raise NotImplementedError

    def _domain_info(self):
        raise NotImplementedError

    def _send_restore(self):
        """Return ``(job dict or None, status dict with type/code/text, raw answer)``."""
        raise NotImplementedError

    def poll(self, outcome):
        raise NotImplementedError


def _stid(response):
    body = response.data
    return body.get("stid") if isinstance(body, dict) else None


def _map_json_error(client, operation, response):
    body = response.data
    if not isinstance(body, dict):
        return
    status = body.get("status") if isinstance(body.get("status"), dict) else {}
    if response.ok and status.get("type") != "ERROR":
        return
    if response.status == 429:
        return
    messages = body.get("messages") if isinstance(body.get("messages"), list) else []
    raise client.error(
        operation,
        message_text(status.get("text"), messages),
        response=response,
        code=status.get("code"),
        details=messages,
    )


def create_json_client(params, settings, redactor, sleep=None):
    headers = {"X-Domainrobot-Context": str(params["autodns_context"]), "Content-Type": "application/json"}
    options = {
        "headers": headers,
        "auth": (params["autodns_username"], params["autodns_password"]),
        "error_mapper": _map_json_error,
        "request_id_of": _stid,
        "rate_limit": params["rate_limit"] or None,
    }
    if sleep is not None:
        options["sleep"] = sleep
    return HttpClient(PROVIDER, params["autodns_api_url"], settings, redactor, **options)


class AutoDnsJsonRestore(AutoDnsRestore):
    """AutoDNS over the JSON API: restore list, domain inquire, ``/domain/{name}/_restore`` and jobs."""

    def _data(self, response, operation):
        body = response.data
        if not isinstance(body, dict):
            raise self.client.error(operation, "expected a JSON object", response=response)
        self.last_stid = body.get("stid")
        data = body.get("data")
        return body, data if isinstance(data, list) else []

    def _restore_list_item(self):
        query = {"filters": [{"key": "name", "value": self.domain, "operator": "EQUAL"}], "view": {"limit": 1}}
        response = self.client.request(
            "restore-search", "POST", "domain/restore/_search", json_body=query, repeatable=True
        )
        _body, items = self._data(response, "restore-search")
        for item in items:
            if isinstance(item, dict) and str(item.get("name", "")).lower() == self.domain:
                return item
        return None

    def _running_restore_job(self):
        # Guess (API-NOTES: "POST /job/_search lists jobs"): filter on the job's object and status.
        query = {
            "filters": [
                {"key": "object", "value": self.domain, "operator": "EQUAL"},
                {"key": "status", "value": "RUNNING", "operator": "EQUAL"},
            ],
            "view": {"limit": 10},
        }
        response = self.client.request("job-search", "POST", "job/_search", json_body=query, repeatable=True)
        _body, jobs = self._data(response, "job-search")
        for job in jobs:
            running = isinstance(job, dict) and job_state(job.get("status")) == restore.RUNNING
            if running and str(job.get("action") or "RESTORE").upper().startswith("RESTORE"):
                return job
        return None

    def _domain_info(self):
        response = self.client.request("domain-info", "GET", "domain/%s" % self.domain, repeatable=True)
        _body, items = self._data(response, "domain-info")
        if not items or not isinstance(items[0], dict):
            raise self.client.error("domain-info", "the answer holds no domain", response=response)
        return items[0]

    def _send_restore(self):
        params = {"replyTo": self.reply_to} if self.reply_to else None
        headers = {"X-Domainrobot-Ctid": self.ctid} if self.ctid else None
        response = self.client.request(
            "restore",
            "PUT",
            "domain/%s/_restore" % self.domain,
            json_body={"action": self.action},
            params=params,
            headers=headers,
            repeatable=False,
        )
        body = response.data
        if not isinstance(body, dict) or not isinstance(body.get("status"), dict):
            raise self.client.error(
                "restore", "the answer is not an AutoDNS envelope", response=response, maybe_executed=True
            )
        self.last_stid = body.get("stid")
        jobs = body.get("data") if isinstance(body.get("data"), list) else []
        job = jobs[0] if jobs and isinstance(jobs[0], dict) else None
        return job, body["status"], body

    def poll(self, outcome):
        if outcome.job_id is None:
            # The NOTIFY answer named no job: follow the domain instead of asking for job "None".
            return self.poll_by_state(outcome)
        response = self.client.request("job-info", "GET", "job/%s" % outcome.job_id, repeatable=True)
        body, jobs = self._data(response, "job-info")
        job = jobs[0] if jobs and isinstance(jobs[0], dict) else {}
        status = job.get("status") or outcome.action_status
        return restore.RestoreOutcome(
            job_state(status),
            status,
            description=outcome.description,
            job_id=outcome.job_id,
            stid=self.last_stid,
            raw=body,
        )
