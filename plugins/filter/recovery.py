# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The decisions of the ``domain_recovery`` role, as filters its tasks call.

- ``recovery_input``: every input rule, checked before any request, with the modules' own checks
  (domain names, ranges, choices); one message per problem, each naming the variable.
- ``recovery_plan``: what discovery found, and whether it may be restored (confirmation, ``max``).
- ``recovery_outcomes``: one outcome per domain from the restore loop.
- ``recovery_sync_ids``: the HostUp panel ids to sync after the restores.
- ``recovery_summary``: ``domain_recovery_summary``.

The role's templates only turn these results into lines. Documentation: the YAML files beside this one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.validation import check_type_bool, check_type_int

from ansible_collections.domainops.registrar.plugins.module_utils._common import InputError, check_range
from ansible_collections.domainops.registrar.plugins.module_utils._domain_name import normalise_domain
from ansible_collections.domainops.registrar.plugins.module_utils._logicboxes import PROVIDERS as LOGICBOXES
from ansible_collections.domainops.registrar.plugins.module_utils._restore_info import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    check_pattern,
)
from ansible_collections.domainops.registrar.plugins.modules.domain_restore import argument_spec as restore_spec

# The choices come from domain_restore's own argument spec, so the role cannot accept what the module refuses.
_SPEC = restore_spec()
PROVIDERS = tuple(_SPEC["provider"]["choices"])
INVOICE_OPTIONS = tuple(_SPEC["invoice_option"]["choices"])
RESTORE_ACTIONS = tuple(_SPEC["restore_action"]["choices"])
TRANSPORTS = tuple(_SPEC["transport"]["choices"])
LIMIT_RANGE = (1, MAX_LIMIT)
SYNC_CONCURRENCY_RANGE = (1, 32)

ENTRY_KEYS = ("name", "provider", "order_id", "hostup_domain_id", "invoice_option", "restore_action", "transport")
SOURCE_KEYS = ("provider", "pattern", "limit", "invoice_option", "restore_action", "transport")
STATUSES = ("restored", "pending", "not_needed", "in_progress", "failed")


def _text(value):
    """A variable as stripped text; None and empty strings (unanswered survey questions) are ''."""
    if value is None:
        return ""
    return str(value).strip()


def _or_none(value):
    text = _text(value)
    return text or None


def _account(provider):
    """LogicBoxes and ResellerClub are one API and one set of credentials in the role."""
    return "logicboxes" if provider in LOGICBOXES else provider


def _integer(value, name, minimum=None, maximum=None):
    """An id or count as int (survey answers arrive as strings); None when not given; InputError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InputError("%s must be a number, got a boolean" % name)
    try:
        number = check_type_int(value.strip() if isinstance(value, str) else value)
    except TypeError:
        raise InputError("%s must be a whole number, got %r" % (name, value)) from None
    check_range({name: number}, name, minimum=minimum, maximum=maximum)
    return number


def _boolean(value, name):
    """A yes/no variable the way argument specs accept it (true, "yes", "on", 1, ...)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return False
    try:
        return check_type_bool(value.strip() if isinstance(value, str) else value)
    except TypeError:
        raise InputError("%s must be yes or no (true/false), got %r" % (name, value)) from None


def _choice(value, name, choices):
    text = _or_none(value)
    if text is not None and text not in choices:
        raise InputError("%s must be one of %s, got %r" % (name, ", ".join(choices), text))
    return text


def _collect(errors, where, check, *args, **kwargs):
    """Run one check; record its message (prefixed with ``where``) instead of raising."""
    try:
        return check(*args, **kwargs)
    except InputError as exc:
        errors.append("%s%s" % (where, exc))
        return None


def _unknown_keys(raw, allowed, where, errors):
    unknown = sorted(str(key) for key in raw if key not in allowed)
    if unknown:
        errors.append("%sunsupported key(s) %s (allowed: %s)" % (where, ", ".join(unknown), ", ".join(allowed)))


