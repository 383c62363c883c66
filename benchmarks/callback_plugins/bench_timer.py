# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Benchmark helper callback: one JSON line per finished task, with its duration and a few facts.

Not part of the collection's API. benchmarks/run.py enables it through ANSIBLE_CALLBACK_PLUGINS
and ANSIBLE_CALLBACKS_ENABLED=bench_timer and points BENCH_TIMINGS_FILE at the file to append to.
A task's duration runs from the strategy starting it to its result arriving on the controller:
worker fork, AnsiballZ payload, module run and result processing, as a user sees it.
"""

from __future__ import annotations

import json
import os
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r"""
name: bench_timer
type: aggregate
short_description: Per-task timings for benchmarks/run.py
description:
  - Appends one JSON line per finished task to the file named by E(BENCH_TIMINGS_FILE).
requirements:
  - enabled through C(ANSIBLE_CALLBACKS_ENABLED=bench_timer)
"""


def _facts(result):
    """The few result fields the benchmark checks, never the whole (possibly large) result."""
    facts = {}
    for key in ("changed", "failed", "msg", "summary", "restore_status", "status", "action_status"):
        if key in result:
            facts[key] = result[key]
    items = result.get("results")
    if isinstance(items, list):
        facts["items"] = len(items)
        facts["item_failures"] = sum(1 for item in items if isinstance(item, dict) and item.get("failed"))
        statuses = sorted({item.get("status") for item in items if isinstance(item, dict) and "status" in item})
        if statuses:
            facts["item_statuses"] = statuses
    if isinstance(facts.get("msg"), str):
        facts["msg"] = facts["msg"][:300]
    return facts


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_timer"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._path = os.environ.get("BENCH_TIMINGS_FILE")
        self._started = {}

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._started[task._uuid] = time.monotonic()

    def _record(self, result, outcome):
        end = time.monotonic()
        if not self._path:
            return
        task = result._task
        start = self._started.get(task._uuid, end)
        entry = _facts(result._result)
        entry.update(task=task.get_name(), outcome=outcome, seconds=end - start)
        with open(self._path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, default=str) + "\n")

    def v2_runner_on_ok(self, result):
        self._record(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, "failed")

    def v2_runner_on_unreachable(self, result):
        self._record(result, "unreachable")

    def v2_runner_on_skipped(self, result):
        self._record(result, "skipped")
