#!/usr/bin/env bash
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# domain_restore_info against the simulator: the listing scenarios per back end, then an ad-hoc run on env vars alone.
set -eux
# Targets run from a copy of their own folder: reach shared files through the collection path.
source "${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/domainops/registrar/tests/integration/lib.sh"
sim_start

logged playbook ansible-playbook -i "${INVENTORY_PATH}" playbook.yml -e "sim_url=${SIM_URL}" "$@"

# Ad-hoc, credentials and URL from the environment only: one restorable order found, nothing written.
sim_reset
logicboxes_env logged adhoc-logicboxes ansible localhost -m domainops.registrar.domain_restore_info -a "provider=logicboxes pattern=restore-me.*"
grep -q '"count": 1' "${LOG_DIR}/adhoc-logicboxes.log"
grep -q '"changed": false' "${LOG_DIR}/adhoc-logicboxes.log"
[ "$(sim_count logicboxes restore)" = "0" ]

# Option rules are checked before any request: a listing with limit=0 fails.
refused_before_sending adhoc-invalid 'limit must be between 1 and 10000' logicboxes \
    logicboxes_env ansible localhost -m domainops.registrar.domain_restore_info -a "provider=logicboxes limit=0"
