#!/usr/bin/env bash
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# `make demo`: install the collection, start the registrar simulator, run the demo playbooks.
#
# The collection is built into a tarball as it is published (hacking/build-collection.sh: the
# file set the tests use, with the README for installed copies) and installed with ansible-galaxy
# into the venv's site-packages: what users get from a release, in a place the venv's Ansible
# searches without any setting (ansible-core scans sys.path for ansible_collections), so after
# `. .venv/bin/activate` the README's ansible, ansible-playbook and ansible-doc commands find it
# as printed. Nothing outside the repository is touched.
# Expects the venv's bin on PATH (the Makefile does that).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work="$root/.ansible/demo"
rm -rf "$work"
mkdir -p "$work"
# The demo runs as the README's commands will: no collections path set by hand.
unset ANSIBLE_COLLECTIONS_PATH ANSIBLE_COLLECTIONS_PATHS

if ! collections=$(python -c 'import sys, sysconfig; sys.exit(1) if sys.prefix == sys.base_prefix else print(sysconfig.get_paths()["purelib"])'); then
    echo "demo.sh: the python on PATH is not a virtual environment's; run it through 'make demo'" >&2
    exit 1
fi

step() { printf '\n==> %s\n' "$*"; }

# Runs a quiet command; on failure shows its log and stops.
quiet() {
    local log="$1"
    shift
    if ! "$@" >"$log" 2>&1; then
        echo "FAILED: $*" >&2
        tail -n 40 "$log" >&2
        exit 1
    fi
}

step "Installing domainops.registrar into ${collections#"$root"/}"
if ! tarball=$(hacking/build-collection.sh "$work" 2>"$work/build.log"); then
    echo "FAILED: hacking/build-collection.sh" >&2
    tail -n 40 "$work/build.log" >&2
    exit 1
fi
rm -rf "$collections/ansible_collections/domainops/registrar"
quiet "$work/install.log" ansible-galaxy collection install --offline --force -p "$collections" "$tarball"
export ANSIBLE_CONFIG="$root/demo/ansible.cfg"
echo "installed $(basename "$tarball")"

step "Starting the registrar simulator"
python tests/simulator/registrar_sim.py --port 0 --port-file "$work/sim.port" --quiet >"$work/sim.log" 2>&1 &
sim_pid=$!
stop_sim() {
    kill "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
}
trap stop_sim EXIT
for _ in $(seq 100); do
    [[ -s "$work/sim.port" ]] && break
    if ! kill -0 "$sim_pid" 2>/dev/null; then
        echo "the simulator exited:" >&2
        cat "$work/sim.log" >&2
        exit 1
    fi
    sleep 0.1
done
[[ -s "$work/sim.port" ]] || { echo "the simulator did not start within 10 s" >&2; exit 1; }
SIM_URL="http://127.0.0.1:$(cat "$work/sim.port")"
export SIM_URL
echo "simulator at $SIM_URL (log: ${work#"$root"/}/sim.log)"

step "demo/status_sync.yml: sync HostUp domain status"
ansible-playbook demo/status_sync.yml

step "demo/restore.yml: restore deleted domains at LogicBoxes and AutoDNS"
ansible-playbook demo/restore.yml

step "Demo finished"
cat <<'EOF'
Next: 'make sim' keeps a simulator running and prints the export lines for it; then, in another
shell in this directory, '. .venv/bin/activate' and try the commands under "Try it" in README.md.
EOF