def _provider_rules(provider, given, invoice_option, where, errors, invoice_hint):
    """Which registrar options fit which provider: the same rules as domain_restore's, named for the role."""
    if provider in LOGICBOXES:
        if invoice_option is None:
            errors.append(
                "%sinvoice_option is required with provider %s (%s; restores cost money, so there is no "
                "default): %s" % (where, provider, ", ".join(INVOICE_OPTIONS), invoice_hint)
            )
        if given.get("restore_action") or given.get("transport"):
            errors.append("%srestore_action and transport are only for autodns" % where)
    elif provider == "autodns" and given.get("invoice_option"):
        errors.append(
            "%sinvoice_option is only for logicboxes and resellerclub; use restore_action with autodns" % where
        )


def _defaults(settings, errors):
    return {
        "invoice_option": _collect(
            errors, "", _choice, settings.get("invoice_option"), "domain_recovery_invoice_option", INVOICE_OPTIONS
        ),
        "restore_action": _collect(
            errors, "", _choice, settings.get("restore_action"), "domain_recovery_restore_action", RESTORE_ACTIONS
        )
        or _SPEC["restore_action"]["default"],
        "transport": _collect(errors, "", _choice, settings.get("transport"), "domain_recovery_transport", TRANSPORTS)
        or _SPEC["transport"]["default"],
    }


def _listed_entries(value, variable, fields, errors):
    """(where, raw entry, invoice hint) for each dict of the list variable ``variable``."""
    given = []
    if value and not isinstance(value, list):
        errors.append("%s must be a list of entries with %s" % (variable, fields))
        value = []
    for index, raw in enumerate(value or []):
        label = "%s[%d]" % (variable, index)
        if not isinstance(raw, Mapping):
            errors.append("%s must be a dict with %s" % (label, fields))
            continue
        given.append((label, raw, "set it on the entry or in domain_recovery_invoice_option"))
    return given


def _given_entries(settings, errors):
    """(where, raw entry, invoice hint) for domain_recovery_domains and the single-domain variables."""
    given = _listed_entries(settings.get("domains"), "domain_recovery_domains", "name and provider", errors)
    name = _text(settings.get("domain"))
    if name:
        raw = {
            "name": name,
            "provider": settings.get("provider"),
            "order_id": settings.get("order_id"),
            "hostup_domain_id": settings.get("hostup_domain_id"),
        }
        if not _text(settings.get("provider")):
            errors.append(
                "domain_recovery_provider is required with domain_recovery_domain (%s)" % ", ".join(PROVIDERS)
            )
        given.append(("domain_recovery_domain", raw, "set domain_recovery_invoice_option"))
    return given


def _entry(label, raw, hint, defaults, errors):
    name = _text(raw.get("name"))
    where = "%s (%s): " % (label, name) if name else "%s: " % label
    _unknown_keys(raw, ENTRY_KEYS, where, errors)
    ascii_name = None
    if not name:
        errors.append("%sname must not be empty" % where)
    else:
        ascii_name = _collect(errors, where, normalise_domain, name, "name")
    provider = _text(raw.get("provider")).lower()
    if provider and provider not in PROVIDERS:
        errors.append("%sprovider must be one of %s, got %r" % (where, ", ".join(PROVIDERS), provider))
    elif not provider and label != "domain_recovery_domain":
        errors.append("%sprovider is required (%s)" % (where, ", ".join(PROVIDERS)))
    given = {
        "invoice_option": _collect(
            errors, where, _choice, raw.get("invoice_option"), "invoice_option", INVOICE_OPTIONS
        ),
        "restore_action": _collect(
            errors, where, _choice, raw.get("restore_action"), "restore_action", RESTORE_ACTIONS
        ),
        "transport": _collect(errors, where, _choice, raw.get("transport"), "transport", TRANSPORTS),
    }
    entry = {
        "name": name,
        "ascii_name": ascii_name,
        "provider": provider,
        "order_id": _collect(errors, where, _integer, raw.get("order_id"), "order_id", minimum=1),
        "hostup_domain_id": _collect(errors, where, _integer, raw.get("hostup_domain_id"), "hostup_domain_id", 1),
        "invoice_option": None,
        "restore_action": None,
        "transport": None,
        "restore_deadline": None,
        "owner": None,
    }
    if provider == "autodns" and entry["order_id"] is not None:
        errors.append("%sorder_id is only for logicboxes and resellerclub" % where)
    _apply_provider_settings(entry, provider, given, defaults, where, errors, hint)
    return entry


