# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the restore modules (``domain_restore``, ``domain_restore_info``) share.

The registrar options (provider, credentials, URLs, transport, sandbox), their input rules and
the creation of the provider. Only the chosen registrar's credential and URL options count; the
other registrar's are ignored, so one ``module_defaults`` block on the ``restore`` action group
can hold LogicBoxes and AutoDNS credentials together.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.domainops.registrar.plugins.module_utils import _logicboxes
from ansible_collections.domainops.registrar.plugins.module_utils._autodns import base as _autodns
from ansible_collections.domainops.registrar.plugins.module_utils._autodns import json_api as _autodns_json
from ansible_collections.domainops.registrar.plugins.module_utils._common import (
    InputError,
    check_printable,
    check_range,
    check_url,
    common_argument_spec,
)
from ansible_collections.domainops.registrar.plugins.module_utils._http import ClientSettings, HttpClient
from ansible_collections.domainops.registrar.plugins.module_utils._redact import Redactor
from ansible_collections.domainops.registrar.plugins.module_utils._restore import RestoreProvider

LOGICBOXES = _logicboxes.PROVIDERS
PROVIDERS = [*LOGICBOXES, "autodns"]


def registrar_argument_spec(**extra: Any) -> dict[str, Any]:
    """The common options, the registrar options both restore modules take, and a module's own ``extra``."""
    return common_argument_spec(
        provider=dict(type="str", required=True, choices=PROVIDERS),
        domain=dict(type="str"),
        transport=dict(type="str", default="json", choices=["json", "xml"]),
        rate_limit=dict(type="float", default=_autodns.DEFAULT_RATE_LIMIT),
        sandbox=dict(type="bool", default=False),
        **dict(_logicboxes.LOGICBOXES_ARGUMENT_SPEC, **_autodns.AUTODNS_ARGUMENT_SPEC, **extra),
    )


def required_for(providers: Iterable[str], names: Iterable[str], any_of: bool = False) -> list[tuple]:
    """``required_if`` rules: ``names`` (all, or one of them with ``any_of``) for each of ``providers``."""
    return [("provider", provider, tuple(names), any_of) for provider in providers]


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def require(params: dict[str, Any], names: Iterable[str], provider: str, env_vars: dict[str, str]) -> None:
    """Fail naming the first option in ``names`` that is unset (and its environment variable).

    Kept by hand for the credentials, not declared with ``required_if``: the message must name the
    environment variable too (issue 9), and an empty value, as AWX injects it, counts as unset.
    """
    for name in names:
        if is_blank(params[name]):
            hint = " (or set %s)" % env_vars[name] if name in env_vars else ""
            raise InputError("%s is required for provider %s%s" % (name, provider, hint))


def _resolve_url(params: dict[str, Any], name: str, test_url: str, live_url: str) -> None:
    """The option (from the task or its environment variable) wins; unset: the test system with sandbox, else live.

    An empty value counts as unset: credential stores such as AWX inject empty variables for empty fields.
    """
    if is_blank(params[name]):
        params[name] = test_url if params["sandbox"] else live_url
    else:
        check_url(params, name)


def _ignore(params: dict[str, Any], names: Iterable[str]) -> None:
    """Forget the other registrar's options: they are never checked, sent or echoed back."""
    for name in names:
        params[name] = None


def check_logicboxes(params: dict[str, Any], provider: str) -> None:
    """The LogicBoxes/ResellerClub credential, URL and transport rules."""
    require(params, ("logicboxes_auth_userid", "logicboxes_api_key"), provider, _logicboxes.ENV_VARS)
    if params["transport"] != "json":
        raise InputError("transport is only for provider autodns")
    check_printable(params, tuple(_logicboxes.LOGICBOXES_ARGUMENT_SPEC))
    _ignore(params, _autodns.AUTODNS_ARGUMENT_SPEC)
    _resolve_url(params, "logicboxes_api_url", _logicboxes.TEST_URL, _logicboxes.LIVE_URL)


def check_autodns(params: dict[str, Any], provider: str, texts: Iterable[str] = ()) -> None:
    """The AutoDNS credential, context and URL rules; ``texts`` are a module's own options checked with them."""
    require(params, ("autodns_username", "autodns_password"), provider, _autodns.ENV_VARS)
    if params["autodns_context"] is None:
        params["autodns_context"] = _autodns.DEFAULT_CONTEXT
    check_range(params, "autodns_context", minimum=1)
    check_printable(params, tuple(_autodns.AUTODNS_ARGUMENT_SPEC) + tuple(texts))
    _ignore(params, _logicboxes.LOGICBOXES_ARGUMENT_SPEC)
    from ansible_collections.domainops.registrar.plugins.module_utils._autodns import xml_gateway as _autodns_xml

    _resolve_url(params, "autodns_api_url", _autodns_json.DEMO_URL, _autodns_json.LIVE_URL)
    _resolve_url(params, "autodns_gateway_url", _autodns_xml.DEMO_URL, _autodns_xml.LIVE_URL)


def check_registrar_common(params: dict[str, Any]) -> None:
    """The rules of the registrar options every provider shares."""
    check_range(params, "rate_limit", minimum=0, maximum=100)


def create_provider(module: AnsibleModule, settings: ClientSettings, redactor: Redactor) -> RestoreProvider:
    """The provider for the chosen registrar and transport, with its client, from checked module params.

    The providers read the restore-only options with ``get``, so ``domain_restore_info``, which has
    none of them, builds the same providers; without ``domain`` a provider serves listings only.
    """
    params = module.params
    if params["provider"] in LOGICBOXES:
        client = HttpClient(_logicboxes.api(params), settings, redactor)
        return _logicboxes.LogicBoxesRestore(client, params, params["domain"])
    if params["transport"] == "xml":
        from ansible_collections.domainops.registrar.plugins.module_utils._autodns import xml_gateway as _autodns_xml

        if not _autodns_xml.HAS_LXML:
            module.fail_json(msg=missing_required_lib("lxml"), exception=_autodns_xml.LXML_IMPORT_ERROR)
        client = HttpClient(_autodns_xml.api(params), settings, redactor)
        return _autodns_xml.AutoDnsXmlRestore(client, params, params["domain"])
    client = HttpClient(_autodns_json.api(params), settings, redactor)
    return _autodns_json.AutoDnsJsonRestore(client, params, params["domain"])
