# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""HostUp: ``base`` (options, shared reading rules), ``legacy`` (panel ids) and ``v2`` (names, ``dom_`` ids)."""