def _apply_provider_settings(target, provider, given, defaults, where, errors, hint):
    """The provider's own settings (given, else the role-wide default), then its rules."""
    if provider == "autodns":
        target["restore_action"] = given["restore_action"] or defaults["restore_action"]
        target["transport"] = given["transport"] or defaults["transport"]
    elif provider in LOGICBOXES:
        target["invoice_option"] = given["invoice_option"] or defaults["invoice_option"]
    if provider in PROVIDERS:
        _provider_rules(provider, given, target["invoice_option"], where, errors, hint)


def _entries(settings, defaults, errors):
    entries = []
    seen: dict[Any, Any] = {}
    for label, raw, hint in _given_entries(settings, errors):
        entry = _entry(label, raw, hint, defaults, errors)
        key = entry["ascii_name"]
        if key is not None and key in seen:
            errors.append("%s (%s): listed more than once (as %s)" % (label, entry["name"], seen[key]))
        elif key is not None:
            seen[key] = label
        entries.append(entry)
    return entries


def _given_sources(settings, errors):
    given = _listed_entries(settings.get("discover"), "domain_recovery_discover", "a provider", errors)
    providers = settings.get("discover_providers") or []
    if isinstance(providers, str):
        # A survey's multiple choice may arrive as one string: "logicboxes,autodns" or one per line.
        providers = [part for part in providers.replace("\n", ",").split(",") if part.strip()]
    if not isinstance(providers, list):
        errors.append("domain_recovery_discover_providers must be a list of providers (%s)" % ", ".join(PROVIDERS))
        providers = []
    for index, provider in enumerate(providers):
        raw = {"provider": provider, "pattern": settings.get("pattern")}
        given.append(("domain_recovery_discover_providers[%d]" % index, raw, "set domain_recovery_invoice_option"))
    return given


def _source(label, raw, hint, defaults, errors):
    provider = _text(raw.get("provider")).lower()
    where = "%s (%s): " % (label, provider) if provider else "%s: " % label
    _unknown_keys(raw, SOURCE_KEYS, where, errors)
    if provider not in PROVIDERS:
        errors.append("%sprovider must be one of %s, got %r" % (where, ", ".join(PROVIDERS), provider))
    pattern = raw.get("pattern")
    if pattern is not None and not isinstance(pattern, str):
        errors.append("%spattern must be a string such as *.de or shop-*" % where)
        pattern = None
    # Empty means everything (an unanswered survey question); anything else follows domain_restore_info's rule.
    pattern = _collect(errors, where, check_pattern, _or_none(pattern))
    limit = _collect(errors, where, _integer, raw.get("limit"), "limit", *LIMIT_RANGE)
    given = {
        "invoice_option": _collect(
            errors, where, _choice, raw.get("invoice_option"), "invoice_option", INVOICE_OPTIONS
        ),
        "restore_action": _collect(
            errors, where, _choice, raw.get("restore_action"), "restore_action", RESTORE_ACTIONS
        ),
        "transport": _collect(errors, where, _choice, raw.get("transport"), "transport", TRANSPORTS),
    }
    source = {
        "provider": provider,
        "pattern": pattern,
        "limit": limit or DEFAULT_LIMIT,
        "invoice_option": None,
        "restore_action": None,
        "transport": None,
    }
    _apply_provider_settings(source, provider, given, defaults, where, errors, hint)
    return source


