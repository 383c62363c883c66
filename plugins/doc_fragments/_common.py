# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    # The options of plugins/module_utils/_common.py COMMON_ARGUMENT_SPEC.
    DOCUMENTATION = r"""
options:
  timeout:
    description:
      - Seconds to wait for each HTTP request (connecting and each read).
    type: float
    default: 60
  validate_certs:
    description:
      - Verify the registrar's TLS certificate.
      - Only turn this off for a test system you trust.
      - A plain C(http://) URL to a host that is not loopback draws a warning.
    type: bool
    default: true
  retries:
    description:
      - Extra tries for a request the registrar provably did not execute (HTTP 429, or a connection
        that was never established).
      - Requests that are safe to repeat (reads, and HostUp status syncs, which only refresh the
        panel's copy) are also retried on HTTP 502, 503, 504, timeouts and connections broken mid-answer.
      - A restore request is never re-sent after an answer or timeout that may mean it was executed;
        the module re-reads the domain's state instead.
      - Waits grow exponentially (about 1, 2, 4 ... seconds, with jitter) up to O(max_retry_wait).
        A C(Retry-After) answer is honoured; one longer than O(max_retry_wait) fails at once.
      - Between 0 and 10.
    type: int
    default: 3
  max_retry_wait:
    description:
      - The longest single wait between two tries, in seconds.
    type: float
    default: 60
notes:
  - Secrets (API keys, passwords, EPP/auth codes) are removed from every result, warning and error
    message, also with C(-vvv).
requirements:
  - requests
"""

    # The action groups of meta/runtime.yml, one fragment per module family.
    ATTRIBUTES_HOSTUP = r"""
attributes:
  action_group:
    description:
      - Use C(group/domainops.registrar.hostup) in C(module_defaults) for the HostUp options,
        C(group/domainops.registrar.all) for the common options only.
    support: full
    membership:
      - domainops.registrar.all
      - domainops.registrar.hostup
"""

    ATTRIBUTES_RESTORE = r"""
attributes:
  action_group:
    description:
      - Use C(group/domainops.registrar.restore) in C(module_defaults) for the LogicBoxes and AutoDNS
        options (both may be set there together), C(group/domainops.registrar.all) for the common options only.
    support: full
    membership:
      - domainops.registrar.all
      - domainops.registrar.restore
"""
