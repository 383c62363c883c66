# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The collection's version, in the one place the code reads it (the HTTP client's User-Agent).

A release changes this line and ``version`` in galaxy.yml together; a unit test checks that
they agree.
"""

from __future__ import annotations

COLLECTION_VERSION = "0.2.0"
