#!/usr/bin/env bash
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Copy the collection into a real ansible_collections/domainops/registrar tree for ansible-test.
#
# Usage: hacking/test-tree.sh DEST   ->  prints DEST/ansible_collections/domainops/registrar
#
# ansible-test insists on running inside .../ansible_collections/<namespace>/<name> and rejects
# a symlink, while this repo's root *is* the collection. So we copy the files git would ship:
# tracked plus untracked-but-not-ignored (work in progress is tested too; .venv, tests/output
# and other ignored files stay out). The repo's .git does not go along (history is not needed);
# instead the copy gets an empty repository of its own: ansible-test lists a collection's files
# with `git ls-files --cached --others --exclude-standard` of the nearest enclosing repository,
# and without one of its own the tree (under .ansible/, which the outer repo ignores) would be
# seen as empty ("All targets skipped"). The copy is rebuilt on every call so files deleted
# from the work tree don't linger.
set -euo pipefail

dest=${1:?usage: hacking/test-tree.sh DEST}
root=$(cd "$(dirname "$0")/.." && pwd)
coll="$dest/ansible_collections/domainops/registrar"

rm -rf "$coll"
mkdir -p "$coll"
cd "$root"
# -c lists tracked files even when deleted from the work tree: keep only those that exist.
git ls-files -z -c -o --exclude-standard \
    | while IFS= read -r -d '' f; do [[ -e "$f" || -L "$f" ]] && printf '%s\0' "$f"; done \
    | tar --null --no-recursion -T - -cf - \
    | tar -xf - -C "$coll"
git -C "$coll" -c init.defaultBranch=main init -q
echo "$coll"
