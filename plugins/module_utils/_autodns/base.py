# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""InterNetX AutoDNS: the rules both transports share.

``AutoDnsRestore`` decides from normalised reads (restore list, domain inquire, jobs); a transport
subclass (``json_api``, ``xml_gateway``) only says how each read and the restore are spoken and
hands back plain dicts. Every API fact used here is listed with its source in
docs/registrar-apis.md (ids ``AD-...`` for the JSON API, ``AX-...`` for the XML gateway).
"""

from __future__ import annotations

import abc
import fnmatch
from typing import Any

from ansible.module_utils.basic import env_fallback

from ansible_collections.domainops.registrar.plugins.module_utils import _restore as restore
from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._http import HttpClient
from ansible_collections.domainops.registrar.plugins.module_utils._restore import RestoreOutcome

PROVIDER = "AutoDNS"
DEFAULT_CONTEXT = 4

# Mirrors the ``domainops.registrar._autodns`` doc fragment. Required-ness depends on the provider,
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
# The documented limit is 3 requests per second per IP (docs/registrar-apis.md AD-RATE-1).
DEFAULT_RATE_LIMIT = 3.0
POLL_INTERVAL = 2.0

# Job states (docs/registrar-apis.md AD-JOB-5): finished ones, and the ones that are not decided yet.
JOB_FINISHED = ("SUCCESS",)
JOB_REJECTED = ("FAILED", "CANCELED")
JOB_RUNNING = ("RUNNING", "WAIT", "DEFERRED", "SUPPORT", "NOT_SET")

# Status of a domain in the restore list, as results and listings report it.
RESTORABLE_STATUS = "RESTORABLE"

# Guess (docs/registrar-apis.md AD-RST-3, AX-6): the refusal of a second restore while one runs is
# not documented; its text says a job is already running, in the account's language.
ALREADY_RUNNING_TEXTS = ("already running", "läuft bereits")


def job_state(status: str | None) -> str:
    """The restore flow's outcome state for an AutoDNS job status."""
    if status in JOB_FINISHED:
        return restore.FINISHED
    if status in JOB_REJECTED:
        return restore.REJECTED
    return restore.RUNNING


def unknown_job_status_warning(status: Any) -> str | None:
    """A warning for a job status the spec does not list (the restore may be billed: report it)."""
    if status is None or status in JOB_FINISHED + JOB_REJECTED + JOB_RUNNING:
        return None
    return "AutoDNS answered the restore with job status %r, which this module does not know; reported as pending" % (
        status,
    )


def job_of(item: Any) -> dict:
    """The Job of a job-list item: ``item["job"]`` of an ObjectJob, else the item itself (AD-JOB-1)."""
    if not isinstance(item, dict):
        return {}
    job = item.get("job")
    return job if isinstance(job, dict) else item


def job_domain(item: Any) -> str | None:
    """The domain an ObjectJob is about: its ``object.value``, else the job's own ``domain`` field."""
    if not isinstance(item, dict):
        return None
    obj = item.get("object")
    if isinstance(obj, dict) and obj.get("value"):
        return str(obj["value"]).lower()
    value = job_of(item).get("domain")
    if isinstance(value, dict):
        value = value.get("name")
    return str(value).lower() if value else None


def is_restore_action(action: Any) -> bool:
    return str(action or "").upper().startswith("RESTORE")


def is_not_found(error: RegistrarError) -> bool:
    """Whether an inquire error says the domain is not in the account (docs/registrar-apis.md AD-DOM-2).

    ``E0105...`` is the whole inquire task family, so the status code alone says nothing; only HTTP
    404 does. Which message codes mean "not found" is not documented, so none is relied on.
    """
    return error.http_status == 404


def is_already_running(error: RegistrarError) -> bool:
    """Whether a refused restore says a job already runs for the domain (guess: AD-RST-3, AX-6)."""
    texts = [error.message or ""]
    for detail in error.details or []:
        if isinstance(detail, dict):
            texts.append(str(detail.get("text") or ""))
    text = " ".join(texts).lower()
    return any(marker in text for marker in ALREADY_RUNNING_TEXTS)


def message_text(status_text: Any, messages: list) -> str:
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


