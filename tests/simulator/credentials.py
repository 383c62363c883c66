# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The simulator's test credentials and the environment variables the modules read, in one place.

The credentials are those of the seed state (state.json); the unit test support, the integration
targets (through tests/integration/lib.sh), the benchmarks, ``make sim`` and the demo read them
from here instead of repeating them.

    python3 tests/simulator/credentials.py --shell         export lines of lib.sh's variables (HOSTUP_KEY...)
    python3 tests/simulator/credentials.py --env BASE_URL  one export line per module variable
    python3 tests/simulator/credentials.py --secrets URL   every secret of a running simulator

Only the standard library is used: this runs without a venv, by path or imported.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
STATE = os.path.join(HERE, "state.json")

# Where each service lives under the simulator's base URL.
SERVICE_PATHS = {
    "hostup": "/hostup/api",
    "logicboxes": "/logicboxes/api/",
    "autodns_json": "/autodns/v1",
    "autodns_xml": "/autodns/gateway",
}

# Keys of the simulator's state that hold credentials or transfer secrets.
SECRET_KEYS = ("epp_code", "domsecret", "authinfo", "password", "api_key", "api-key", "api_keys")


def load(state_path=STATE):
    """The seed state's credentials: ``hostup_key``, ``lb_userid``, ``lb_key``, ``autodns_*``."""
    with open(state_path, encoding="utf-8") as handle:
        state = json.load(handle)
    autodns = state["autodns"]["accounts"][0]
    return {
        "hostup_key": state["hostup"]["api_keys"][0],
        "lb_userid": str(state["logicboxes"]["auth"]["auth_userid"]),
        "lb_key": state["logicboxes"]["auth"]["api_key"],
        "autodns_user": autodns["user"],
        "autodns_password": autodns["password"],
        "autodns_context": int(autodns["context"]),
    }


CREDENTIALS = load()
HOSTUP_KEY = CREDENTIALS["hostup_key"]
LB_USERID = CREDENTIALS["lb_userid"]
LB_KEY = CREDENTIALS["lb_key"]
AUTODNS_USER = CREDENTIALS["autodns_user"]
AUTODNS_PASSWORD = CREDENTIALS["autodns_password"]
AUTODNS_CONTEXT = CREDENTIALS["autodns_context"]
CONFIGURED_SECRETS = (HOSTUP_KEY, LB_KEY, AUTODNS_PASSWORD)


def module_env(base_url, credentials=None):
    """``[(name, value)]``: every environment variable the modules read, pointed at ``base_url``."""
    creds = credentials or CREDENTIALS
    base_url = base_url.rstrip("/")
    return [
        ("HOSTUP_API_KEY", creds["hostup_key"]),
        ("HOSTUP_API_URL", base_url + SERVICE_PATHS["hostup"]),
        ("LOGICBOXES_AUTH_USERID", creds["lb_userid"]),
        ("LOGICBOXES_API_KEY", creds["lb_key"]),
        ("LOGICBOXES_API_URL", base_url + SERVICE_PATHS["logicboxes"]),
        ("AUTODNS_USER", creds["autodns_user"]),
        ("AUTODNS_PASSWORD", creds["autodns_password"]),
        ("AUTODNS_CONTEXT", str(creds["autodns_context"])),
        ("AUTODNS_API_URL", base_url + SERVICE_PATHS["autodns_json"]),
        ("AUTODNS_GATEWAY_URL", base_url + SERVICE_PATHS["autodns_xml"]),
    ]


# The names alone: what a test must clear so that a developer's shell cannot reach a module.
MODULE_ENV_NAMES = tuple(name for name, _value in module_env("http://sim.invalid"))
# The ones that hold a secret (an AWX credential type must inject them from secret inputs).
SECRET_ENV_NAMES = ("HOSTUP_API_KEY", "LOGICBOXES_API_KEY", "AUTODNS_PASSWORD")

# lib.sh's shell variables (exported, so playbooks read them with the env lookup), and the
# credential each one holds. None is a variable a module reads.
SHELL_NAMES = {
    "HOSTUP_KEY": "hostup_key",
    "LB_USERID": "lb_userid",
    "LB_KEY": "lb_key",
    "AUTODNS_USER_NAME": "autodns_user",
    "AUTODNS_PASS": "autodns_password",
}


def state_secrets(state, configured=CONFIGURED_SECRETS):
    """Every credential and transfer secret in a simulator state (at least 4 characters), plus ``configured``."""
    found = set(configured)

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if str(key).lower() in SECRET_KEYS:
                    for item in value if isinstance(value, list) else [value]:
                        if isinstance(item, str) and len(item) >= 4:
                            found.add(item)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(state)
    return found


def _running_state(base_url):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never a proxy
    with opener.open(base_url.rstrip("/") + "/_sim/state", timeout=10) as answer:
        return json.load(answer)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--shell", action="store_true", help="shell assignments of lib.sh's variables")
    group.add_argument("--env", metavar="BASE_URL", help="export lines of the modules' variables")
    group.add_argument("--secrets", metavar="BASE_URL", help="every secret of the running simulator")
    args = parser.parse_args(argv)
    if args.shell:
        lines = ["export %s=%s" % (name, shlex.quote(str(CREDENTIALS[key]))) for name, key in SHELL_NAMES.items()]
    elif args.env:
        lines = ["export %s=%s" % (name, shlex.quote(value)) for name, value in module_env(args.env)]
    else:
        lines = sorted(state_secrets(_running_state(args.secrets)))
    sys.stdout.write("".join(line + "\n" for line in lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
