#!/usr/bin/env python
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``make sim``: the registrar simulator in the foreground, and the lines that point the modules at it.

Starts tests/simulator/registrar_sim.py on http://127.0.0.1:8780 (``SIM_PORT`` or ``--port``
for another port), waits until it listens, prints one ``export`` line per environment variable
the modules read (HostUp, LogicBoxes, AutoDNS) with the simulator's fake test credentials, then
runs until Ctrl-C or SIGTERM. The simulator's access log (keys redacted) shows every request as
it arrives. docs/simulator.md explains what to try.

Only the standard library is used: this runs without a venv.
"""

import argparse
import importlib.util
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIMULATOR = os.path.join(ROOT, "tests", "simulator", "registrar_sim.py")
STATE = os.path.join(ROOT, "tests", "simulator", "state.json")
CREDENTIALS = os.path.join(ROOT, "tests", "simulator", "credentials.py")
DEFAULT_PORT = 8780
START_TIMEOUT = 10.0


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("SIM_PORT") or DEFAULT_PORT),
        help="loopback port (default: $SIM_PORT or %d)" % DEFAULT_PORT,
    )
    return parser.parse_args(argv)


def _credentials():
    """tests/simulator/credentials.py, loaded by path: the one place of the test credentials."""
    spec = importlib.util.spec_from_file_location("_registrar_sim_credentials", CREDENTIALS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def export_lines(base_url, state_path=STATE):
    """The ``export`` lines for every registrar, credentials taken from the simulator's seed state."""
    credentials = _credentials()
    values = credentials.module_env(base_url, credentials.load(state_path))
    return ["export %s=%s" % (name, shlex.quote(str(value))) for name, value in values]


def wait_for_port(process, port_file):
    """Return True once the simulator wrote its port file, False when it exited or took too long."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if os.path.exists(port_file):
            return True
        time.sleep(0.05)
    return False


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main(argv=None):
    args = parse_args(argv)
    base_url = "http://127.0.0.1:%d" % args.port
    # SIGTERM (e.g. from a process supervisor) ends the simulator as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    with tempfile.TemporaryDirectory(prefix="registrar-sim.") as tmp:
        port_file = os.path.join(tmp, "port")
        command = [sys.executable, SIMULATOR, "--host", "127.0.0.1", "--port", str(args.port), "--port-file", port_file]
        process = subprocess.Popen(command)
        try:
            if not wait_for_port(process, port_file):
                stop(process)
                sys.stderr.write(
                    "make sim: the simulator did not start on port %d (already in use? try: make sim SIM_PORT=8781)\n"
                    % args.port
                )
                return 1
            print("\n# Registrar simulator at %s (Ctrl-C stops it). In another shell:" % base_url)
            print("\n".join(export_lines(base_url)))
            print("# Requests are logged below as they arrive.\n", flush=True)
            process.wait()
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            stop(process)
    return 0


if __name__ == "__main__":
    sys.exit(main())
