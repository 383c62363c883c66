# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    # The options of plugins/module_utils/_autodns/base.py AUTODNS_ARGUMENT_SPEC.
    DOCUMENTATION = r"""
options:
  autodns_username:
    description:
      - AutoDNS user. Required for V(autodns).
      - If not set, the value of the E(AUTODNS_USER) environment variable is used.
      - Ignored with V(logicboxes) and V(resellerclub).
    type: str
  autodns_password:
    description:
      - AutoDNS password. Required for V(autodns).
      - If not set, the value of the E(AUTODNS_PASSWORD) environment variable is used.
      - Ignored with V(logicboxes) and V(resellerclub).
    type: str
  autodns_context:
    description:
      - AutoDNS context, sent as C(X-Domainrobot-Context) (JSON) or C(<context>) (XML).
        V(4) is the live personal context; the demo system usually uses V(1).
      - If not set, the value of the E(AUTODNS_CONTEXT) environment variable is used, then the default.
      - Ignored with V(logicboxes) and V(resellerclub).
    type: int
    default: 4
  autodns_api_url:
    description:
      - Base URL of the AutoDNS JSON API (O(transport=json)).
      - If not set, the value of the E(AUTODNS_API_URL) environment variable is used. An empty value
        counts as not set.
      - When neither is set, the live system C(https://api.autodns.com/v1) is used, or the demo system
        C(https://api.demo.autodns.com/v1) with O(sandbox=true). When it is set (in the task or by the
        environment variable) it wins over O(sandbox).
      - Ignored with V(logicboxes) and V(resellerclub).
    type: str
  autodns_gateway_url:
    description:
      - URL of the AutoDNS XML gateway (O(transport=xml)).
      - If not set, the value of the E(AUTODNS_GATEWAY_URL) environment variable is used. An empty value
        counts as not set.
      - When neither is set, the live gateway C(https://gateway.autodns.com) is used, or the demo
        gateway C(https://demo.autodns.com/gateway/) with O(sandbox=true). When it is set (in the task
        or by the environment variable) it wins over O(sandbox).
      - Ignored with V(logicboxes) and V(resellerclub).
    type: str
"""
