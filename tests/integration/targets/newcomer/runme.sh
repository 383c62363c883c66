#!/usr/bin/env bash
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# The newcomer's first hour, as the README promises it: a fresh clone, `make demo`, then the
# commands README.md and docs/simulator.md print, run as printed against `make sim`.
#
# - The clone is made from the collection under test including uncommitted work: its files (what
#   git would ship: tracked plus untracked-but-not-ignored, the set hacking/test-tree.sh copies)
#   are committed to a scratch repository, which is then cloned.
# - The commands come from the documents at test time (blocks after `<!-- newcomer-test: KIND -->`
#   markers, see blocks.py), so a README that drifts from what works fails here.
# - They run in a clean environment: no ANSIBLE_* variables, no venv, and no directory on PATH
#   that already holds an `ansible` command, so only what `make demo` built can be used.
# - One change is made to what the documents print: the simulator's port. The documents name the
#   fixed port 8780, which a test on a shared machine cannot claim, so `make sim` gets a free port
#   through SIM_PORT (its documented override) and 127.0.0.1:8780 in the printed commands becomes
#   that port.
# - Last, the tarball hacking/build-collection.sh builds is checked the way an installed copy is read
#   (tarball_docs.py).
# - pip installs what `make demo` needs from the machine's configured index and cache.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
collection="${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/domainops/registrar"
python="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/newcomer.XXXXXX")"
sim_pgid=""

cleanup() {
    if [ -n "${sim_pgid}" ]; then
        kill -TERM -- "-${sim_pgid}" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 -- "-${sim_pgid}" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL -- "-${sim_pgid}" 2>/dev/null || true
    fi
    rm -rf "${work}"
}
trap cleanup EXIT

# show_failure LOG: the end of a step's log, then fail.
show_failure() {
    echo "---- last lines of $1" >&2
    tail -n 60 "$1" >&2
    exit 1
}

blocks() {
    "${python}" "${here}/blocks.py" "$@"
}