def _sources(settings, defaults, errors):
    sources = []
    seen: dict[Any, Any] = {}
    for label, raw, hint in _given_sources(settings, errors):
        source = _source(label, raw, hint, defaults, errors)
        account = _account(source["provider"])
        if source["provider"] in PROVIDERS and account in seen:
            # Two lists of one account would find the same domains twice, possibly with different costs.
            errors.append(
                "%s: provider %s is the same account as %s; list each registrar once"
                % (label, source["provider"], seen[account])
            )
        elif source["provider"] in PROVIDERS:
            seen[account] = label
        sources.append(source)
    return sources


def _hostup_ids(value, errors):
    """domain_recovery_hostup_domain_ids: {domain name: HostUp panel id}, keyed by ASCII name."""
    if value in (None, "", {}):
        return {}
    if not isinstance(value, Mapping):
        errors.append("domain_recovery_hostup_domain_ids must be a dict of domain name: HostUp panel id")
        return {}
    ids = {}
    for name, panel_id in value.items():
        where = "domain_recovery_hostup_domain_ids (%s): " % name
        ascii_name = _collect(errors, where, normalise_domain, name if isinstance(name, str) else str(name), "key")
        number = _collect(errors, where, _integer, panel_id, "id", minimum=1)
        if ascii_name is not None and number is not None:
            ids[ascii_name] = number
    return ids


def recovery_input(settings):
    """Check and normalise the role's variables before any request; see recovery_input.yml."""
    if not isinstance(settings, Mapping):
        raise AnsibleFilterError("recovery_input expects a dict of the domain_recovery role's variables")
    errors: list[Any] = []
    defaults = _defaults(settings, errors)
    entries = _entries(settings, defaults, errors)
    sources = _sources(settings, defaults, errors)
    confirmed = _collect(errors, "", _boolean, settings.get("confirm"), "domain_recovery_confirm") or False
    maximum = _collect(errors, "", _integer, settings.get("max"), "domain_recovery_max", minimum=1)
    hostup_ids = _hostup_ids(settings.get("hostup_domain_ids"), errors)
    for entry in entries:
        if entry["hostup_domain_id"] is None and entry["ascii_name"] in hostup_ids:
            entry["hostup_domain_id"] = hostup_ids[entry["ascii_name"]]
    _collect(
        errors,
        "",
        _integer,
        settings.get("sync_concurrency", 4),
        "domain_recovery_sync_concurrency",
        *SYNC_CONCURRENCY_RANGE,
    )
    mode = "discover" if sources else "list"
    if entries and sources:
        errors.append(
            "give either domains to restore (domain_recovery_domains, domain_recovery_domain) or registrars to "
            "search (domain_recovery_discover, domain_recovery_discover_providers), not both"
        )
    elif not entries and not sources and not errors:
        errors.append(
            "no domains given: set domain_recovery_discover (or domain_recovery_discover_providers) to find "
            "restorable domains, or domain_recovery_domains (or domain_recovery_domain and "
            "domain_recovery_provider) to restore named ones"
        )
    if mode == "discover" and confirmed and maximum is None:
        errors.append(
            "domain_recovery_max is required with domain_recovery_confirm: the most domains this run may restore "
            "(restores cost money)"
        )
    return {
        "mode": mode,
        "entries": entries if mode == "list" else [],
        "sources": sources,
        "confirmed": confirmed,
        "max": maximum,
        "hostup_domain_ids": hostup_ids,
        "errors": errors,
    }


def _results(registered):
    """The per-item results of a registered loop (an empty list when the loop was skipped or empty)."""
    if isinstance(registered, Mapping):
        registered = registered.get("results") or []
    if not isinstance(registered, list):
        raise AnsibleFilterError("expected a registered loop result (a dict with results) or a list of results")
    return [result for result in registered if isinstance(result, Mapping)]


