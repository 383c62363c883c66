# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    # The options of plugins/module_utils/_logicboxes.py LOGICBOXES_ARGUMENT_SPEC.
    DOCUMENTATION = r"""
options:
  logicboxes_auth_userid:
    description:
      - LogicBoxes/ResellerClub reseller id (C(auth-userid)). Required for V(logicboxes) and V(resellerclub).
      - If not set, the value of the E(LOGICBOXES_AUTH_USERID) environment variable is used.
      - Ignored with V(autodns).
    type: str
  logicboxes_api_key:
    description:
      - LogicBoxes/ResellerClub API key. Required for V(logicboxes) and V(resellerclub).
      - If not set, the value of the E(LOGICBOXES_API_KEY) environment variable is used.
      - As the API requires, reads (HTTP GET) carry the key in the query string of the URL; the restore
        (HTTP POST) carries it in the request body. The collection redacts it from every URL, message
        and result it prints.
      - The host running the module must be on the reseller's API allow-list (at most 3 IPs).
      - Ignored with V(autodns).
    type: str
  logicboxes_api_url:
    description:
      - Base URL of the LogicBoxes/ResellerClub HTTP API.
      - If not set, the value of the E(LOGICBOXES_API_URL) environment variable is used. An empty value
        counts as not set.
      - When neither is set, the live system C(https://httpapi.com/api/) is used, or the test system
        C(https://test.httpapi.com/api/) with O(sandbox=true). When it is set (in the task or by the
        environment variable) it wins over O(sandbox).
      - Ignored with V(autodns).
    type: str
"""
