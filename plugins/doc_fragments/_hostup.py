# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    # The options of plugins/module_utils/_hostup.py HOSTUP_ARGUMENT_SPEC.
    DOCUMENTATION = r"""
options:
  hostup_api_key:
    description:
      - HostUp API key, sent as the C(X-API-Key) header to the legacy API and as a bearer token
        (C(Authorization) header) to the API v2. Required.
      - If not set, the value of the E(HOSTUP_API_KEY) environment variable is used; when neither is
        set the task fails before any request, naming both.
      - The key needs the domain scope, and its IP restriction (if any) must allow the host that runs the module.
      - Set it in C(module_defaults) on C(group/domainops.registrar.hostup), not on
        C(group/domainops.registrar.all). The modules of the other registrars have no C(hostup_*)
        options and fail with C(Unsupported parameters) before sending anything.
    type: str
  hostup_api_url:
    description:
      - Base URL of the HostUp API. The API v2 routes are under C(<hostup_api_url>/v2/).
      - If not set, the value of the E(HOSTUP_API_URL) environment variable is used, then the default.
        An empty value counts as not set.
    type: str
    default: https://cloud.hostup.se/api
"""
