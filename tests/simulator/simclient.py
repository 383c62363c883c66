# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tiny stdlib client for the registrar simulator's control API, plus a launcher.

    from simclient import SimClient, start_simulator

    with start_simulator() as (proc, base_url):
        sim = SimClient(base_url)
        sim.fault(service="hostup", operation="status-sync", status=429, headers={"Retry-After": "1"})
        ...
        assert len(sim.requests(service="hostup")) == 2

start_simulator() returns a (process, base_url) pair that can also be used as a context manager
(the simulator is stopped on exit); stop_simulator(process) stops it explicitly.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SIMULATOR = os.path.join(HERE, "registrar_sim.py")

# The simulator is on loopback: never go through a proxy configured in the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class SimClient:
    def __init__(self, base_url, timeout=10):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    # URLs a module under test is pointed at
    @property
    def hostup_url(self):
        return self.base_url + "/hostup/api"

    @property
    def logicboxes_url(self):
        return self.base_url + "/logicboxes/api/"

    @property
    def autodns_url(self):
        return self.base_url + "/autodns/v1"

    @property
    def autodns_gateway_url(self):
        return self.base_url + "/autodns/gateway"

    def call(self, method, path, body=None, query=None):
        """The decoded JSON answer of a control API call; RuntimeError on an HTTP error."""
        url = self.base_url + path
        if query:
            url += "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with _OPENER.open(request, timeout=self.timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")
            raise RuntimeError("%s %s: HTTP %d %s" % (method, path, exc.code, detail)) from None

    def health(self):
        return self.call("GET", "/_sim/health")

    def reset(self):
        return self.call("POST", "/_sim/reset")

    def requests(self, service=None, operation=None, raw=False):
        query = {"service": service, "operation": operation, "raw": "1" if raw else None}
        return self.call("GET", "/_sim/requests", query=query)["requests"]

    def clear_requests(self):
        return self.call("DELETE", "/_sim/requests")

    def fault(self, **fault):
        """Queue one fault, e.g. fault(service="logicboxes", operation="restore", action="reset", execute=True)."""
        return self.call("POST", "/_sim/faults", fault)

    def add_faults(self, faults):
        return self.call("POST", "/_sim/faults", list(faults))

    def faults(self):
        return self.call("GET", "/_sim/faults")["faults"]

    def clear_faults(self):
        return self.call("DELETE", "/_sim/faults")

    def state(self):
        return self.call("GET", "/_sim/state")

    def patch_state(self, patch):
        return self.call("PATCH", "/_sim/state", patch)

    def put_state(self, state):
        return self.call("PUT", "/_sim/state", state)

    def set_latency(self, latency_ms):
        return self.call("PATCH", "/_sim/config", {"latency_ms": latency_ms})

    def shutdown(self):
        return self.call("POST", "/_sim/shutdown")


class StartedSimulator(tuple):
    """(process, base_url); as a context manager it stops the simulator on exit."""

    def __new__(cls, process, base_url, workdir):
        started = super().__new__(cls, (process, base_url))
        started.workdir = workdir
        return started

    @property
    def process(self):
        return self[0]

    @property
    def base_url(self):
        return self[1]

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        stop_simulator(self.process)
        shutil.rmtree(self.workdir, ignore_errors=True)
        return False


def start_simulator(state=None, latency_ms=0, python=None, quiet=True, timeout=10.0):
    """Launch registrar_sim.py on a free loopback port and wait until it is healthy.

    state: None (the default seed), a path to a state file, or a dict (written to a temp file).
    Returns StartedSimulator (a (process, base_url) tuple, usable in a with statement).
    """
    workdir = tempfile.mkdtemp(prefix="registrar-sim-")
    if isinstance(state, dict):
        state_path = os.path.join(workdir, "state.json")
        with open(state_path, "w", encoding="utf-8") as handle:
            json.dump(state, handle)
        state = state_path
    port_file = os.path.join(workdir, "port")
    command = [
        python or sys.executable,
        SIMULATOR,
        "--port",
        "0",
        "--port-file",
        port_file,
        "--latency-ms",
        str(latency_ms),
    ]
    if state:
        command += ["--state", str(state)]
    if quiet:
        command.append("--quiet")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=None if not quiet else subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            shutil.rmtree(workdir, ignore_errors=True)
            raise RuntimeError("simulator exited during startup with code %s" % process.returncode)
        port = _read_port(port_file)
        if port:
            base_url = "http://127.0.0.1:%d" % port
            try:
                SimClient(base_url, timeout=2).health()
                return StartedSimulator(process, base_url, workdir)
            except (OSError, RuntimeError, ValueError):
                pass
        time.sleep(0.05)
    stop_simulator(process)
    shutil.rmtree(workdir, ignore_errors=True)
    raise RuntimeError("simulator did not become healthy within %.0f s" % timeout)


def _read_port(path):
    try:
        with open(path, encoding="ascii") as handle:
            return int(handle.read().strip() or 0)
    except (OSError, ValueError):
        return 0


def stop_simulator(process, timeout=5.0):
    """SIGTERM, then SIGKILL if it does not exit within timeout seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode
