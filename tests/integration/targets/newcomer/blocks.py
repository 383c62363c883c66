# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Print the fenced code blocks of a Markdown file that follow a ``<!-- newcomer-test: KIND -->`` marker.

Usage: python blocks.py FILE KIND [NAME]

The README and docs/simulator.md mark the commands a newcomer is told to run, so the test runs
what the documents print, not a copy that could drift. KIND is ``simulator`` (the command that
starts the simulator), ``environment`` (activation and export lines), ``commands`` (commands to
run as printed) or ``playbook`` (a playbook to save, NAME being the file name the text gives).
All blocks of that kind are printed in document order, each followed by a newline; a file
without any fails, so removing a marker cannot silently empty the test.
"""

import re
import sys

MARKER = re.compile(r"^<!--\s*newcomer-test:\s*(\S+)(?:\s+(\S+))?\s*-->\s*$")
FENCE = re.compile(r"^(```+|~~~+)")


def blocks(lines, kind, name=None):
    found = []
    index = 0
    while index < len(lines):
        match = MARKER.match(lines[index])
        index += 1
        if not match or match.group(1) != kind or (name is not None and match.group(2) != name):
            continue
        while index < len(lines) and not lines[index].strip():
            index += 1
        opening = FENCE.match(lines[index]) if index < len(lines) else None
        if not opening:
            raise SystemExit("%s marker on line %d is not followed by a fenced code block" % (kind, index))
        index += 1
        body = []
        while index < len(lines) and not lines[index].startswith(opening.group(1)):
            body.append(lines[index])
            index += 1
        if index == len(lines):
            raise SystemExit("%s block opened before line %d is never closed" % (kind, index))
        index += 1
        found.append("\n".join(body) + "\n")
    return found


def main(argv):
    if len(argv) not in (3, 4):
        raise SystemExit(__doc__.split("\n\n", 1)[1].split("\n\n", 1)[0])
    path, kind = argv[1], argv[2]
    name = argv[3] if len(argv) == 4 else None
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    found = blocks(lines, kind, name)
    if not found:
        raise SystemExit("no '%s' block marked in %s" % (kind if name is None else kind + " " + name, path))
    sys.stdout.write("".join(found))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
