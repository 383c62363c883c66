# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""AutoDNS over the JSON API: restore list, domain info, ``/domain/{name}/_restore`` and jobs.

Requests and answers follow InterNetX's OpenAPI 2.0 specification (the contract tests check every
request built here against it); the facts and their sources are in docs/registrar-apis.md.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.domainops.registrar.plugins.module_utils import _restore as restore
from ansible_collections.domainops.registrar.plugins.module_utils._autodns.base import (
    JOB_RUNNING,
    PROVIDER,
    AutoDnsRestore,
    is_restore_action,
    job_domain,
    job_of,
    job_state,
    message_text,
    unknown_job_status_warning,
)
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._http import Api, HttpClient, HttpResponse

LIVE_URL = "https://api.autodns.com/v1"
DEMO_URL = "https://api.demo.autodns.com/v1"

# List answers carry few fields unless asked (docs/registrar-apis.md AD-RL-3): ask for the deadline.
RESTORE_LIST_KEYS = ("restorePhaseEnd",)
# A job search names the job's object and action only when asked (AD-JOB-2).
JOB_SEARCH_KEYS = ("object", "action")


def _stid(response: HttpResponse) -> str | None:
    body = response.data
    return body.get("stid") if isinstance(body, dict) else None


def _map_json_error(client: HttpClient, operation: str, response: HttpResponse) -> None:
    body = response.data
    if not isinstance(body, dict):
        return
    status: dict[str, Any] = body["status"] if isinstance(body.get("status"), dict) else {}
    if response.ok and status.get("type") != "ERROR":
        return
    if response.status == 429:
        return
    messages: list[Any] = body["messages"] if isinstance(body.get("messages"), list) else []
    raise client.error(
        operation,
        message_text(status.get("text"), messages),
        response=response,
        code=status.get("code"),
        details=messages,
    )


def api(params: dict) -> Api:
    """The JSON API as an ``HttpClient`` sees it: Basic auth and the context header (AD-AUTH-1)."""
    return Api(
        PROVIDER,
        params["autodns_api_url"],
        headers={"X-Domainrobot-Context": str(params["autodns_context"]), "Content-Type": "application/json"},
        auth=(params["autodns_username"], params["autodns_password"]),
        error_mapper=_map_json_error,
        request_id_of=_stid,
        rate_limit=params.get("rate_limit") or None,
    )


