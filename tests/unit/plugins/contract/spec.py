# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Check AutoDNS JSON requests and answers against InterNetX's OpenAPI 2.0 specification.

The specification is vendored in ``tests/contract/autodns/domainrobot.json`` (release 5.82.7,
MIT licence; see the README beside it). bravado-core reads it; why that validator is the one
used, and every place where the harness deliberately departs from the letter of the spec, is in
``docs/registrar-apis.md`` (section "Contract harness", anchors ``HARNESS-*``).

Use::

    validate_request("POST", "/domain/restore/_search", query={"keys[]": ["restorePhaseEnd"]}, body={...})
    validate_response("GET", "/job/4297543154", 200, body)

Both raise :class:`ContractError` (an ``AssertionError``) naming the operation and what the spec
rejects. Paths are concrete request paths, with or without the ``/v1`` base path and query
string. The spec (1.2 MB) is parsed once per process.
"""

from __future__ import annotations

import functools
import json
import os
import re
import warnings
from urllib.parse import parse_qsl, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
COLLECTION_ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
SPEC_PATH = os.path.join(COLLECTION_ROOT, "tests", "contract", "autodns", "domainrobot.json")

# HARNESS-CTID: `ctid` is documented as a general query parameter of every call (help page
# "General query parameters"), but the spec lists it on no operation. docs/registrar-apis.md AD-ENV-5.
GENERAL_QUERY_PARAMETERS = frozenset({"ctid"})

# HARNESS-KEYS: the spec's `keys` enums are malformed (the first value starts with "{", the last
# ends with "}") and the restore list's enum lacks `restorePhaseEnd`, a key of DomainRestore that
# the help page's list-inquiry rules make requestable. docs/registrar-apis.md AD-RL-3. The braces
# are stripped; these keys are accepted in addition, per path.
EXTRA_LIST_KEYS = {"/domain/restore/_search": frozenset({"restorePhaseEnd"})}

# HARNESS-DATETIME: Swagger 2.0 `date-time` means RFC 3339, but AutoDNS writes offsets without a
# colon ("2019-07-01T10:51:27.000+0200", in the vendor's own restore example). Both are accepted;
# anything else is rejected. docs/registrar-apis.md AD-ENV-6.
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$")


class ContractError(AssertionError):
    """The AutoDNS specification rejects a request or an answer."""


def _is_date_time(value):
    if not isinstance(value, str) or not _DATE_TIME.match(value):
        from bravado_core.exception import SwaggerValidationError

        raise SwaggerValidationError("%r is not a date-time (RFC 3339, or AutoDNS's +hhmm offset)" % (value,))
    return True


@functools.lru_cache(maxsize=1)
def load_spec():
    """The parsed specification (bravado-core ``Spec``), built once per process."""
    with warnings.catch_warnings():
        # bravado-core imports and uses jsonschema's deprecated RefResolver; nothing for us to act on.
        warnings.simplefilter("ignore", DeprecationWarning)
        return _build_spec()


def _build_spec():
    from bravado_core.formatter import SwaggerFormat
    from bravado_core.spec import Spec

    with open(SPEC_PATH, encoding="utf-8") as handle:
        spec_dict = json.load(handle)
    date_time = SwaggerFormat(
        format="date-time",
        to_wire=str,
        to_python=str,
        validate=_is_date_time,
        description="RFC 3339 date-time, also with a +hhmm offset",
    )
    # HARNESS-SPECCHECK: validate_swagger_spec is off because the vendor's file itself breaks the
    # Swagger 2.0 meta-schema (`example` inside query parameter `items`); the operations and
    # definitions used here are read as written.
    return Spec.from_dict(
        spec_dict,
        origin_url="file://" + SPEC_PATH,
        config={
            "validate_swagger_spec": False,
            "use_models": False,
            "validate_requests": True,
            "validate_responses": True,
            "formats": [date_time],
        },
    )


@functools.lru_cache(maxsize=1)
def _templates():
    """[(regex, template, literal segment count)] for every path, most literal first."""
    spec = load_spec()
    rows = []
    for template in spec.spec_dict["paths"]:
        parts = template.strip("/").split("/")
        pattern = "/".join("(?P<%s>[^/]+)" % p[1:-1] if p.startswith("{") else re.escape(p) for p in parts)
        literal = sum(1 for p in parts if not p.startswith("{"))
        rows.append((re.compile("^/" + pattern + "$"), template, literal))
    rows.sort(key=lambda row: -row[2])
    return rows


def find_operation(method, path):
    """(bravado-core Operation, path parameters, query pairs) for a concrete request path."""
    spec = load_spec()
    parts = urlsplit(path)
    bare = parts.path
    base = spec.spec_dict.get("basePath", "")
    if base and (bare == base or bare.startswith(base + "/")):
        bare = bare[len(base) :]
    for regex, template, _literal in _templates():
        match = regex.match(bare)
        if not match:
            continue
        operation = spec.get_op_for_request(method.upper(), base + template)
        if operation is None:
            continue
        return operation, match.groupdict(), parse_qsl(parts.query, keep_blank_values=True)
    raise ContractError("%s %s: the AutoDNS specification has no such operation" % (method.upper(), bare))


def _label(operation):
    return "%s %s (%s)" % (operation.http_method.upper(), operation.path_name, operation.operation_id)


def _undeclared(schema, value, where=()):
    """The first (path, key) in ``value`` that ``schema`` does not declare, or None (HARNESS-STRICT)."""
    spec = load_spec()
    schema = spec.deref(schema) or {}
    if isinstance(value, dict) and "properties" in schema and "additionalProperties" not in schema:
        for key, item in value.items():
            if key not in schema["properties"]:
                return where, key
            found = _undeclared(schema["properties"][key], item, (*where, key))
            if found:
                return found
    elif isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found = _undeclared(schema["items"], item, (*where, index))
            if found:
                return found
    return None


def _check(operation, what, schema, value, strict=False):
    from bravado_core.validate import validate_schema_object

    try:
        with warnings.catch_warnings():
            # bravado-core still uses jsonschema's deprecated RefResolver; nothing for us to act on.
            warnings.filterwarnings("ignore", message="Accessing Validator.resolver", category=DeprecationWarning)
            validate_schema_object(load_spec(), schema, value)
    except Exception as exc:  # jsonschema.ValidationError or bravado-core's SwaggerValidationError
        message = getattr(exc, "message", None) or str(exc).splitlines()[0]
        where = "/".join(str(p) for p in getattr(exc, "absolute_path", ()) or ())
        raise ContractError(
            "%s: the spec rejects the %s%s: %s" % (_label(operation), what, " at " + where if where else "", message)
        ) from None
    found = _undeclared(schema, value) if strict else None
    if found:
        where = "/".join(str(p) for p in found[0])
        raise ContractError(
            "%s: the %s has a field the spec does not declare%s: %r"
            % (_label(operation), what, " at " + where if where else "", found[1])
        )


def _coerce(param_spec, raw):
    """A path or query value (always a string on the wire) as the type the spec declares."""
    kind = param_spec.get("type")
    if kind == "integer" and re.match(r"^-?\d+$", raw):
        return int(raw)
    if kind == "boolean" and raw in ("true", "false"):
        return raw == "true"
    return raw


def _query_pairs(query):
    if query is None:
        return []
    if isinstance(query, str):
        return parse_qsl(query, keep_blank_values=True)
    pairs = []
    items = query.items() if hasattr(query, "items") else query
    for name, value in items:
        for one in value if isinstance(value, (list, tuple)) else [value]:
            pairs.append((name, one))
    return pairs


def validate_request(method, path, query=None, body=None, headers=None, strict=True):
    """Raise ContractError unless the spec accepts this request.

    ``strict`` (default): a body field the spec does not declare is an error too (HARNESS-STRICT).

    ``query`` is a dict (values may be lists), a list of pairs or a query string; pairs in the
    path's own query string are checked too. ``headers``: only ``X-Domainrobot-*`` names are
    checked, against the header parameters the operation declares.
    """
    operation, path_params, url_pairs = find_operation(method, path)
    spec = load_spec()
    params = {p.name: spec.deref(p.param_spec) for p in operation.params.values()}

    for name, raw in path_params.items():
        pspec = params.get(name)
        if pspec is None or pspec.get("in") != "path":
            raise ContractError("%s: unknown path parameter %r" % (_label(operation), name))
        schema = {k: v for k, v in pspec.items() if k in ("type", "format", "enum", "minimum", "maximum")}
        _check(operation, "path parameter %r" % name, schema, _coerce(pspec, raw))

    for name, raw in url_pairs + _query_pairs(query):
        key = name[:-2] if name.endswith("[]") else name
        if key in GENERAL_QUERY_PARAMETERS:
            continue
        pspec = params.get(key)
        if pspec is None or pspec.get("in") != "query":
            raise ContractError("%s: query parameter %r is not in the spec" % (_label(operation), name))
        item = dict(pspec.get("items", {})) if pspec.get("type") == "array" else dict(pspec)
        if "enum" in item:
            allowed = [v.strip("{}") for v in item["enum"]]
            allowed.extend(EXTRA_LIST_KEYS.get(operation.path_name, ()))
            if raw not in allowed:
                raise ContractError(
                    "%s: query parameter %r value %r is not one of %s" % (_label(operation), name, raw, sorted(allowed))
                )
            item.pop("enum")
        schema = {k: v for k, v in item.items() if k in ("type", "format", "minimum", "maximum")}
        _check(operation, "query parameter %r" % name, schema, _coerce(item, raw))

    for name in headers or ():
        if name.lower().startswith("x-domainrobot-") and not any(
            p.get("in") == "header" and p["name"].lower() == name.lower() for p in params.values()
        ):
            raise ContractError("%s: header %r is not in the spec" % (_label(operation), name))

    body_param = next((p for p in params.values() if p.get("in") == "body"), None)
    if body is not None:
        if body_param is None:
            raise ContractError("%s: the operation takes no body" % _label(operation))
        _check(operation, "request body", body_param["schema"], body, strict)
    elif body_param is not None and body_param.get("required"):
        raise ContractError("%s: the request body is required" % _label(operation))


def validate_response(method, path, http_status, body, strict=True):
    """Raise ContractError unless the spec accepts ``body`` as this operation's answer.

    ``strict`` (default): a field the spec does not declare is an error too, so a flat Job where
    the spec has an ObjectJob (``data[i].job``) is caught (HARNESS-STRICT). The spec marks no
    field as required and allows unknown fields, so without ``strict`` a flat Job would pass;
    pass ``strict=False`` for an answer recorded from the real API, which may carry more.

    The spec documents only HTTP 200 for these operations. AutoDNS answers errors with the same
    envelope (status type ERROR, messages, no data; docs/registrar-apis.md AD-ENV-1), so any
    status is checked against the documented answer schema (HARNESS-STATUS).
    """
    from bravado_core.response import get_response_spec

    operation, _path_params, _pairs = find_operation(method, path)
    try:
        response_spec = get_response_spec(200, operation)
    except Exception:
        raise ContractError("%s: the spec documents no answer" % _label(operation)) from None
    if not isinstance(body, dict):
        raise ContractError("%s: HTTP %s answer is not a JSON object" % (_label(operation), http_status))
    _check(operation, "HTTP %s answer" % http_status, response_spec["schema"], body, strict)
