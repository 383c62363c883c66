# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Pieces every module shares: the common options, input checks and how failures are reported."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._http import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    ClientSettings,
    HttpClient,
    split_http_url,
)

# Mirrors the ``domainops.registrar._common`` doc fragment.
COMMON_ARGUMENT_SPEC = dict(
    timeout=dict(type="float", default=60.0),
    validate_certs=dict(type="bool", default=True),
    retries=dict(type="int", default=3),
    max_retry_wait=dict(type="float", default=60.0),
)


def common_argument_spec(**extra: Any) -> dict[str, Any]:
    """The common options merged with a module's own."""
    spec = {name: dict(option) for name, option in COMMON_ARGUMENT_SPEC.items()}
    spec.update(extra)
    return spec


# The secret options of every registrar, and their 0.1 names. A module without one of them fails
# with Ansible's "Unsupported parameters", and that result would echo the value in
# invocation.module_args (shown with -vvv): it is masked like a no_log option's value.
SECRET_OPTIONS = ("hostup_api_key", "logicboxes_api_key", "autodns_password", "api_key", "password")


class RegistrarModule(AnsibleModule):
    """``AnsibleModule`` that also masks any registrar's secret it does not know as an option."""

    def _mask_secret_options(self) -> None:
        params = getattr(self, "params", None)
        if not isinstance(params, dict):
            return
        for name in SECRET_OPTIONS:
            value = params.get(name)
            if value is not None and not isinstance(value, bool) and str(value):
                self.no_log_values.add(str(value))

    def exit_json(self, **kwargs):
        self._mask_secret_options()
        super().exit_json(**kwargs)

    def fail_json(self, msg, **kwargs):
        self._mask_secret_options()
        super().fail_json(msg, **kwargs)


class InputError(ValueError):
    """Bad module input, found before any request is sent."""


def check_range(params: dict[str, Any], name: str, minimum: float | None = None, maximum: float | None = None) -> None:
    """Fail with ``<name> must be ...`` when a number is outside its range (None is allowed)."""
    value = params.get(name)
    if value is None:
        return
    if isinstance(value, bool):
        # Ansible passes a YAML true through an int option unchanged; it would act on id 1.
        raise InputError("%s must be a number, got a boolean" % name)
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError("%s must be a finite number, got %s" % (name, value))
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        if maximum is None:
            rule = ">= %s" % minimum
        elif minimum is None:
            rule = "<= %s" % maximum
        else:
            rule = "between %s and %s" % (minimum, maximum)
        raise InputError("%s must be %s, got %s" % (name, rule, value))


def check_printable(params: dict[str, Any], names: Iterable[str]) -> None:
    """Fail when a text option holds control characters: they would break headers and XML documents."""
    for name in names:
        value = params.get(name)
        if isinstance(value, str) and any(ord(char) < 32 or ord(char) == 127 for char in value):
            raise InputError("%s must not contain control characters (such as newlines or tabs)" % name)


def check_ascii(params: dict[str, Any], names: Iterable[str]) -> None:
    """Fail when an option sent in an HTTP header holds characters a header cannot carry."""
    for name in names:
        value = params.get(name)
        if isinstance(value, str) and not value.isascii():
            raise InputError("%s must only contain ASCII characters (it is sent in an HTTP header)" % name)


def check_url(params: dict[str, Any], name: str) -> None:
    """Fail unless the option is an http:// or https:// URL with a host (and a valid port)."""
    value = params.get(name)
    if value is not None and split_http_url(value) is None:
        raise InputError("%s must be an http:// or https:// URL with a host name" % name)


def check_common(params: dict[str, Any]) -> ClientSettings:
    """Validate the common options."""
    check_range(params, "timeout", minimum=0.001)
    check_range(params, "retries", minimum=0, maximum=10)
    check_range(params, "max_retry_wait", minimum=0)
    return ClientSettings.from_params(params)


def require_requests(module: AnsibleModule) -> None:
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)


def fail_with_error(module: AnsibleModule, error: RegistrarError, **result: Any) -> None:
    """Fail the task from a ``RegistrarError``: one-line msg plus structured ``error`` data."""
    module.fail_json(msg=error.one_line(), error=error.as_dict(), **result)


def emit_warnings(module: AnsibleModule, client: HttpClient) -> None:
    for warning in client.warnings:
        module.warn(client.redactor.text(warning))
