# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The collection's only HTTP seam.

``HttpClient`` wraps one ``requests.Session`` and owns URL joining, the User-Agent, timeouts,
TLS verification, the retry policy, response decoding, error mapping and redaction. Providers
describe their API on top of it; modules never touch ``requests`` themselves.

Retry policy (the contract's ``retries`` and ``max_retry_wait``):

* HTTP 429 and connections that were never established are re-sent for every request: the
  registrar provably did not execute them.
* Requests marked ``repeatable`` (reads, HostUp status syncs) are also re-sent on 502, 503, 504,
  read timeouts and connections broken mid-answer.
* Anything else is never re-sent. A non-repeatable request (a restore) that may have been
  executed fails with ``RegistrarError.maybe_executed`` set, so the caller re-reads state.
* Waits grow exponentially (1, 2, 4, ... s) with jitter, capped by ``max_retry_wait``; a
  ``Retry-After`` answer is honoured, and one longer than ``max_retry_wait`` fails at once rather
  than hammering a registrar that asked for patience.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import random
import threading
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Callable, Optional
from urllib.parse import SplitResult, urlsplit, urlunsplit

from ansible_collections.domainops.registrar.plugins.module_utils._errors import RegistrarError
from ansible_collections.domainops.registrar.plugins.module_utils._redact import Redactor
from ansible_collections.domainops.registrar.plugins.module_utils._version import COLLECTION_VERSION

REQUESTS_IMPORT_ERROR: str | None
try:
    import requests
    from requests.adapters import HTTPAdapter
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None

NewConnectionError: type | None
try:
    from urllib3.exceptions import NewConnectionError
except ImportError:  # pragma: no cover - urllib3 always comes with requests
    NewConnectionError = None

USER_AGENT = "domainops.registrar/%s" % COLLECTION_VERSION

# Registrar answers are small; a multi-megabyte body is a misrouted request or an attack.
MAX_BODY_BYTES = 4 * 1024 * 1024
_CHUNK = 64 * 1024
BACKOFF_BASE = 1.0
RETRYABLE_FOR_REPEATABLE = frozenset((502, 503, 504))


class ClientSettings:
    """The common options every module takes (see the ``common`` doc fragment)."""

    def __init__(
        self, timeout: float = 60.0, validate_certs: bool = True, retries: int = 3, max_retry_wait: float = 60.0
    ) -> None:
        self.timeout = float(timeout)
        self.validate_certs = bool(validate_certs)
        self.retries = int(retries)
        self.max_retry_wait = float(max_retry_wait)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> ClientSettings:
        return cls(
            timeout=params["timeout"],
            validate_certs=params["validate_certs"],
            retries=params["retries"],
            max_retry_wait=params["max_retry_wait"],
        )


class DecodeError(ValueError):
    """An answer the decoder cannot read; its text is the one-line reason shown to the user."""


# A decoder turns an answer's body (bytes, Content-Type) into data, or raises ``DecodeError``.
Decoder = Callable[[bytes, str], Any]


def decode_json(content: bytes, content_type: str) -> Any:
    """The JSON value of the body (any JSON value, a bare integer too)."""
    if not content.strip():
        raise DecodeError("the answer is empty")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise DecodeError("the answer is not valid UTF-8") from None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # absurdly deep nesting is as unusable as bad syntax
        raise DecodeError("the answer is not valid JSON (Content-Type %s)" % (content_type or "missing")) from None


class HttpResponse:
    """A decoded answer: HTTP status, headers, raw text and the data its API's decoder read.

    ``decoder`` None leaves ``data`` None; a body the decoder refuses leaves ``data`` None and the
    reason in ``decode_error``.
    """

    def __init__(self, status: int, headers: Mapping[str, str], content: bytes, decoder: Decoder | None) -> None:
        self.status = status
        self.headers = headers
        self.content = content
        self.data: Any = None
        self.decode_error: str | None = None
        self.text = content.decode("utf-8", errors="replace")
        if decoder is not None:
            try:
                self.data = decoder(content, self.content_type)
            except DecodeError as exc:
                self.decode_error = str(exc)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    def snippet(self, size: int = 120) -> str:
        """The start of the body on one line, tags stripped: enough to recognise an HTML error page."""
        text = self.text
        if "<" in text and ">" in text and "html" in text[:500].lower():
            out, inside = [], False
            for char in text:
                if char == "<":
                    inside = True
                elif char == ">":
                    inside = False
                    out.append(" ")
                elif not inside:
                    out.append(char)
            text = "".join(out)
        text = " ".join(text.split())
        return text[:size] + ("..." if len(text) > size else "")


class RateLimiter:
    """Spaces requests so that no more than ``per_second`` start in any second (thread-safe)."""

    def __init__(
        self,
        per_second: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 1.0 / per_second
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next = 0.0

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            self._sleep(start - now)


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def split_http_url(url: str) -> SplitResult | None:
    """The parts of an http:// or https:// URL with a host and a valid port, or None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts


def display_url(url: str) -> str:
    """The URL without query string, fragment or user info: what may be shown to a user."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "(an invalid URL)"
    netloc = parts.hostname or ""
    if ":" in netloc:
        netloc = "[%s]" % netloc
    if port:
        netloc += ":%d" % port
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def join_url(base_url: str, path: str) -> str:
    """Join an API base URL and a relative path, keeping the base's own path."""
    return base_url.rstrip("/") + "/" + path.lstrip("/")


def _never_connected(exc: BaseException) -> bool:
    """True when the exception proves the request never reached the server."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(exc, (requests.exceptions.SSLError, requests.exceptions.ProxyError)):
        # A failed TLS or proxy handshake happens before the request is written.
        return True
    if not isinstance(exc, requests.exceptions.ConnectionError):
        return False
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)
    return NewConnectionError is not None and isinstance(reason, NewConnectionError)


def _describe_exception(exc: BaseException, timeout: float) -> str:
    """A short human description of a transport failure, never including the URL (it may hold secrets)."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "the connection timed out after %g s" % timeout
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return "no answer within %g s (read timeout)" % timeout
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS handshake failed (certificate not trusted? see validate_certs)"
    if isinstance(exc, requests.exceptions.ProxyError):
        return "the proxy refused the connection"
    if _never_connected(exc):
        text = repr(exc).lower()
        if "name or service not known" in text or "nodename nor servname" in text or "resolution" in text:
            return "the host name could not be resolved"
        if "refused" in text:
            return "the connection was refused"
        return "the connection could not be established"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "the connection broke while the answer was being read (truncated answer)"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return "the connection was reset or closed before a complete answer arrived"
    return "the request failed (%s)" % type(exc).__name__


class _BodyTooLarge(Exception):
    pass


# ``error_mapper(client, operation, response)`` raises the provider's ``RegistrarError`` (built
# with ``client.error``) for a registrar-level failure, which may arrive with any HTTP status.
ErrorMapper = Callable[["HttpClient", str, HttpResponse], None]
# Reads the registrar's request id (``requestId``, ``stid``) from an answer, for error messages.
RequestIdReader = Callable[[HttpResponse], Optional[str]]
# Called with each HTTP 429 answer before the retry wait, e.g. to lower a batch's concurrency.
ThrottleHook = Callable[[HttpResponse], None]


@dataclass(frozen=True)
class Api:
    """What one registrar API contributes to its ``HttpClient``: each provider builds one from its options.

    ``secrets`` are values the redactor learns before any request (keys sent in URLs or bodies);
    credentials in ``headers`` (``X-API-Key``, ``Authorization``) and ``auth`` are learnt anyway.
    """

    provider: str
    base_url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    auth: tuple[str, str] | None = None
    decoder: Decoder = decode_json
    error_mapper: ErrorMapper | None = None
    request_id_of: RequestIdReader | None = None
    rate_limit: float | None = None
    secrets: tuple[str, ...] = ()


class HttpClient:
    """One registrar API (``Api``) over one ``requests.Session``: the collection's only client factory.

    Hooks are fixed at construction: ``sleep`` (waits between retries) and ``on_throttle`` (each 429).
    """

    def __init__(
        self,
        api: Api,
        settings: ClientSettings,
        redactor: Redactor,
        sleep: Callable[[float], None] = time.sleep,
        on_throttle: ThrottleHook | None = None,
        pool_size: int = 32,
    ) -> None:
        self.provider = api.provider
        self.base_url = api.base_url
        self.settings = settings
        self.redactor = redactor
        self.warnings: list[str] = []
        self._decoder = api.decoder
        self._error_mapper = api.error_mapper
        self._request_id_of = api.request_id_of or (lambda response: None)
        self._limiter = RateLimiter(api.rate_limit, sleep=sleep) if api.rate_limit else None
        self._sleep = sleep
        self._on_throttle = on_throttle
        self._random = random.Random()
        for secret in api.secrets:
            redactor.add(secret)
        self.session = requests.Session()
        # urllib3 must never retry on its own: every re-send is decided here.
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=pool_size, max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.headers["Accept"] = "application/json"
        if api.headers:
            self.session.headers.update(api.headers)
            for name, value in api.headers.items():
                if name.lower() in ("x-api-key", "authorization"):
                    redactor.add(value)
        if api.auth:
            user, password = api.auth
            # UTF-8 bytes: requests would encode str credentials as Latin-1 and fail on other characters.
            self.session.auth = (user.encode("utf-8"), password.encode("utf-8"))  # type: ignore[assignment]  # stubs: str only
            redactor.add(password)
            # The Authorization header carries base64(user:password): an echo of it is a leak too.
            token = base64.b64encode(("%s:%s" % (user, password)).encode("utf-8")).decode("ascii")
            redactor.add(token)
        self._check_base_url()

    def _check_base_url(self) -> None:
        parts = split_http_url(self.base_url)
        if parts is None:
            raise RegistrarError(
                self.provider,
                "configuration",
                "the API URL must be an http:// or https:// URL, got %s" % display_url(self.base_url),
            )
        if parts.scheme == "http" and not is_loopback_host(parts.hostname):
            self.warnings.append(
                "%s API URL %s uses plain http:// to a non-loopback host: credentials travel unencrypted"
                % (self.provider, display_url(self.base_url))
            )

    def url(self, path: str) -> str:
        return join_url(self.base_url, path) if path else self.base_url

    def error(
        self,
        operation: str,
        message: str,
        response: HttpResponse | None = None,
        code: Any = None,
        request_id: Any = None,
        details: Any = None,
        maybe_executed: bool = False,
    ) -> RegistrarError:
        """Build a ``RegistrarError`` with every text redacted."""
        if response is not None and request_id is None:
            request_id = self._request_id_of(response)
        return RegistrarError(
            self.provider,
            operation,
            self.redactor.text(message),
            http_status=response.status if response is not None else None,
            code=self.redactor.text(code) if code else None,
            request_id=self.redactor.text(request_id) if request_id else None,
            details=self.redactor.data(details) if details else None,
            maybe_executed=maybe_executed,
        )

    def request(
        self,
        operation: str,
        method: str,
        path: str,
        params: Mapping[str, Any] | None = None,
        form: Mapping[str, Any] | None = None,
        json_body: Any = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        repeatable: bool = False,
    ) -> HttpResponse:
        """Send one request under the retry policy and return the checked, decoded ``HttpResponse``.

        ``repeatable`` marks requests that are safe to send twice (reads, status syncs).
        """
        url = self.url(path)
        attempt = 0
        while True:
            if self._limiter:
                self._limiter.wait()
            try:
                response = self._send(method, url, params, form, json_body, content, headers, self._decoder)
            except _BodyTooLarge:
                raise self.error(
                    operation,
                    "the answer is larger than %d bytes; refusing to read it" % MAX_BODY_BYTES,
                    maybe_executed=not repeatable,
                ) from None
            except UnicodeError:
                # Raised while encoding the request, before anything was sent.
                raise self.error(operation, "the request could not be encoded (a header value is not ASCII)") from None
            except requests.exceptions.RequestException as exc:
                not_sent = _never_connected(exc)
                if attempt < self.settings.retries and (not_sent or repeatable):
                    self._sleep(self._backoff(attempt))
                    attempt += 1
                    continue
                message = "%s (%s)" % (_describe_exception(exc, self.settings.timeout), display_url(url))
                if attempt:
                    message += " after %d attempts" % (attempt + 1)
                raise self.error(operation, message, maybe_executed=not not_sent and not repeatable) from None

            if response.status == 429 or (repeatable and response.status in RETRYABLE_FOR_REPEATABLE):
                if response.status == 429 and self._on_throttle:
                    self._on_throttle(response)
                if attempt < self.settings.retries:
                    self._sleep(self._retry_wait(operation, response, attempt))
                    attempt += 1
                    continue
            return self._check(operation, response, repeatable)

    def _send(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        form: Mapping[str, Any] | None,
        json_body: Any,
        content: bytes | None,
        headers: Mapping[str, str] | None,
        decoder: Decoder | None,
    ) -> HttpResponse:
        with self.session.request(
            method,
            url,
            params=params,
            data=form if form is not None else content,
            json=json_body,
            headers=headers,
            timeout=self.settings.timeout,
            # Per request: requests lets REQUESTS_CA_BUNDLE override a session-level verify=False.
            verify=self.settings.validate_certs,
            stream=True,
        ) as raw:
            declared = raw.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
                raise _BodyTooLarge()
            chunks, size = [], 0
            for chunk in raw.iter_content(_CHUNK):
                size += len(chunk)
                if size > MAX_BODY_BYTES:
                    raise _BodyTooLarge()
                chunks.append(chunk)
            return HttpResponse(raw.status_code, raw.headers, b"".join(chunks), decoder)

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.settings.max_retry_wait, BACKOFF_BASE * (2**attempt))
        # Jitter spreads the retries of concurrent workers so they do not arrive together.
        return self._random.uniform(ceiling / 2.0, ceiling)

    def _retry_wait(self, operation: str, response: HttpResponse, attempt: int) -> float:
        retry_after = _parse_retry_after(response.header("Retry-After"))
        if retry_after is None:
            return self._backoff(attempt)
        if retry_after > self.settings.max_retry_wait:
            raise self.error(
                operation,
                "the registrar asked to wait %g s before retrying (Retry-After), longer than max_retry_wait=%g"
                % (retry_after, self.settings.max_retry_wait),
                response=response,
            )
        return retry_after

    def _check(self, operation: str, response: HttpResponse, repeatable: bool) -> HttpResponse:
        if self._error_mapper:
            try:
                self._error_mapper(self, operation, response)
            except RegistrarError as exc:
                # A gateway status is never the registrar's last word, whatever the body says.
                if not repeatable and response.status in RETRYABLE_FOR_REPEATABLE:
                    exc.maybe_executed = True
                raise
        if not response.ok:
            # Only a 429 proves the request was refused unexecuted; any other error status on a
            # request that is not safe to repeat leaves its outcome open.
            maybe_executed = not repeatable and response.status != 429
            message = "unexpected answer"
            if response.status == 429:
                message = "rate limited by the registrar; retries exhausted"
            elif response.content.strip():
                message = "unexpected answer: %s" % response.snippet()
            else:
                message = "unexpected answer with an empty body"
            raise self.error(operation, message, response=response, maybe_executed=maybe_executed)
        if response.decode_error:
            raise self.error(operation, response.decode_error, response=response, maybe_executed=not repeatable)
        return response


def _parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date); None when absent or unusable."""
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        from email.utils import parsedate_to_datetime

        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())