class AutoDnsJsonRestore(AutoDnsRestore):
    """AutoDNS over the JSON API."""

    def _data(self, response: HttpResponse, operation: str) -> tuple:
        body = response.data
        if not isinstance(body, dict):
            raise self.client.error(operation, "expected a JSON object", response=response)
        self.last_stid = body.get("stid")
        data = body.get("data")
        return body, data if isinstance(data, list) else []

    def _owner_headers(self) -> dict | None:
        """Act for the subuser owning the domain (docs/registrar-apis.md AD-OWN-1, AD-OWN-2)."""
        if not self.owner:
            return None
        return {
            "X-Domainrobot-Owner-User": str(self.owner["user"]),
            "X-Domainrobot-Owner-Context": str(self.owner["context"]),
        }

    def _restore_page(self, domain: str | None, like: str | None, offset: int, limit: int) -> tuple[list[dict], bool]:
        filters = []
        if domain is not None:
            filters.append({"key": "name", "value": domain.lower(), "operator": "EQUAL"})
        elif like is not None:
            filters.append({"key": "name", "value": like, "operator": "LIKE"})
        # children: subusers' domains too (AD-RL-5); keys[]: the deadline (AD-RL-3).
        query: dict = {"view": {"limit": limit, "offset": offset, "children": True}}
        if filters:
            query["filters"] = filters
        response = self.client.request(
            "restore-search",
            "POST",
            "domain/restore/_search",
            json_body=query,
            params={"keys[]": list(RESTORE_LIST_KEYS)},
            repeatable=True,
        )
        body, items = self._data(response, "restore-search")
        items = [item for item in items if isinstance(item, dict) and item.get("name")]
        for item in items:
            self._last_items[str(item["name"]).lower()] = item
        obj = body.get("object") if isinstance(body.get("object"), dict) else {}
        summary = obj.get("summary")
        if isinstance(summary, int) and not isinstance(summary, bool):
            more = offset + len(items) < summary
        else:
            # No total given: a full page may have a successor (AD-RL-2).
            more = len(items) >= limit
        return items, more

    def _running_restore_job(self) -> dict | None:
        # The filters narrow the answer; each item is still checked here, never trusted (AD-JOB-4).
        query = {
            "filters": [
                {"key": "object", "value": self.domain, "operator": "EQUAL", "link": "AND"},
                {"key": "status", "values": list(JOB_RUNNING), "operator": "IN", "link": "AND"},
            ],
            "view": {"limit": 10, "offset": 0, "children": True},
        }
        response = self.client.request(
            "job-search",
            "POST",
            "job/_search",
            json_body=query,
            params={"keys[]": list(JOB_SEARCH_KEYS)},
            repeatable=True,
        )
        _body, items = self._data(response, "job-search")
        for item in items:
            job = job_of(item)
            if job_domain(item) != self.domain:
                continue
            if job.get("status") in JOB_RUNNING and is_restore_action(job.get("action")):
                return job
        return None

    def _domain_info(self) -> dict:
        response = self.client.request("domain-info", "GET", "domain/%s" % self.domain, repeatable=True)
        _body, items = self._data(response, "domain-info")
        if not items or not isinstance(items[0], dict):
            raise self.client.error("domain-info", "the answer holds no domain", response=response)
        return items[0]

    def _send_restore(self) -> tuple[dict | None, dict, Any]:
        params = {}
        if self.reply_to:
            params["replyTo"] = self.reply_to
        if self.ctid:
            params["ctid"] = self.ctid  # the documented query parameter (AD-ENV-5)
        response = self.client.request(
            "restore",
            "PUT",
            "domain/%s/_restore" % self.domain,
            json_body={"action": self.action},
            params=params or None,
            headers=self._owner_headers(),
            repeatable=False,
        )
        body = response.data
        if not isinstance(body, dict) or not isinstance(body.get("status"), dict):
            raise self.client.error(
                "restore", "the answer is not an AutoDNS envelope", response=response, maybe_executed=True
            )
        self.last_stid = body.get("stid")
        jobs = body.get("data") if isinstance(body.get("data"), list) else []
        # The restore answer is a flat Job (AD-RST-1); an ObjectJob is tolerated.
        job = job_of(jobs[0]) if jobs and isinstance(jobs[0], dict) else None
        return job, body["status"], body

    def _job_answer(self, operation: str, path: str) -> tuple:
        """``(job or None, body)`` of a job read; a 404 reads as "no job here"."""
        try:
            response = self.client.request(operation, "GET", path, headers=self._owner_headers(), repeatable=True)
        except RegistrarError as exc:
            if exc.http_status == 404:
                return None, None
            raise
        body, items = self._data(response, operation)
        job = job_of(items[0]) if items else {}
        return (job if job.get("status") else None), body

    def poll(self, outcome: restore.RestoreOutcome) -> restore.RestoreOutcome:
        if outcome.job_id is None:
            # The NOTIFY answer named no job: follow the domain instead of asking for job "None".
            return self.poll_by_state(outcome)
        # A finished job may have left /job/{id} for /job/history/{id} (AD-JOB-1, AD-JOB-3).
        job, body = self._job_answer("job-info", "job/%s" % outcome.job_id)
        if job is None:
            job, body = self._job_answer("job-history", "job/history/%s" % outcome.job_id)
        if job is None:
            # Neither place knows the job (yet): the domain's own state says how far it got.
            return self.poll_by_state(outcome)
        status = job["status"]
        return restore.RestoreOutcome(
            job_state(status),
            status,
            description=outcome.description,
            job_id=outcome.job_id,
            stid=self.last_stid,
            raw=body,
            warning=unknown_job_status_warning(status),
        )
