#!/usr/bin/env python
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Print the line CI reads, ``N passed, M failed``, from a nox report and the junit files.

Usage: python hacking/summary.py [--nox-exit RC] NOX_REPORT.json [NOX_REPORT.json ...]

A session with junit files in tests/output/junit/<session>/ counts their test cases (every
sanity test, unit test, integration target and release check); any other session counts as one
test. A failed session whose junit files show no failure counts one failure more, so a crash is
never hidden, nor is a non-zero exit of nox itself (--nox-exit). Exits 1 when anything failed
or a report is missing.
"""

from __future__ import annotations

import glob
import json
import os
import sys
import xml.etree.ElementTree as ET

JUNIT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "output", "junit")
# antsibull-nox's meta session: its sessions are counted on their own.
META_SESSIONS = {"lint"}


def junit_counts(session: str) -> tuple[int, int, int, list[str]] | None:
    files = sorted(glob.glob(os.path.join(JUNIT, session, "*.xml")))
    if not files:
        return None
    passed = failed = skipped = 0
    names = []
    for path in files:
        try:
            cases = list(ET.parse(path).iter("testcase"))
        except (ET.ParseError, OSError):
            failed += 1
            names.append("%s (unreadable junit file)" % os.path.basename(path))
            continue
        for case in cases:
            if case.find("failure") is not None or case.find("error") is not None:
                failed += 1
                names.append("%s::%s" % (case.get("classname") or "", case.get("name")))
            elif case.find("skipped") is not None:
                skipped += 1
            else:
                passed += 1
    return passed, failed, skipped, names


def main() -> int:
    args = sys.argv[1:]
    nox_exit = 0
    if args[:1] == ["--nox-exit"]:
        nox_exit = int(args[1])
        args = args[2:]
    sessions = []
    missing = []
    for report in args:
        try:
            with open(report, encoding="utf-8") as handle:
                sessions += json.load(handle)["sessions"]
        except (OSError, ValueError, KeyError):
            missing.append(report)
    total_passed = total_failed = 0
    print()
    print("%-28s %-8s %7s %7s %8s %7s" % ("session", "result", "passed", "failed", "skipped", "time"))
    for session in sessions:
        name, result = session["name"], session["result"]
        if name in META_SESSIONS:
            continue
        counts = junit_counts(name)
        if result == "skipped":
            print("%-28s %-8s %s" % (name, result, session.get("reason") or ""))
            continue
        passed, failed, skipped, names = counts or ((1, 0, 0, []) if result == "success" else (0, 0, 0, []))
        if result != "success" and not failed:
            failed += 1  # the session failed without a failing test result: a crash, a setup error
            names.append("%s (session %s without a failing test)" % (name, result))
        total_passed += passed
        total_failed += failed
        print("%-28s %-8s %7d %7d %8d %6.0fs" % (name, result, passed, failed, skipped, session.get("duration") or 0))
        for failed_name in names[:10]:
            print("    failed: " + failed_name)
        if len(names) > 10:
            print("    ... and %d more (junit files in %s)" % (len(names) - 10, os.path.relpath(JUNIT)))
    for report in missing:
        print("no nox report at %s (nox did not finish)" % report)
        total_failed += 1
    if nox_exit and not total_failed:
        print("nox exited %d without a failed session" % nox_exit)
        total_failed += 1
    print()
    print("%d passed, %d failed" % (total_passed, total_failed))
    return 1 if total_failed else 0


if __name__ == "__main__":
    sys.exit(main())
