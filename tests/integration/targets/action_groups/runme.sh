#!/usr/bin/env bash
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# module_defaults on the collection's action groups: a registrar credential set on group "all"
# reaches no other registrar (fails closed, nothing sent, the key not echoed even at -vvv), and
# one block on group "restore" holding LogicBoxes and AutoDNS credentials serves both providers.
set -eux
# Targets run from a copy of their own folder: reach shared files through the collection path.
# shellcheck source-path=SCRIPTDIR source=../../lib.sh
source "${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/domainops/registrar/tests/integration/lib.sh"
sim_start

# No credentials from the environment: only what the plays set may be used.
unset HOSTUP_API_KEY HOSTUP_API_URL LOGICBOXES_AUTH_USERID LOGICBOXES_API_KEY LOGICBOXES_API_URL \
    AUTODNS_USER AUTODNS_PASSWORD AUTODNS_CONTEXT AUTODNS_API_URL AUTODNS_GATEWAY_URL

# logged runs at -vvv and fails the target when any simulator secret (the HostUp key included)
# appears in the output.
logged playbook ansible-playbook -i "${INVENTORY_PATH}" playbook.yml -e "sim_url=${SIM_URL}" "$@"
grep -q 'Unsupported parameters for (.*) module: hostup_api_key' "${LOG_DIR}/playbook.log"