def _found(listings, recovery, source_key):
    found = []
    truncated = []
    seen = set()
    for result in _results(listings):
        if result.get("failed"):
            raise AnsibleFilterError("a listing failed: %s" % result.get("msg", "no message"))
        source = result.get(source_key) or {}
        provider = source.get("provider") or result.get("provider")
        if result.get("truncated"):
            truncated.append(provider)
        for item in result.get("domains") or []:
            name = _text(item.get("domain"))
            key = (_account(provider), name.lower())
            if not name or key in seen:
                continue
            seen.add(key)
            found.append(
                {
                    "name": name,
                    "ascii_name": name.lower(),
                    "provider": provider,
                    "order_id": item.get("order_id"),
                    "hostup_domain_id": recovery["hostup_domain_ids"].get(name.lower()),
                    "status": item.get("status"),
                    "restore_deadline": item.get("restore_deadline"),
                    "owner": item.get("owner"),
                    "invoice_option": source.get("invoice_option"),
                    "restore_action": source.get("restore_action"),
                    "transport": source.get("transport"),
                }
            )
    return found, truncated


def _decide(found, truncated, recovery):
    """(decision, reason): whether the found domains are restored, and why not."""
    total = len(found)
    maximum = recovery["max"]
    if total == 0:
        return "nothing", "no restorable domain found"
    over = maximum is not None and total > maximum
    if not recovery["confirmed"]:
        more = (
            " (and domain_recovery_max to at least %d: it is %d)" % (total, maximum)
            if over
            else " (with domain_recovery_max at least %d)" % total
        )
        return "preview", "nothing restored: set domain_recovery_confirm to yes%s to restore these %d domain(s)" % (
            more,
            total,
        )
    if truncated:
        return "truncated", (
            "nothing restored: the list of %s was cut at its limit, so more domains are restorable than shown; "
            "narrow the pattern or raise the limit" % ", ".join(truncated)
        )
    if over:
        return "over_max", (
            "nothing restored: %d restorable domains found, more than domain_recovery_max (%d); narrow the pattern "
            "or raise domain_recovery_max" % (total, maximum)
        )
    return "restore", "restoring %d domain(s) (domain_recovery_max %d)" % (total, maximum)


def recovery_plan(listings, recovery, source_key="domain_recovery_source"):
    """What discovery found and whether to restore it; list mode passes its entries through. See recovery_plan.yml."""
    if not isinstance(recovery, Mapping) or "mode" not in recovery:
        raise AnsibleFilterError("recovery_plan expects the result of recovery_input as its argument")
    if recovery["mode"] == "list":
        entries = list(recovery["entries"])
        return {
            "mode": "list",
            "found": [],
            "truncated": [],
            "confirmed": recovery["confirmed"],
            "max": recovery["max"],
            "decision": "restore",
            "reason": "restoring the %d listed domain(s)" % len(entries),
            "restore": entries,
        }
    found, truncated = _found(listings, recovery, source_key)
    decision, reason = _decide(found, truncated, recovery)
    return {
        "mode": "discover",
        "found": found,
        "truncated": truncated,
        "confirmed": recovery["confirmed"],
        "max": recovery["max"],
        "decision": decision,
        "reason": reason,
        "restore": found if decision == "restore" else [],
    }


def recovery_outcomes(restores, item_key="domain_recovery_item"):
    """One outcome per domain from the registered restore loop; see recovery_outcomes.yml."""
    outcomes = []
    for result in _results(restores):
        entry = result.get(item_key) or {}
        failed = bool(result.get("failed"))
        outcomes.append(
            {
                "name": entry.get("name"),
                "provider": entry.get("provider"),
                "restore_status": "failed" if failed else (result.get("restore_status") or "unknown"),
                # A restore accepted before the task failed (e.g. wait_timeout) was still requested, and may be billed.
                "changed": bool(result.get("changed")),
                "previous_status": result.get("previous_status"),
                "order_id": result.get("order_id", entry.get("order_id")),
                "hostup_domain_id": entry.get("hostup_domain_id"),
                "restore_deadline": result.get("restore_deadline", entry.get("restore_deadline")),
                "owner": entry.get("owner"),
                "action_status": result.get("action_status"),
                "action_id": result.get("action_id", result.get("job_id")),
                "invoice": result.get("invoice") or None,
                "msg": result.get("msg") if failed else None,
            }
        )
    return outcomes


