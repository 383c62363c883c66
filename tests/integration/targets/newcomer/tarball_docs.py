# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Check the documents inside a built collection tarball, as someone who installed it reads them.

Usage: python tarball_docs.py TARBALL

- README.md (what Galaxy and automation hub show) is the packaged README that galaxy.yml names,
  and it tells no one to run a repository command (`make ...`, `hacking/...`, `.venv`): the
  tarball has none of them.
- Every relative link in every Markdown file of the tarball points at a file in the tarball.
"""

import json
import posixpath
import re
import sys
import tarfile

LINK = re.compile(r"\]\(([^)\s]+)\)")
REPOSITORY_ONLY = re.compile(r"\bmake (demo|test|sim|lint|units|sanity|integration)\b|\bhacking/|\.venv\b")


def problems(tarball):
    found = []
    with tarfile.open(tarball) as tar:
        members = {member.name.rstrip("/"): member for member in tar.getmembers()}

        def text(name):
            return tar.extractfile(members[name]).read().decode("utf-8")

        readme = json.loads(text("MANIFEST.json"))["collection_info"]["readme"]
        if readme not in members:
            found.append("MANIFEST.json names readme %s, which the tarball lacks" % readme)
        elif text("README.md") != text(readme):
            found.append("README.md is not the packaged README %s" % readme)
        for number, line in enumerate(text("README.md").split("\n"), 1):
            if REPOSITORY_ONLY.search(line):
                found.append("README.md:%d names a repository-only command: %s" % (number, line.strip()))

        for name in sorted(members):
            if not name.endswith(".md"):
                continue
            for target in LINK.findall(text(name)):
                if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
                    continue
                path = posixpath.normpath(posixpath.join(posixpath.dirname(name), target.split("#", 1)[0]))
                if path not in members:
                    found.append("%s links %s, which the tarball lacks" % (name, target))
    return found


def main(argv):
    if len(argv) != 2:
        raise SystemExit("usage: python tarball_docs.py TARBALL")
    found = problems(argv[1])
    for problem in found:
        print(problem)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
