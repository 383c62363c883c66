# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a job of the AWX content in awx/ the way AWX does: with ansible-runner.

AWX prepares a private data directory for every job and hands it to ansible-runner: the
project (the playbooks), an inventory, the extra vars (survey answers), the environment the
attached credentials inject, and the command line options of the job type. This lays one out
for a job template and runs it with ansible-runner's Python API, process isolation off (no
container engine here), then keeps what AWX keeps: the status, return code and job events.

Usage:
  awx_job.py launch WORK NAME --playbook REL [--credential TYPE.yml ...] [--survey SPEC.json]
             [--answers JSON] [--job-type check]
  awx_job.py get WORK NAME KEY      print one field of the job's summary (status, rc, ...)

Credential inputs: each attached credential type's env injectors are read from its file; the
input feeding each injected variable gets that variable's value from this process's
environment as TEST_<VARIABLE> (so the test names contract variables, never input ids), and the
injectors are then rendered from those inputs as AWX renders them at launch.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys

import ansible_runner
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
# The credential and survey rules of AWX, shared with the awx_credentials target.
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "awx_credentials"))
import awx_check  # noqa: E402

COLLECTION_DIR = os.path.join(
    os.environ["ANSIBLE_COLLECTIONS_PATH"].split(":")[0], "ansible_collections", "domainops", "registrar"
)
REGISTRAR_VARS = re.compile(r"^(HOSTUP|LOGICBOXES|AUTODNS)_")
# The events that carry a task's result on a host (AWX shows them as the job's host events).
TASK_RESULTS = ("runner_on_ok", "runner_on_failed", "runner_on_skipped", "runner_on_unreachable")
INJECTED_INPUT = re.compile(r"^\{\{\s*(\w+)\s*\}\}$")


def credential_env(type_file: str) -> dict[str, str]:
    """The env AWX injects for a credential of this type whose inputs the test supplies."""
    with open(type_file, encoding="utf-8") as handle:
        injectors = yaml.safe_load(handle)["injectors"]["env"]
    inputs = {}
    for variable, template in injectors.items():
        match = INJECTED_INPUT.match(template)
        if match and "TEST_" + variable in os.environ:
            inputs[match.group(1)] = os.environ["TEST_" + variable]
    return awx_check.render(type_file, inputs)


def layout(pdd: str, playbook: str, extra_vars: dict, env: dict[str, str], job_type: str) -> None:
    """The private data directory AWX writes before it starts ansible-runner."""
    shutil.rmtree(pdd, ignore_errors=True)
    os.makedirs(os.path.join(pdd, "env"))
    os.makedirs(os.path.join(pdd, "inventory"))
    # The project: the repository the AWX project points at (playbooks and collection requirements).
    for part in ("awx", "collections"):
        shutil.copytree(os.path.join(COLLECTION_DIR, part), os.path.join(pdd, "project", part))
    if not os.path.isfile(os.path.join(pdd, "project", playbook)):
        raise SystemExit("no playbook %s in the project" % playbook)
    inventory = {"all": {"hosts": {"localhost": {"ansible_connection": "local",
                                                 "ansible_python_interpreter": sys.executable}}}}  # fmt: skip
    files = {
        "inventory/hosts": json.dumps(inventory),
        "env/extravars": json.dumps(extra_vars),
        "env/envvars": json.dumps(env),
    }
    if job_type == "check":
        files["env/cmdline"] = "--check"  # AWX passes the job type "Check" on the command line
    for name, text in files.items():
        with open(os.path.join(pdd, name), "w", encoding="utf-8") as handle:
            handle.write(text)
    # AWX keeps credential files private; ansible-runner reads them only.
    os.chmod(os.path.join(pdd, "env", "envvars"), 0o600)


def summarise(runner) -> dict:
    events = list(runner.events)
    stats = next((e["event_data"] for e in events if e["event"] == "playbook_on_stats"), {})
    modules = [
        {
            "event": e["event"],
            "action": e["event_data"].get("task_action"),
            "task": e["event_data"].get("task"),
            "changed": e["event_data"].get("res", {}).get("changed"),
        }
        for e in events
        if e["event"] in TASK_RESULTS and e["event_data"].get("task_action", "").startswith("domainops.")
    ]
    return {
        "status": runner.status,
        "rc": runner.rc,
        "event_types": sorted({e["event"] for e in events}),
        "modules": modules,
        # The module tasks that ran (a role skips the tasks of the mode it is not in).
        "ran": [module for module in modules if module["event"] != "runner_on_skipped"],
        "stats": {key: stats.get(key, {}) for key in ("ok", "changed", "failures", "dark")},
        "artifact_data": stats.get("artifact_data", {}),
    }


def launch(work: str, name: str, args: list[str]) -> None:
    options: dict[str, list[str]] = {}
    while args:
        key, value, args = args[0], args[1], args[2:]
        options.setdefault(key.lstrip("-"), []).append(value)
    extra_vars: dict = {}
    if "survey" in options:
        with open(options["survey"][0], encoding="utf-8") as handle:
            spec = json.load(handle)
        # AWX validates the answers against the survey and fills in its defaults.
        extra_vars = awx_check.survey(spec, json.loads(options.get("answers", ["{}"])[0]))
    elif "answers" in options:
        extra_vars = json.loads(options["answers"][0])
    env: dict[str, str] = {}
    for type_file in options.get("credential", []):
        env.update(credential_env(type_file))
    # The job's environment holds no registrar variable but those the credentials injected.
    for variable in [v for v in os.environ if REGISTRAR_VARS.match(v)]:
        del os.environ[variable]
    pdd = os.path.join(work, name)
    playbook = options["playbook"][0]
    layout(pdd, playbook, extra_vars, env, options.get("job-type", ["run"])[0])
    runner = ansible_runner.run(
        private_data_dir=pdd, playbook=playbook, ident=name, process_isolation=False, quiet=True
    )
    summary = summarise(runner)
    with open(os.path.join(pdd, "summary.json"), "w", encoding="utf-8") as handle:
        json.dump(summary, handle, indent=1, sort_keys=True)
    print("job %s: %s (rc %s)" % (name, summary["status"], summary["rc"]))


def get(work: str, name: str, key: str) -> None:
    with open(os.path.join(work, name, "summary.json"), encoding="utf-8") as handle:
        value = json.load(handle)
    for part in key.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    print(json.dumps(value, sort_keys=True) if isinstance(value, (dict, list)) else value)


def main(argv: list[str]) -> int:
    if len(argv) < 4 or argv[1] not in ("launch", "get"):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[1] == "launch":
        launch(argv[2], argv[3], argv[4:])
    else:
        get(argv[2], argv[3], argv[4])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
