#!/usr/bin/env python
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fake registrar APIs for the domainops.registrar tests: the command line.

One stdlib-only process (Python 3.9+) serves on a loopback address:

* HostUp panel API         BASE/hostup/api            (status sync)                  hostup.py
* LogicBoxes/ResellerClub  BASE/logicboxes/api/       (order lookup, details, restore) logicboxes.py
* InterNetX AutoDNS JSON   BASE/autodns/v1            (restore list, domain info,     autodns_json.py
                                                       restore, jobs)
* InterNetX AutoDNS XML    BASE/autodns/gateway       (tasks 0105005, 0105, 0101005)  autodns_xml.py
* control API for tests    BASE/_sim/...              (request log, fault injection,  core.py
                                                       state)

Both AutoDNS doors share one account (autodns_account.py). The behaviour follows
docs/registrar-apis.md; where the real APIs are not documented the simulator makes a plausible
choice, listed in README.md beside this file.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import signal
import socket
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:  # imported by path rather than run as a script
    sys.path.insert(0, HERE)

from autodns_account import AutoDnsAccount  # noqa: E402
from autodns_json import AutoDnsJsonService  # noqa: E402
from autodns_xml import AutoDnsXmlService  # noqa: E402
from core import SimServer, Simulator, write_port_file  # noqa: E402
from hostup import HostUpService  # noqa: E402
from logicboxes import LogicBoxesService  # noqa: E402

DEFAULT_STATE = os.path.join(HERE, "state.json")


def registrar_services(sim):
    """The simulated registrars, in routing order; both AutoDNS doors share one account."""
    account = AutoDnsAccount(sim)
    return [
        HostUpService(sim),
        LogicBoxesService(sim),
        AutoDnsJsonService(sim, account),
        AutoDnsXmlService(sim, account),
    ]


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Fake HostUp / LogicBoxes / AutoDNS registrar APIs for tests.")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default)")
    parser.add_argument(
        "--state", default=DEFAULT_STATE, help="seed state file (default: state.json beside this script)"
    )
    parser.add_argument("--port-file", help="write the bound port number to this file")
    parser.add_argument("--latency-ms", type=float, default=0, help="delay added to every API (non-control) request")
    parser.add_argument("--quiet", action="store_true", help="no access log on stderr")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    host = "127.0.0.1" if args.host == "localhost" else args.host
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is None or not address.is_loopback:
        sys.stderr.write("refusing to bind to %r: only loopback addresses are allowed\n" % args.host)
        return 2
    try:
        sim = Simulator(os.path.abspath(args.state), registrar_services, latency_ms=max(0.0, args.latency_ms))
    except (OSError, ValueError) as exc:
        sys.stderr.write("cannot load state %s: %s\n" % (args.state, exc))
        return 2
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    server = SimServer((host, args.port), family, sim, quiet=args.quiet)
    port = server.server_address[1]
    if args.port_file:
        write_port_file(args.port_file, port)
    url_host = "[%s]" % host if address.version == 6 else host
    print("registrar simulator listening on http://%s:%d" % (url_host, port), flush=True)

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        server.serve_forever(poll_interval=0.2)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()
        if args.port_file:
            try:
                os.remove(args.port_file)
            except OSError:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
