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
notes:
  - LogicBoxes/ResellerClub - before any restore request the module reads the order with
    C(domains/details.json) (C(options=All); the contact records it also returns are left out of the
    result) and the order's open actions with C(actions/search-current.json). Any open action means
    C(in_progress) and no request, because LogicBoxes refuses a second action on an order; its
    refusal C(There is already an action pending on this Order.) is reported the same way.
  - LogicBoxes/ResellerClub - reasoned guesses, coded to stay safe if wrong (see the collection's
    C(docs/registrar-apis.md)) - which C(details.json) options carry an open action; the answer
    shape of C(actions/search-current.json); that a restore may be accepted with an action status
    outside C(Success), C(Pending), C(InProgress), C(AdminApproved), C(Failed) (for example
    C(RFASent); reported as pending with a warning, the restore may have been billed); what follows
    C(QueuedForDeletion) (refused with that reason); that a LogicBoxes error body on HTTP 500 means
    the request was refused, not executed.
  - LogicBoxes/ResellerClub - the search answer gives no restore deadline (C(orders.endtime) is the
    expiry), so no C(restore_deadline) is reported.
"""
