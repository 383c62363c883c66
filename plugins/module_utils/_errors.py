# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one error type of the collection: what went wrong, where, and whether it may have happened."""

from __future__ import annotations

from typing import Any


class RegistrarError(Exception):
    """A failed registrar operation, described for a human in one line and for a playbook as data.

    ``maybe_executed`` is True when the request reached the registrar and the answer does not
    prove it was refused (a timeout, a reset connection, a 5xx): the caller must re-read state
    instead of sending the request again.
    """

    def __init__(
        self,
        provider: str,
        operation: str,
        message: str,
        http_status: int | None = None,
        code: Any = None,
        request_id: Any = None,
        details: Any = None,
        maybe_executed: bool = False,
    ) -> None:
        super().__init__(message)
        self.provider = provider
        self.operation = operation
        self.message = message
        self.http_status = http_status
        self.code = code
        self.request_id = request_id
        self.details = details or []
        self.maybe_executed = maybe_executed

    def __str__(self) -> str:
        return self.one_line()

    def one_line(self) -> str:
        """Return ``<provider> <operation> failed: HTTP <status>, code <code>: <message> (request id <id>)``."""
        parts = []
        if self.http_status is not None:
            parts.append("HTTP %s" % self.http_status)
        if self.code:
            parts.append("code %s" % self.code)
        head = "%s %s failed" % (self.provider, self.operation)
        if parts:
            head += ": " + ", ".join(parts)
        text = "%s: %s" % (head, self.message) if self.message else head
        if self.request_id:
            text += " (request id %s)" % self.request_id
        # A registrar text may carry newlines; the contract promises one line.
        return " ".join(text.split())

    def as_dict(self) -> dict[str, Any]:
        """Structured error data for the task result."""
        return {
            "provider": self.provider,
            "operation": self.operation,
            "http_status": self.http_status,
            "code": self.code,
            "message": self.message,
            "request_id": self.request_id,
            "details": self.details,
            "maybe_executed": self.maybe_executed,
        }
