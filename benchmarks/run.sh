#!/usr/bin/env bash
# Run the benchmarks with a virtual environment that has ansible-core, requests and lxml.
#
# Usage: benchmarks/run.sh [run.py options]        e.g. benchmarks/run.sh --latency-ms 50
#        BENCH_SCRIPT=<script> benchmarks/run.sh [options]   (another script of benchmarks/)
#
# With the repo's hacking/venv.sh (what `make venv` runs) this uses and refreshes .venv exactly
# as the Makefile does. Without it, it builds .venv-bench itself (ansible-core 2.19, requests,
# lxml) so the benchmarks never depend on the rest of the tooling being in place.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
script="benchmarks/${BENCH_SCRIPT:-run.py}"
python=${PYTHON:-$(command -v python3.11 2>/dev/null || command -v python3)}

if [[ -x hacking/venv.sh ]]; then
    hacking/venv.sh .venv "$python"
    venv=.venv
else
    venv=.venv-bench
    if ! "$venv/bin/python" -c 'import ansible, requests, lxml' 2>/dev/null; then
        echo "run.sh: creating $venv with $python"
        rm -rf "$venv"
        "$python" -m venv "$venv"
        "$venv/bin/python" -m pip install --disable-pip-version-check --quiet \
            'ansible-core>=2.19,<2.20' 'requests>=2.25' 'lxml>=4.6'
    fi
fi

exec "$venv/bin/python" "$script" "$@"
