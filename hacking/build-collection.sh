#!/usr/bin/env bash
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Build the collection tarball the way it is published, and print its path.
#
# Usage: hacking/build-collection.sh OUTDIR
#
# The tarball holds the files git would ship (hacking/test-tree.sh) minus galaxy.yml's
# build_ignore, with one difference from the repository: its README.md is README-galaxy.md,
# the README for someone who installed the collection (Galaxy and automation hub render the
# tarball's README.md; the repository's README.md starts with `make demo` and `make test`,
# which the tarball does not contain). Expects ansible-galaxy on PATH.
set -euo pipefail

out=${1:?usage: hacking/build-collection.sh OUTDIR}
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/registrar-build.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

tree=$("$root/hacking/test-tree.sh" "$scratch")
cp "$tree/README-galaxy.md" "$tree/README.md"
mkdir -p "$out"
log=$(ansible-galaxy collection build --force --output-path "$out" "$tree")
# "Created collection for domainops.registrar at /path/domainops-registrar-X.Y.Z.tar.gz"
tarball=${log##* at }
test -s "$tarball"
echo "$tarball"
