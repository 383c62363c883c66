# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# Registrar simulator helpers, meant to be sourced by integration test runme.sh scripts:
#
#   source "${COLLECTION_DIR}/tests/simulator/sim.sh"
#   sim_start                 # extra arguments go to registrar_sim.py, e.g. --latency-ms 50
#   ... use "${SIM_URL}" (http://127.0.0.1:PORT) ...
#   sim_stop                  # optional: an EXIT trap set by sim_start stops it anyway
#
# Only bash and python are needed (no curl). The interpreter is
# ${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}.

SIM_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SIM_PID=""
SIM_TMP=""

# _sim_python: the interpreter ansible-test chose, else python3.
_sim_python() {
    "${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}" "$@"
}

# _sim_healthy URL: exit 0 when URL/_sim/health answers {"ok": true}. Proxies are bypassed.
_sim_healthy() {
    _sim_python -c '
import json, sys, urllib.request
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
sys.exit(0 if json.load(opener.open(sys.argv[1] + "/_sim/health", timeout=2)).get("ok") else 1)
' "$1" >/dev/null 2>&1
}

# sim_start [ARGS...]: start the simulator on a free port, wait (max ~10 s) until it answers,
# export SIM_URL, SIM_PID, SIM_LOG, and set an EXIT trap that stops it.
sim_start() {
    if [ -n "${SIM_PID}" ] && kill -0 "${SIM_PID}" 2>/dev/null; then
        echo "sim_start: simulator already running at ${SIM_URL}" >&2
        return 0
    fi
    SIM_TMP="$(mktemp -d "${TMPDIR:-/tmp}/registrar-sim.XXXXXX")"
    SIM_LOG="${SIM_TMP}/simulator.log"
    local port_file="${SIM_TMP}/port" port=""
    # Run the interpreter itself in the background (not a function, which would fork a subshell):
    # $! must be the simulator's own pid so that sim_stop can signal it.
    "${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}" "${SIM_DIR}/registrar_sim.py" --host 127.0.0.1 --port 0 \
        --port-file "${port_file}" --quiet "$@" >"${SIM_LOG}" 2>&1 &
    SIM_PID=$!
    export SIM_PID SIM_LOG
    trap sim_stop EXIT
    for _ in $(seq 1 100); do
        if ! kill -0 "${SIM_PID}" 2>/dev/null; then
            echo "sim_start: the simulator exited during startup:" >&2
            cat "${SIM_LOG}" >&2
            SIM_PID=""
            return 1
        fi
        if [ -s "${port_file}" ]; then
            port="$(tr -dc '0-9' <"${port_file}")"
            if [ -n "${port}" ] && _sim_healthy "http://127.0.0.1:${port}"; then
                export SIM_URL="http://127.0.0.1:${port}"
                # Clients must talk to the simulator directly, never through a proxy.
                export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,${NO_PROXY}}"
                export no_proxy="${NO_PROXY}"
                return 0
            fi
        fi
        sleep 0.1
    done
    echo "sim_start: the simulator did not become healthy within 10 s:" >&2
    cat "${SIM_LOG}" >&2
    sim_stop
    return 1
}

# sim_stop: stop the simulator started by sim_start (SIGTERM, then SIGKILL after ~5 s).
sim_stop() {
    if [ -n "${SIM_PID}" ]; then
        if kill -0 "${SIM_PID}" 2>/dev/null; then
            kill -TERM "${SIM_PID}" 2>/dev/null || true
            for _ in $(seq 1 50); do
                kill -0 "${SIM_PID}" 2>/dev/null || break
                sleep 0.1
            done
            kill -0 "${SIM_PID}" 2>/dev/null && kill -KILL "${SIM_PID}" 2>/dev/null
        fi
        wait "${SIM_PID}" 2>/dev/null || true
        SIM_PID=""
    fi
    if [ -n "${SIM_TMP}" ]; then
        # A simulator bug prints a traceback; show it before the log goes away.
        if grep -q Traceback "${SIM_TMP}/simulator.log" 2>/dev/null; then
            echo "sim_stop: the simulator logged errors:" >&2
            cat "${SIM_TMP}/simulator.log" >&2
        fi
        rm -rf "${SIM_TMP}"
        SIM_TMP=""
    fi
    return 0
}