def recovery_sync_ids(outcomes, enabled=True):
    """HostUp panel ids to sync: domains with an id whose restore did not fail, each once; see recovery_sync_ids.yml."""
    if not enabled:
        return []
    ids = []
    for outcome in outcomes or []:
        panel_id = outcome.get("hostup_domain_id")
        if outcome.get("restore_status") != "failed" and panel_id and panel_id not in ids:
            ids.append(panel_id)
    return ids


def _hostup(sync, sync_ids, check_mode):
    sync = sync if isinstance(sync, Mapping) else {}
    results = [result for result in sync.get("results") or [] if isinstance(result, Mapping)]
    error = None
    if sync.get("failed") and not results:
        error = sync.get("msg") or "the status sync failed"
    summary = {
        "requested": list(sync_ids),
        "skipped": not sync_ids or bool(check_mode),
        "synced": [r["domain_id"] for r in results if "failed" in r and not r["failed"]],
        "changed": [r["domain_id"] for r in results if r.get("status_changed")],
        "became_active": [r["domain_id"] for r in results if r.get("status_changed_to_active")],
        "failed": [r["domain_id"] for r in results if r.get("failed")],
        "error": error,
    }
    by_id = {str(result.get("domain_id")): result for result in results}
    return summary, by_id


def _domain_hostup(outcome, by_id):
    synced = by_id.get(str(outcome["hostup_domain_id"])) if outcome.get("hostup_domain_id") is not None else None
    if synced is None:
        return None
    return {
        "domain_id": outcome["hostup_domain_id"],
        "skipped": bool(synced.get("skipped")),
        "failed": bool(synced.get("failed")),
        "previous_status": synced.get("previous_status"),
        "status": synced.get("status"),
        "status_changed": bool(synced.get("status_changed")),
        "became_active": bool(synced.get("status_changed_to_active")),
        "msg": synced.get("msg"),
    }


def recovery_summary(outcomes, plan=None, sync=None, sync_ids=(), check_mode=False):
    """domain_recovery_summary from the outcomes, the plan and the HostUp sync; see recovery_summary.yml."""
    outcomes = list(outcomes or [])
    plan = plan if isinstance(plan, Mapping) else {}
    hostup, by_id = _hostup(sync, sync_ids or [], check_mode)
    summary = {
        "check_mode": bool(check_mode),
        "mode": plan.get("mode", "list"),
        "total": len(outcomes),
        "changed": [outcome["name"] for outcome in outcomes if outcome.get("changed")],
    }
    for status in STATUSES:
        summary[status] = [outcome["name"] for outcome in outcomes if outcome.get("restore_status") == status]
    summary["domains"] = [dict(outcome, hostup=_domain_hostup(outcome, by_id)) for outcome in outcomes]
    summary["hostup"] = hostup
    summary["discovery"] = None
    if summary["mode"] == "discover":
        summary["discovery"] = {
            "found": [entry["name"] for entry in plan.get("found", [])],
            "truncated": list(plan.get("truncated", [])),
            "confirmed": bool(plan.get("confirmed")),
            "max": plan.get("max"),
            "decision": plan.get("decision"),
            "reason": plan.get("reason"),
        }
    refused = plan.get("decision") in ("over_max", "truncated")
    summary["refused"] = plan.get("reason") if refused else None
    waiting = plan.get("decision") == "preview"
    summary["nothing_left_to_do"] = not (summary["changed"] or summary["failed"] or refused or waiting)
    return summary


class FilterModule:
    """The domain_recovery role's decisions."""

    def filters(self):
        return {
            "recovery_input": recovery_input,
            "recovery_plan": recovery_plan,
            "recovery_outcomes": recovery_outcomes,
            "recovery_sync_ids": recovery_sync_ids,
            "recovery_summary": recovery_summary,
        }
