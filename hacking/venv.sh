#!/usr/bin/env bash
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Create or refresh a virtual environment with the development requirements.
#
# Usage: hacking/venv.sh VENV_DIR PYTHON
#
# Idempotent and cheap when warm: a stamp file inside the venv holds a hash of the
# requirement files, this script and the interpreter version; pip only runs when that
# hash changes (or the venv is missing or broken).
set -euo pipefail

venv=${1:?usage: hacking/venv.sh VENV_DIR PYTHON}
python=${2:?usage: hacking/venv.sh VENV_DIR PYTHON}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

reqs=(requirements-dev.txt requirements.txt)
stamp="$venv/.requirements-stamp"
log_dir=tests/output
log="$log_dir/$(basename "$venv").install.log"

if ! py_version=$("$python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null); then
    echo "venv: cannot run $python" >&2
    exit 1
fi

key=$( { echo "$py_version"; cat "${reqs[@]}" "$0"; } | sha256sum | cut -d' ' -f1)

venv_version=$("$venv/bin/python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null || true)

if [[ "$venv_version" == "$py_version" && -f "$stamp" && "$(cat "$stamp")" == "$key" ]]; then
    exit 0
fi

mkdir -p "$log_dir"
if [[ "$venv_version" != "$py_version" ]]; then
    echo "venv: creating $venv with $python ($py_version)"
    rm -rf "$venv"
    "$python" -m venv "$venv"
fi

echo "venv: installing requirements into $venv (log: $log)"
rm -f "$stamp"
if ! "$venv/bin/python" -m pip install --disable-pip-version-check -r requirements-dev.txt >"$log" 2>&1; then
    echo "venv: pip install failed; last lines of $log:" >&2
    tail -n 30 "$log" >&2
    exit 1
fi
echo "$key" >"$stamp"