def like_pattern(pattern: str | None) -> str | None:
    """A shell pattern the restore list's LIKE can narrow by (``*`` wildcards only), else None.

    The caller filters again with fnmatch, so a pattern the server cannot express is simply not sent.
    """
    if not pattern or any(char in pattern for char in "?[]%"):
        return None
    return pattern.lower()


class AutoDnsRestore(restore.RestoreProvider):
    """Shared AutoDNS restore logic; transports implement the ``_`` hooks and ``poll``."""

    key = "autodns"
    display = PROVIDER
    poll_interval = POLL_INTERVAL
    sees_running_restores = True

    def __init__(self, client: HttpClient, params: dict, domain: str | None = None) -> None:
        self.client = client
        self.redactor = client.redactor
        self.domain = domain
        self.action = params.get("restore_action") or "RESTORE"
        self.reply_to = params.get("reply_to")
        self.ctid = params.get("ctid")
        self.username = params.get("autodns_username")
        self.context = params.get("autodns_context") or DEFAULT_CONTEXT
        self.last_stid: str | None = None
        # The subuser owning the domain, {"user", "context"}, when the restore list names one other
        # than the caller; later requests act for that owner (AD-OWN-1, AX-9).
        self.owner: dict | None = None
        self._last_items: dict = {}

    def result_extras(self) -> dict:
        extras = {"action": self.action}
        if self.owner:
            extras["owner"] = owner_label(self.owner)
        return extras

    def status_after(self, outcome_state: str) -> str:
        return "ACTIVE" if outcome_state == restore.FINISHED else "RESTORE RUNNING"

    # Listing ---------------------------------------------------------------------------------

    def foreign_owner(self, owner: Any) -> dict | None:
        """``owner`` as ``{user, context}`` when it names someone other than the caller, else None."""
        if not isinstance(owner, dict) or not owner.get("user"):
            return None
        user = str(owner["user"])
        if not user.isprintable():
            return None  # never a header value or element text: not a user name AutoDNS gives
        context = owner.get("context")
        try:
            context = int(context) if context not in (None, "") else int(self.context)
        except (TypeError, ValueError):
            context = str(context)
        if user == str(self.username) and str(context) == str(self.context):
            return None
        return {"user": user, "context": context}

    def entry(self, item: dict) -> dict:
        """One restore-list item in the listing interface's words."""
        owner = self.foreign_owner(item.get("owner"))
        return {
            "domain": str(item.get("name", "")).lower(),
            "status": RESTORABLE_STATUS,
            "restore_deadline": item.get("restorePhaseEnd") or None,
            "order_id": None,
            "action": item.get("action") or None,
            "owner": owner_label(owner) if owner else None,
        }

    def list_restorable(
        self, domain: str | None = None, pattern: str | None = None, offset: int = 0, limit: int = 100
    ) -> tuple[list[dict[str, Any]], bool]:
        """One page of the restore list, subusers' domains included: ``(entries, more)``.

        ``domain`` asks for one exact (ASCII) name; ``pattern`` narrows server-side where the
        restore list's LIKE can express it, and the entries are filtered with fnmatch here too.
        """
        if int(limit) < 1 or int(offset) < 0:
            raise ValueError("limit must be >= 1 and offset >= 0")
        items, more = self._restore_page(domain, like_pattern(pattern), int(offset), int(limit))
        entries = []
        for item in items:
            entry = self.entry(item)
            if not entry["domain"]:
                continue
            if domain is not None and entry["domain"] != domain.lower():
                continue
            if pattern is not None and not fnmatch.fnmatchcase(entry["domain"], pattern.lower()):
                continue
            entries.append(entry)
        return entries, more

    # Restore flow ----------------------------------------------------------------------------

    def read_state(self) -> restore.DomainState:
        item = self._restore_list_item()
        if item is not None:
            # restorePhaseEnd ends only the current phase: reported, never used to refuse (AD-RL-4).
            deadline = item.get("restorePhaseEnd") or None
            self.owner = self.foreign_owner(item.get("owner"))
            job = self._running_restore_job()
            if job is not None:
                action = {"job_id": job.get("id"), "action_status": job.get("status")}
                return restore.DomainState(
                    restore.IN_PROGRESS,
                    "RESTORE RUNNING",
                    action=action,
                    domain=self.domain,
                    raw=item,
                    deadline=deadline,
                )
            return restore.DomainState(
                restore.RESTORABLE, RESTORABLE_STATUS, domain=self.domain, raw=item, deadline=deadline
            )
        try:
            info = self._domain_info()
        except RegistrarError as exc:
            if not self._inquire_says_unknown(exc):
                raise
            return restore.DomainState(
                restore.UNKNOWN,
                None,
                reason="not in the restore list (subusers' domains included) and not an active domain of this "
                "account: unknown, or past the restore window (the domain inquire answered: %s%s)"
                % ("%s: " % exc.code if exc.code else "", exc.message),
                domain=self.domain,
            )
        status = info.get("registryStatus") or "ACTIVE"
        return restore.DomainState(restore.ACTIVE, status, domain=self.domain, raw=info)

    def _restore_list_item(self) -> dict | None:
        """The restore list's item for this domain (through the listing), or None."""
        self._last_items = {}
        entries, _more = self.list_restorable(domain=self.domain, limit=10)
        if not entries:
            return None
        return self._last_items.get(entries[0]["domain"])

    def restore(self) -> restore.RestoreOutcome:
        try:
            job, status, raw = self._send_restore()
        except RegistrarError as exc:
            if is_already_running(exc):
                # Nothing new was started, nothing billed: the running restore is reported.
                return restore.RestoreOutcome(
                    restore.ALREADY_RUNNING,
                    None,
                    description=exc.message,
                    stid=exc.request_id,
                    raw={"status": {"code": exc.code, "text": exc.message, "type": "ERROR"}},
                )
            raise
        job = job or {}
        job_status = job.get("status")
        status_type = str(status.get("type") or "").upper()
        if not job_status and status_type == "NOTIFY":
            job_status = "RUNNING"  # accepted, runs asynchronously; the answer named no job (AX-3)
        if not job_status and status_type != "SUCCESS":
            raise self.client.error(
                "restore",
                "the answer has neither a job nor a success or notify status (status type %r)" % status_type,
                code=status.get("code"),
                request_id=self.last_stid,
                maybe_executed=True,
            )
        state = job_state(job_status) if job_status else restore.FINISHED
        return restore.RestoreOutcome(
            state,
            job_status or status_type,
            description=status.get("text"),
            job_id=job.get("id"),
            stid=self.last_stid,
            raw=raw,
            warning=unknown_job_status_warning(job_status),
        )

    def poll_by_state(self, outcome: RestoreOutcome) -> RestoreOutcome:
        """Follow a restore without its job: finished once the domain is active again."""
        state = self.read_state()
        if state.kind == restore.ACTIVE:
            return restore.RestoreOutcome(
                restore.FINISHED, "SUCCESS", job_id=outcome.job_id, stid=self.last_stid, raw=state.raw
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

    def _inquire_says_unknown(self, error: RegistrarError) -> bool:
        """Whether a failed domain inquire means "not a domain of this account" (AD-DOM-2)."""
        return is_not_found(error)

    @abc.abstractmethod
    def _restore_page(self, domain: str | None, like: str | None, offset: int, limit: int) -> tuple[list[dict], bool]:
        """``(items, more)``: restore-list items (``name``, ``action``, ``owner``, ``restorePhaseEnd``...).

        Implementations record each item in ``self._last_items`` by lower-case name.
        """

    @abc.abstractmethod
    def _running_restore_job(self) -> dict | None:
        """The running restore job of the domain, or None (or None when the transport cannot tell)."""

    @abc.abstractmethod
    def _domain_info(self) -> dict:
        """The domain inquire's answer as a dict; raises ``RegistrarError`` when the inquire failed."""

    @abc.abstractmethod
    def _send_restore(self) -> tuple[dict | None, dict, Any]:
        """Return ``(job dict or None, status dict with type/code/text, raw answer)``."""


def owner_label(owner: dict) -> str:
    """``{"user": "customer2", "context": 4}`` -> ``customer2/4``."""
    return "%s/%s" % (owner.get("user"), owner.get("context"))