# --- A clean environment: what a fresh shell on this machine has, without any Ansible.
clean_path=""
IFS=: read -r -a path_dirs <<<"${PATH}"
for dir in "${path_dirs[@]}"; do
    [ -n "${dir}" ] || continue
    if [ -x "${dir}/ansible" ] || [ -x "${dir}/ansible-playbook" ] || [ -x "${dir}/ansible-test" ]; then
        continue
    fi
    case "${dir}" in "${collection}"/*) continue ;; esac
    clean_path="${clean_path:+${clean_path}:}${dir}"
done
newcomer() {
    env -i HOME="${HOME}" PATH="${clean_path}" LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=dumb TMPDIR="${work}/tmp" \
        ${PYENV_ROOT:+PYENV_ROOT="${PYENV_ROOT}"} "$@"
}
mkdir -p "${work}/tmp"
if newcomer bash -c 'command -v ansible' >/dev/null 2>&1; then
    echo "the clean environment still finds an ansible command" >&2
    exit 1
fi

# --- 1. A fresh clone.
mkdir -p "${work}/origin"
if git -C "${collection}" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # -c also lists tracked files deleted from the work tree: keep only those that exist.
    (cd "${collection}" && git ls-files -z -c -o --exclude-standard) \
        | (cd "${collection}" && while IFS= read -r -d '' f; do [[ -e "$f" || -L "$f" ]] && printf '%s\0' "$f"; done) \
        | (cd "${collection}" && tar --null --no-recursion -T - -cf -) \
        | tar -xf - -C "${work}/origin"
else
    # Not a git work tree (an unpacked copy): everything except what builds and tests produce.
    tar -C "${collection}" --exclude=./tests/output --exclude='./.venv*' --exclude=./.ansible \
        --exclude=./.nox --exclude='__pycache__' -cf - . | tar -xf - -C "${work}/origin"
fi
git -C "${work}/origin" -c init.defaultBranch=main init -q
git -C "${work}/origin" add -A
git -C "${work}/origin" -c user.name=newcomer -c user.email=newcomer@example.invalid \
    commit -q -m "the collection under test"
git clone -q "${work}/origin" "${work}/clone"
clone="${work}/clone"
test -f "${clone}/README.md"
test -f "${clone}/Makefile"

# --- 2. `make demo`, the first of the README's two commands.
echo "newcomer: make demo in a fresh clone"
if ! (cd "${clone}" && newcomer make demo) >"${work}/demo.log" 2>&1; then
    show_failure "${work}/demo.log"
fi
grep -q "Demo finished" "${work}/demo.log" || show_failure "${work}/demo.log"

# --- 3. `make sim` as the README prints it, on a free port.
sim_command="$(blocks "${clone}/README.md" simulator | sed 's/[[:space:]]*#.*$//' | sed '/^$/d')"
[ "$(printf '%s\n' "${sim_command}" | wc -l)" -eq 1 ]
# docs/simulator.md shows the same command to start the simulator.
[ "$(blocks "${clone}/docs/simulator.md" simulator | sed 's/[[:space:]]*#.*$//' | sed '/^$/d')" = "${sim_command}" ]
port="$("${python}" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
echo "newcomer: ${sim_command} (SIM_PORT=${port})"
# In a session of its own, so that cleanup can stop make, hacking/sim.py and the simulator
# together; the shell that setsid starts leads that session and writes its pid (= the group id).
# shellcheck disable=SC2016  # $$ and the arguments are for that inner shell, not this one
newcomer SIM_PORT="${port}" setsid bash -c 'echo $$ >"$1"; cd "$2" && eval "$3"' \
    newcomer-sim "${work}/sim.pgid" "${clone}" "${sim_command}" >"${work}/sim.out" 2>"${work}/sim.err" &
for _ in $(seq 1 300); do
    [ -z "${sim_pgid}" ] && [ -s "${work}/sim.pgid" ] && sim_pgid="$(cat "${work}/sim.pgid")"
    grep -q '^export AUTODNS_GATEWAY_URL=' "${work}/sim.out" 2>/dev/null && break
    sleep 0.1
done
if [ -z "${sim_pgid}" ] || [ "${sim_pgid}" = "$(ps -o pgid= -p $$ | tr -d ' ')" ]; then
    echo "the simulator did not start in a process group of its own" >&2
    exit 1
fi
if ! grep -q '^export AUTODNS_GATEWAY_URL=' "${work}/sim.out"; then
    cat "${work}/sim.out" "${work}/sim.err" >&2
    echo "make sim did not print its export lines" >&2
    exit 1
fi

# The documents' export lines are exactly the ones `make sim` printed (port aside).
to_port() {
    sed "s/127\.0\.0\.1:8780/127.0.0.1:${port}/g"
}
grep '^export ' "${work}/sim.out" >"${work}/sim.exports"
for doc in README.md docs/simulator.md; do
    blocks "${clone}/${doc}" environment | to_port | grep '^export ' >"${work}/doc.exports"
    if ! diff -u "${work}/sim.exports" "${work}/doc.exports"; then
        echo "${doc}: the export lines differ from what make sim prints" >&2
        exit 1
    fi
done

# --- 4. The README's commands, then docs/simulator.md's playbook and commands, as printed.
{
    echo 'set -euxo pipefail'
    blocks "${clone}/README.md" environment | to_port
    blocks "${clone}/README.md" commands | to_port
} >"${work}/readme.sh"
echo "newcomer: the README's commands"
if ! (cd "${clone}" && newcomer bash "${work}/readme.sh") >"${work}/readme.log" 2>&1; then
    show_failure "${work}/readme.log"
fi
# What the README says happens: the sync changed the panel, both restores finished.
grep -q 'localhost | CHANGED' "${work}/readme.log" || show_failure "${work}/readme.log"
[ "$(grep -c '"restore_status": "restored"' "${work}/readme.log")" -eq 2 ] || show_failure "${work}/readme.log"
grep -q 'domain_restore' "${work}/readme.log" || show_failure "${work}/readme.log"
# "Run the ansible lines again and nothing changes."
if ! (cd "${clone}" && newcomer bash "${work}/readme.sh") >"${work}/readme-again.log" 2>&1; then
    show_failure "${work}/readme-again.log"
fi
adhoc_lines="$(blocks "${clone}/README.md" commands | grep -c '^ansible ')"
[ "$(grep -c 'localhost | SUCCESS' "${work}/readme-again.log")" -eq "${adhoc_lines}" ] || show_failure "${work}/readme-again.log"
if grep -q 'localhost | CHANGED' "${work}/readme-again.log"; then
    show_failure "${work}/readme-again.log"
fi

blocks "${clone}/docs/simulator.md" playbook try.yml >"${clone}/try.yml"
{
    echo 'set -euxo pipefail'
    blocks "${clone}/docs/simulator.md" environment | to_port
    blocks "${clone}/docs/simulator.md" commands | to_port
} >"${work}/docs.sh"
echo "newcomer: docs/simulator.md's playbook and commands"
if ! (cd "${clone}" && newcomer bash "${work}/docs.sh") >"${work}/docs.log" 2>&1; then
    show_failure "${work}/docs.log"
fi
# The playbook run twice: the first restores and syncs, the second changes nothing.
recaps="$(grep -E '^localhost +: ok=' "${work}/docs.log" | sed -E 's/.*changed=([0-9]+).*failed=([0-9]+).*/\1 \2/')"
[ "$(printf '%s\n' "${recaps}" | sed -n 1p)" = "3 0" ] || show_failure "${work}/docs.log"
[ "$(printf '%s\n' "${recaps}" | sed -n 2p)" = "0 0" ] || show_failure "${work}/docs.log"
# The 429 the docs inject was queued and used up by the sync, which still succeeded (set -e).
grep -q '"added": *1' "${work}/docs.log" || show_failure "${work}/docs.log"
"${python}" - "http://127.0.0.1:${port}" <<'PY'
import json, sys, urllib.request
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
faults = json.load(opener.open(sys.argv[1] + "/_sim/faults", timeout=10))
assert faults["count"] == 0, faults
PY

# --- 5. The tarball as published: its README is the packaged one, its documents link only to
# files it contains, and it names no repository command.
echo "newcomer: the built tarball's documents"
if ! tarball="$(cd "${clone}" && newcomer PATH="${clone}/.venv/bin:${clean_path}" hacking/build-collection.sh "${work}/dist" 2>"${work}/build.log")"; then
    show_failure "${work}/build.log"
fi
"${python}" "${here}/tarball_docs.py" "${tarball}"

echo "newcomer: fresh clone, make demo, README and docs commands, tarball documents all worked"
