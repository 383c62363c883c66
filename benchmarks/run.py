# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Performance benchmarks of domainops.registrar against the registrar simulator, in one run.

    .venv/bin/python benchmarks/run.py            (or: make benchmark, which prepares .venv)

Measures, against tests/simulator/registrar_sim.py with a fixed per-request latency:

  batch     domain_status_sync with domain_ids (200 and 10,000 ids) through ansible-playbook;
            the same ids through the module run directly (no Ansible controller; small sizes);
            the same ids through benchmarks/floor.py (plain requests, same concurrency)
  ping      one ansible.builtin.ping task: what Ansible charges any module task
  uri       an ansible.builtin.uri loop doing the same POST over a sample of the ids
  all       domain_status_sync all_domains over an account of 5,000 domains (API v2 listing)
  single    one domain_status_sync task against one equivalent uri task, interleaved, median
  restore   domain_restore per transport (logicboxes, autodns json, autodns xml)
  memory    peak RSS of every process of a run (controller, workers, module), from rusage

The limit for one batch task is floor + ping: the plain-requests process (interpreter start
included) plus the task time of ansible.builtin.ping, both measured in the same run.

Every figure that is compared with a target is a ratio against a baseline measured in the same
run, so the machine's speed cancels out. Results go to benchmarks/results/<date>.json (ignored
by git) and a Markdown table is printed. Only the standard library is used here; the interpreter
running this script must have ansible-core and requests (its bin/ must hold ansible-playbook).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, os.path.join(ROOT, "tests", "simulator"))

from credentials import AUTODNS_PASSWORD as AUTODNS_PASS  # noqa: E402
from credentials import AUTODNS_USER, HOSTUP_KEY, LB_KEY, LB_USERID  # noqa: E402
from simclient import SimClient, start_simulator  # noqa: E402

FIRST_ID = 100000  # the simulator creates ids 100000..101999 on first use (state.json "generated")
SEEDED_LAST_ID = 101999
SINGLE_ID = 101900  # the single-domain tasks use an id outside every batch

# Issue 13's targets: "small" is the smallest batch size (200), "big" the biggest (10,000).
TARGETS = {
    "small_vs_floor_ping": ("<=", 1.05, "smallest batch: task time vs floor + ping task"),
    "small_vs_uri": (">=", 50.0, "smallest batch: per-domain task time, x faster than a uri loop"),
    "big_vs_floor_ping": ("<=", 1.03, "biggest batch: task time vs floor + ping task"),
    "big_peak_rss_mb": ("<", 150.0, "biggest batch: peak RSS of every process of the run (controller included), MB"),
    "all_domains_listing_share": ("<", 0.05, "all_domains over 5,000 domains: listing share of the task time"),
    "single_vs_uri": ("<=", 1.2, "single-domain module task vs single uri task (median)"),
}
ALL_DOMAINS_ACCOUNT = 5000
# Sizes above this are run once per repeat set and not run directly (each costs a minute at 20 ms).
DIRECT_MAX = 2000


class BenchError(RuntimeError):
    pass


def say(message=""):
    print(message, flush=True)


def median(values):
    return statistics.median(values) if values else None


# ---------------------------------------------------------------------------------------------
# Machine and versions


def machine_info():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    versions = {}
    for name in ("ansible", "requests", "urllib3", "lxml"):
        try:
            from importlib.metadata import version

            versions[name] = version("ansible-core" if name == "ansible" else name)
        except Exception:  # any failure just means "unknown"
            versions[name] = None
    return {
        "nproc": os.cpu_count(),
        "cpu_model": cpu,
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "platform": platform.platform(),
        "versions": versions,
        "loadavg_start": list(os.getloadavg()),
    }


def cpu_busy_seconds():
    """CPU seconds the whole machine has spent busy since boot (from /proc/stat; None elsewhere)."""
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = [int(value) for value in handle.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / float(os.sysconf("SC_CLK_TCK"))


def own_cpu_seconds():
    """CPU of this process and of every child it (or its helpers) waited for: the benchmark's own share."""
    import resource

    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


# ---------------------------------------------------------------------------------------------
# Work directory: the collection as ansible_collections/domainops/registrar, Ansible's own dirs


class Workdir:
    def __init__(self, keep=False):
        self.path = tempfile.mkdtemp(prefix="registrar-bench-")
        self.keep = keep
        self.collections = os.path.join(self.path, "collections")
        namespace = os.path.join(self.collections, "ansible_collections", "domainops")
        os.makedirs(namespace)
        # ansible-playbook follows a symlinked collection (only ansible-test insists on a copy).
        os.symlink(ROOT, os.path.join(namespace, "registrar"))
        self.home = os.path.join(self.path, "ansible-home")
        os.makedirs(os.path.join(self.home, "tmp"))
        self.counter = 0

    def file(self, stem, suffix):
        self.counter += 1
        return os.path.join(self.path, "%03d-%s%s" % (self.counter, stem, suffix))

    def cleanup(self):
        if self.keep:
            say("work directory kept: %s" % self.path)
        else:
            shutil.rmtree(self.path, ignore_errors=True)


def base_env(work):
    env = {key: value for key, value in os.environ.items() if not key.startswith("ANSIBLE_")}
    bindir = os.path.dirname(sys.executable)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    # The simulator is on loopback: never through a proxy from the environment.
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env["PYTHONPATH"] = work.collections
    return env


def ansible_env(work, timings_file):
    env = base_env(work)
    env.pop("PYTHONPATH")
    env.update(
        ANSIBLE_COLLECTIONS_PATH=work.collections,
        ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="False",
        ANSIBLE_HOME=work.home,
        ANSIBLE_LOCAL_TEMP=os.path.join(work.home, "tmp"),
        ANSIBLE_REMOTE_TEMP=os.path.join(work.home, "remote-tmp"),
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        ANSIBLE_CALLBACK_PLUGINS=os.path.join(BENCH, "callback_plugins"),
        ANSIBLE_CALLBACKS_ENABLED="bench_timer",
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_RETRY_FILES_ENABLED="False",
        ANSIBLE_LOCALHOST_WARNING="False",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="False",
        BENCH_TIMINGS_FILE=timings_file,
    )
    return env


# ---------------------------------------------------------------------------------------------
# Running things


# Runs the measured command as its only child and reports that child's wall time, CPU time and
# peak RSS. Why a separate small process: Linux carries a process's RSS high-water mark across
# exec(), and the mark starts from the memory of the process that forked it. Measured from this
# (large) script, every child would seem to use at least as much memory as the script itself;
# from this helper (a bare interpreter, about 10 MB) a module's own peak shows.
_MEASURE = """\
import os, resource, sys, time
report, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
# RUSAGE_CHILDREN's ru_maxrss is the peak of the largest process among every reaped descendant:
# the controller, its forked workers and the module processes they ran.
tree = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(report, "w") as handle:
    handle.write("%r %d %r %d %d" % (wall, os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime,
                                     usage.ru_maxrss, tree))
"""


def run_process(cmd, env, work, stem, cwd=None):
    """Run one child; return its wall seconds, exit code, CPU seconds and peak RSS (of that child alone)."""
    out_path, err_path, report = work.file(stem, ".out"), work.file(stem, ".err"), work.file(stem, ".rusage")
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        helper = subprocess.run(
            [sys.executable, "-I", "-S", "-c", _MEASURE, report, *cmd],
            env=env,
            cwd=cwd or work.path,
            stdout=out,
            stderr=err,
            check=False,
        )
    if helper.returncode != 0 or not os.path.exists(report):
        raise BenchError("could not run %s:\n%s" % (cmd[0], tail(err_path)))
    with open(report, encoding="ascii") as handle:
        wall, rc, cpu, maxrss_kib, tree_kib = handle.read().split()
    with open(out_path, "rb") as handle:
        stdout = handle.read()
    return {
        "wall": float(wall),
        "rc": int(rc),
        "cpu": float(cpu),
        "maxrss_mb": int(maxrss_kib) / 1024.0,  # Linux reports KiB
        "tree_maxrss_mb": int(tree_kib) / 1024.0,
        "stdout": stdout,
        "stderr_path": err_path,
        "stdout_path": out_path,
    }


def tail(path, lines=30):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return "".join(handle.readlines()[-lines:])
    except OSError:
        return ""


def run_playbook(work, stem, tasks, extra_vars):
    """Write a one-play playbook with ``tasks`` (YAML text) and run it; return wall time and task timings."""
    playbook = work.file(stem, ".yml")
    with open(playbook, "w", encoding="utf-8") as handle:
        handle.write("- name: benchmark %s\n  hosts: localhost\n  gather_facts: false\n  tasks:\n" % stem)
        handle.write(tasks)
    vars_file = work.file(stem + "-vars", ".json")
    with open(vars_file, "w", encoding="utf-8") as handle:
        json.dump(extra_vars, handle)
    timings = work.file(stem + "-timings", ".jsonl")
    cmd = ["ansible-playbook", "-i", "localhost,", "-c", "local", playbook, "-e", "@" + vars_file]
    cmd[0] = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    result = run_process(cmd, ansible_env(work, timings), work, stem)
    if result["rc"] != 0:
        raise BenchError("ansible-playbook %s failed (rc %d):\n%s" % (stem, result["rc"], tail(result["stdout_path"])))
    tasks_done = []
    if os.path.exists(timings):
        with open(timings, encoding="utf-8") as handle:
            tasks_done = [json.loads(line) for line in handle if line.strip()]
    # CPU of the whole process tree: ansible-playbook, its workers and the module processes.
    return {
        "wall": result["wall"],
        "cpu": result["cpu"],
        "tasks": tasks_done,
        "tree_maxrss_mb": result["tree_maxrss_mb"],
    }


def task(tasks, name):
    for entry in tasks:
        if entry["task"] == name:
            return entry
    raise BenchError("no timing recorded for task %r" % name)


def run_module(work, sim_url, module, args, stem):
    """Run a module file directly, as AnsiballZ would but without the controller."""
    args_file = work.file(stem + "-args", ".json")
    with open(args_file, "w", encoding="utf-8") as handle:
        json.dump({"ANSIBLE_MODULE_ARGS": args}, handle)
    path = os.path.join(ROOT, "plugins", "modules", module + ".py")
    result = run_process([sys.executable, path, args_file], base_env(work), work, stem)
    try:
        result["result"] = json.loads(result["stdout"].decode("utf-8"))
    except ValueError:
        raise BenchError(
            "module %s printed no JSON (rc %d):\n%s" % (module, result["rc"], tail(result["stderr_path"]))
        ) from None
    if result["rc"] != 0 or result["result"].get("failed"):
        raise BenchError("module %s failed: %s" % (module, result["result"].get("msg")))
    return result


def sim_count(sim, service):
    return len(sim.requests(service=service, raw=True))


# ---------------------------------------------------------------------------------------------
# The measurements


def hostup_args(sim_url, **extra):
    args = {"hostup_api_key": HOSTUP_KEY, "hostup_api_url": sim_url + "/hostup/api"}
    args.update(extra)
    return args


BATCH_TASK = """\
    - name: batch
      domainops.registrar.domain_status_sync:
        hostup_api_key: "{{ bench_key }}"
        hostup_api_url: "{{ bench_url }}"
        domain_ids: "{{ bench_ids }}"
        concurrency: "{{ bench_concurrency }}"
"""

URI_TASK = """\
    - name: %(name)s
      ansible.builtin.uri:
        url: "{{ bench_url }}/domains/{{ %(id)s }}/status-sync"
        method: POST
        headers:
          X-API-Key: "{{ bench_key }}"
        body_format: json
        body:
          id: "{{ %(id)s | int }}"
          domainIds: ["{{ %(id)s | string }}"]
        status_code: 200
        timeout: 60
"""

SINGLE_MODULE_TASK = """\
    - name: %(name)s
      domainops.registrar.domain_status_sync:
        hostup_api_key: "{{ bench_key }}"
        hostup_api_url: "{{ bench_url }}"
        domain_id: "{{ bench_single_id }}"
"""


def hostup_vars(sim_url, ids=None, concurrency=None):
    extra = {"bench_key": HOSTUP_KEY, "bench_url": sim_url + "/hostup/api", "bench_single_id": SINGLE_ID}
    if ids is not None:
        extra["bench_ids"] = list(ids)
    if concurrency is not None:
        extra["bench_concurrency"] = concurrency
    return extra


def prepare_ids(sim, last_id):
    """Reset the simulator; widen its implicit id range when a run needs more than the seed's 2,000."""
    sim.reset()
    if last_id > SEEDED_LAST_ID:
        sim.patch_state({"hostup": {"generated": {"last_id": last_id}}})


def bench_floor(work, sim, sim_url, count, concurrency, stem="floor"):
    prepare_ids(sim, FIRST_ID + count - 1)
    cmd = [
        sys.executable,
        os.path.join(BENCH, "floor.py"),
        "--api-url",
        sim_url + "/hostup/api",
        "--api-key",
        HOSTUP_KEY,
        "--first-id",
        str(FIRST_ID),
        "--count",
        str(count),
        "--concurrency",
        str(concurrency),
    ]
    result = run_process(cmd, base_env(work), work, "%s-%d" % (stem, count))
    try:
        inner = json.loads(result["stdout"].decode("utf-8"))
    except ValueError:
        raise BenchError("floor.py printed no JSON:\n%s" % tail(result["stderr_path"])) from None
    if result["rc"] != 0 or inner["ok"] != count:
        raise BenchError("floor.py: only %s of %d syncs succeeded" % (inner.get("ok"), count))
    return {"wall": result["wall"], "inner": inner["seconds"], "cpu": result["cpu"], "maxrss_mb": result["maxrss_mb"]}


def bench_direct(work, sim, sim_url, count, concurrency, stem="direct"):
    prepare_ids(sim, FIRST_ID + count - 1)
    ids = list(range(FIRST_ID, FIRST_ID + count))
    result = run_module(
        work,
        sim_url,
        "domain_status_sync",
        hostup_args(sim_url, domain_ids=ids, concurrency=concurrency),
        "%s-%d" % (stem, count),
    )
    summary = result["result"].get("summary") or {}
    if summary.get("total") != count or summary.get("failed"):
        raise BenchError("direct module run: unexpected summary %s" % summary)
    return {
        "wall": result["wall"],
        "cpu": result["cpu"],
        "maxrss_mb": result["maxrss_mb"],
        "output_bytes": len(result["stdout"]),
    }


def bench_playbook_batch(work, sim, sim_url, count, concurrency, check_requests):
    prepare_ids(sim, FIRST_ID + count - 1)
    ids = range(FIRST_ID, FIRST_ID + count)
    run = run_playbook(work, "batch-%d" % count, BATCH_TASK, hostup_vars(sim_url, ids, concurrency))
    entry = task(run["tasks"], "batch")
    summary = entry.get("summary") or {}
    if entry["outcome"] != "ok" or summary.get("total") != count or summary.get("failed"):
        raise BenchError("batch playbook: task %s, summary %s, msg %s" % (entry["outcome"], summary, entry.get("msg")))
    measured = {
        "wall": run["wall"],
        "task": entry["seconds"],
        "tree_cpu": run["cpu"],
        "tree_maxrss_mb": run["tree_maxrss_mb"],
    }
    if check_requests:
        measured["requests"] = sim_count(sim, "hostup")
        if measured["requests"] != count:
            raise BenchError("batch of %d sent %d requests (retries?)" % (count, measured["requests"]))
    return measured


PING_TASK = """\
    - name: ping
      ansible.builtin.ping:
"""

ALL_DOMAINS_TASK = """\
    - name: all-domains
      domainops.registrar.domain_status_sync:
        hostup_api_key: "{{ bench_key }}"
        hostup_api_url: "{{ bench_url }}"
        all_domains: true
        concurrency: "{{ bench_concurrency }}"
        fail_on_sync_error: false
"""


def bench_ping(work, sim):
    """What Ansible charges any module task: one ansible.builtin.ping, from fork to result."""
    sim.reset()
    run = run_playbook(work, "ping", PING_TASK, {})
    entry = task(run["tasks"], "ping")
    if entry["outcome"] != "ok":
        raise BenchError("ping task: %s" % entry)
    return {"wall": run["wall"], "task": entry["seconds"], "tree_maxrss_mb": run["tree_maxrss_mb"]}


def bench_all_domains(work, sim, sim_url, concurrency):
    """all_domains over an account of exactly 5,000 domains: the seeded ones plus the generated fleet.

    The listing's cost is read from the simulator's request log: from the first listing request's
    arrival to the first status sync's arrival (the module syncs only once it has listed everything).
    """
    sim.reset()
    seeded = len((sim.state().get("hostup") or {}).get("domains") or {})
    # No bulk range; the fleet fills the account up to 5,000 domains.
    sim.patch_state({"hostup": {"generated": None, "account": {"count": ALL_DOMAINS_ACCOUNT - seeded}}})
    run = run_playbook(work, "all-domains", ALL_DOMAINS_TASK, hostup_vars(sim_url, concurrency=concurrency))
    entry = task(run["tasks"], "all-domains")
    summary = entry.get("summary") or {}
    if entry["outcome"] != "ok" or summary.get("total") != ALL_DOMAINS_ACCOUNT:
        raise BenchError("all_domains: task %s, summary %s, msg %s" % (entry["outcome"], summary, entry.get("msg")))
    log = sim.requests(service="hostup", raw=True)
    lists = [item["time"] for item in log if item["operation"] == "v2-list"]
    syncs = [item["time"] for item in log if item["operation"] == "v2-status-sync"]
    if len(syncs) != ALL_DOMAINS_ACCOUNT:
        raise BenchError("all_domains sent %d syncs for %d domains" % (len(syncs), ALL_DOMAINS_ACCOUNT))
    listing = min(syncs) - min(lists)
    return {
        "wall": run["wall"],
        "task": entry["seconds"],
        "pages": len(lists),
        "listing_seconds": listing,
        "listing_share": listing / entry["seconds"],
        "tree_maxrss_mb": run["tree_maxrss_mb"],
        "summary": summary,
    }


def bench_uri_loop(work, sim, sim_url, sample):
    sim.reset()
    ids = list(range(FIRST_ID, FIRST_ID + sample))
    tasks = URI_TASK % {"name": "uri-loop", "id": "item"} + '      loop: "{{ bench_ids }}"\n'
    run = run_playbook(work, "uri-loop-%d" % sample, tasks, hostup_vars(sim_url, ids))
    entry = task(run["tasks"], "uri-loop")
    if entry["outcome"] != "ok" or entry.get("items") != sample or entry.get("item_statuses") != [200]:
        raise BenchError("uri loop: unexpected result %s" % entry)
    if sim_count(sim, "hostup") != sample:
        raise BenchError("uri loop sent %d requests for %d ids" % (sim_count(sim, "hostup"), sample))
    return {"wall": run["wall"], "task": entry["seconds"], "per_domain": entry["seconds"] / sample}


def bench_single(work, sim, sim_url, repeats):
    """Interleave module and uri single-domain tasks; the first pair only warms up and is not counted."""
    sim.reset()
    tasks = []
    for index in range(repeats + 1):
        tasks.append(SINGLE_MODULE_TASK % {"name": "module-%d" % index})
        tasks.append(URI_TASK % {"name": "uri-%d" % index, "id": "bench_single_id"})
    run = run_playbook(work, "single", "".join(tasks), hostup_vars(sim_url))
    module_times, uri_times = [], []
    for index in range(1, repeats + 1):
        for name, bucket in (("module-%d" % index, module_times), ("uri-%d" % index, uri_times)):
            entry = task(run["tasks"], name)
            if entry["outcome"] != "ok":
                raise BenchError("single-domain task %s: %s" % (name, entry))
            bucket.append(entry["seconds"])
    return {
        "wall": run["wall"],
        "module_tasks": module_times,
        "uri_tasks": uri_times,
        "module_median": median(module_times),
        "uri_median": median(uri_times),
    }


RESTORE_CASES = (
    (
        "logicboxes",
        "logicboxes",
        {
            "provider": "logicboxes",
            "domain": "restore-me.com",
            "invoice_option": "NoInvoice",
            "logicboxes_auth_userid": LB_USERID,
            "logicboxes_api_key": LB_KEY,
            "logicboxes_api_url": "{url}/logicboxes/api/",
        },
    ),
    (
        "autodns-json",
        "autodns_json",
        {
            "provider": "autodns",
            "domain": "restore-me.de",
            "autodns_username": AUTODNS_USER,
            "autodns_password": AUTODNS_PASS,
            "autodns_api_url": "{url}/autodns/v1",
        },
    ),
    (
        "autodns-xml",
        "autodns_xml",
        {
            "provider": "autodns",
            "transport": "xml",
            "domain": "restore-xml.de",
            "autodns_username": AUTODNS_USER,
            "autodns_password": AUTODNS_PASS,
            "autodns_gateway_url": "{url}/autodns/gateway",
        },
    ),
)


def restore_args(template, sim_url):
    return {key: value.format(url=sim_url) if isinstance(value, str) else value for key, value in template.items()}


def bench_restore(work, sim, sim_url, latency_ms):
    measured = {}
    for name, service, template in RESTORE_CASES:
        args = restore_args(template, sim_url)
        sim.reset()
        lines = ["    - name: restore\n      domainops.registrar.domain_restore:\n"]
        lines += ["        %s: %s\n" % (key, json.dumps(value)) for key, value in args.items()]
        run = run_playbook(work, "restore-" + name, "".join(lines), {})
        entry = task(run["tasks"], "restore")
        if entry["outcome"] != "ok":
            raise BenchError("domain_restore %s failed: %s" % (name, entry.get("msg")))
        requests_sent = sim_count(sim, service)
        # The same restore once more, run directly, for the module's own time and peak memory.
        sim.reset()
        direct = run_module(work, sim_url, "domain_restore", args, "restore-direct-" + name)
        measured[name] = {
            "wall": run["wall"],
            "task": entry["seconds"],
            "restore_status": entry.get("restore_status"),
            "requests": requests_sent,
            "network_floor": requests_sent * latency_ms / 1000.0,
            "direct_wall": direct["wall"],
            "direct_cpu": direct["cpu"],
            "maxrss_mb": direct["maxrss_mb"],
        }
    return measured


def bench_single_direct(work, sim, sim_url):
    sim.reset()
    result = run_module(work, sim_url, "domain_status_sync", hostup_args(sim_url, domain_id=SINGLE_ID), "single")
    return {"wall": result["wall"], "cpu": result["cpu"], "maxrss_mb": result["maxrss_mb"]}


def bench_rate_limited(work, sim, sim_url, count, concurrency, limit, window):
    """The biggest batch, run directly, against a panel that enforces ``limit`` requests per ``window`` s."""
    prepare_ids(sim, FIRST_ID + count - 1)
    sim.patch_state({"hostup": {"rate_limit": {"limit": limit, "window_seconds": window, "enforce": True}}})
    ids = list(range(FIRST_ID, FIRST_ID + count))
    result = run_module(
        work, sim_url, "domain_status_sync", hostup_args(sim_url, domain_ids=ids, concurrency=concurrency), "limited"
    )
    summary = result["result"].get("summary") or {}
    return {
        "limit": limit,
        "window": window,
        "count": count,
        "wall": result["wall"],
        # The first window opens with the first request; the last one needs only to start.
        "limit_floor": (-(-count // limit) - 1) * window,
        "requests": sim_count(sim, "hostup"),
        "failed": summary.get("failed"),
    }


# ---------------------------------------------------------------------------------------------
# Summary


def summarise(raw, args):
    summary = {"batch": {}, "ratios": {}, "targets": {}}
    ping = median([run["task"] for run in raw["ping"]])
    summary["ping_task"] = ping
    uri_per_domain = raw["uri"]["per_domain"] if raw.get("uri") else None
    for count in args.sizes:
        runs = raw["batch"][str(count)]
        task_s = median([run["task"] for run in runs["playbook"]])
        floor = median([run["wall"] for run in runs["floor"]])
        entry = {
            "runs": len(runs["playbook"]),
            "playbook_wall": median([run["wall"] for run in runs["playbook"]]),
            "playbook_task": task_s,
            "playbook_tree_cpu": median([run["tree_cpu"] for run in runs["playbook"]]),
            "playbook_peak_rss_mb": max(run["tree_maxrss_mb"] for run in runs["playbook"]),
            "floor_wall": floor,
            "floor_inner": median([run["inner"] for run in runs["floor"]]),
            "floor_cpu": median([run["cpu"] for run in runs["floor"]]),
            "floor_peak_rss_mb": max(run["maxrss_mb"] for run in runs["floor"]),
            "floor_plus_ping": floor + ping,
            "task_vs_floor_ping": task_s / (floor + ping),
            "task_over_floor_ping_s": task_s - (floor + ping),
            "network_floor": count * args.latency_ms / 1000.0 / args.concurrency,
            "per_domain_task": task_s / count,
            "cpu_ms_per_domain_floor": 1000.0 * median([run["cpu"] for run in runs["floor"]]) / count,
        }
        if runs["direct"]:
            direct = median([run["wall"] for run in runs["direct"]])
            entry.update(
                direct_module_wall=direct,
                direct_module_cpu=median([run["cpu"] for run in runs["direct"]]),
                cpu_ms_per_domain_direct=1000.0 * median([run["cpu"] for run in runs["direct"]]) / count,
                direct_vs_floor=direct / floor,
                output_bytes=runs["direct"][0]["output_bytes"],
                direct_peak_rss_mb=max(run["maxrss_mb"] for run in runs["direct"]),
            )
        if uri_per_domain:
            entry["task_vs_uri"] = uri_per_domain / entry["per_domain_task"]
        summary["batch"][str(count)] = entry
    small, big = summary["batch"][str(min(args.sizes))], summary["batch"][str(max(args.sizes))]
    ratios = summary["ratios"]
    ratios["small_vs_floor_ping"] = small["task_vs_floor_ping"]
    if uri_per_domain:
        ratios["small_vs_uri"] = small["task_vs_uri"]
    ratios["big_vs_floor_ping"] = big["task_vs_floor_ping"]
    ratios["big_peak_rss_mb"] = big["playbook_peak_rss_mb"]
    if raw.get("all_domains"):
        ratios["all_domains_listing_share"] = raw["all_domains"]["listing_share"]
    if raw.get("single"):
        ratios["single_vs_uri"] = raw["single"]["module_median"] / raw["single"]["uri_median"]
    for name, (operator, limit, meaning) in TARGETS.items():
        if name not in ratios:
            continue
        value = ratios[name]
        holds = value >= limit if operator == ">=" else value <= limit if operator == "<=" else value < limit
        summary["targets"][name] = {
            "value": value,
            "target": "%s %g" % (operator, limit),
            "holds": holds,
            "meaning": meaning,
        }
    return summary


def fmt(value, digits=3):
    if value is None:
        return "n/a"
    if abs(value) >= 100:
        return "%.0f" % value
    if abs(value) >= 10:
        return "%.1f" % value
    return "%.*f" % (digits, value)


def markdown(meta, raw, summary, args):
    lines = [
        "Benchmark %s: %s, %s CPUs (%s), Python %s, ansible-core %s; simulator latency %g ms per request, "
        "concurrency %d (the module's default, for module and floor alike); medians of %d repeats (%s)"
        % (
            meta["date"],
            meta["machine"]["platform"],
            meta["machine"]["nproc"],
            meta["machine"]["cpu_model"],
            meta["machine"]["python"],
            meta["machine"]["versions"]["ansible"],
            args.latency_ms,
            args.concurrency,
            args.repeats,
            "sizes above %d: %d" % (DIRECT_MAX, args.big_repeats),
        ),
        "Other processes used %s%% of the machine's CPU during the run%s (load average %.2f at the start, "
        "%.2f at the end)."
        % (
            fmt(meta["foreign_cpu_percent"], 1),
            ": figures are noisy, run again on an idle machine" if meta["busy"] else "",
            meta["machine"]["loadavg_start"][0],
            meta["machine"]["loadavg_end"][0],
        ),
        "",
        "| Measurement | domains | task s | wall s | notes |",
        "|---|---:|---:|---:|---|",
        "| (p) `ansible.builtin.ping` task (median) | | %s | %s | what Ansible charges any module task |"
        % (fmt(summary["ping_task"]), fmt(median([run["wall"] for run in raw["ping"]]))),
    ]
    for count in args.sizes:
        entry = summary["batch"][str(count)]
        lines.append(
            "| (a) `domain_status_sync` batch, ansible-playbook | %d | %s | %s | floor + ping %s s "
            "(task %s s over it); CPU of the process tree %s s; peak RSS of any process %s MB; network floor %s s |"
            % (
                count,
                fmt(entry["playbook_task"]),
                fmt(entry["playbook_wall"]),
                fmt(entry["floor_plus_ping"]),
                fmt(entry["task_over_floor_ping_s"], 2),
                fmt(entry["playbook_tree_cpu"]),
                fmt(entry["playbook_peak_rss_mb"], 1),
                fmt(entry["network_floor"]),
            )
        )
        if "direct_module_wall" in entry:
            lines.append(
                "| (a') same module run directly (no controller) | %d | | %s | CPU %s s (%s ms/domain); output %d kB; "
                "RSS %s MB |"
                % (
                    count,
                    fmt(entry["direct_module_wall"]),
                    fmt(entry["direct_module_cpu"]),
                    fmt(entry["cpu_ms_per_domain_direct"], 2),
                    entry["output_bytes"] // 1024,
                    fmt(entry["direct_peak_rss_mb"], 1),
                )
            )
        lines.append(
            "| (c) floor: requests.Session + ThreadPoolExecutor, whole process | %d | | %s | requests phase %s s; "
            "CPU %s s (%s ms/domain); RSS %s MB |"
            % (
                count,
                fmt(entry["floor_wall"]),
                fmt(entry["floor_inner"]),
                fmt(entry["floor_cpu"]),
                fmt(entry["cpu_ms_per_domain_floor"], 2),
                fmt(entry["floor_peak_rss_mb"], 1),
            )
        )
    if raw.get("uri"):
        uri = raw["uri"]
        lines.append(
            "| (b) `ansible.builtin.uri` loop | %d | %s | %s | %s s per domain |"
            % (args.uri_sample, fmt(uri["task"]), fmt(uri["wall"]), fmt(uri["per_domain"], 4))
        )
    if raw.get("all_domains"):
        every = raw["all_domains"]
        lines.append(
            "| (f) `all_domains` over the account | %d | %s | %s | listing: %d pages in %s s (%s%% of the task); "
            "peak RSS of any process %s MB |"
            % (
                ALL_DOMAINS_ACCOUNT,
                fmt(every["task"]),
                fmt(every["wall"]),
                every["pages"],
                fmt(every["listing_seconds"]),
                fmt(100.0 * every["listing_share"], 2),
                fmt(every["tree_maxrss_mb"], 1),
            )
        )
    if raw.get("single"):
        single = raw["single"]
        lines.append(
            "| (d) single `domain_status_sync` task (median of %d) | 1 | %s | | tasks: %s |"
            % (args.single_repeats, fmt(single["module_median"]), ", ".join(fmt(t) for t in single["module_tasks"]))
        )
        lines.append(
            "| (d) single `uri` task (median of %d) | 1 | %s | | tasks: %s |"
            % (args.single_repeats, fmt(single["uri_median"]), ", ".join(fmt(t) for t in single["uri_tasks"]))
        )
    if raw.get("rate_limited"):
        limited = raw["rate_limited"]
        lines.append(
            "| batch run directly, panel enforcing %d requests per %g s (429 + Retry-After) | %d | | %s | "
            "the limit allows %s s at best; %d requests sent; %s failed |"
            % (
                limited["limit"],
                limited["window"],
                limited["count"],
                fmt(limited["wall"]),
                fmt(limited["limit_floor"]),
                limited["requests"],
                limited["failed"],
            )
        )
    if raw.get("single_direct"):
        lines.append(
            "| single-domain module run directly | 1 | | %s | RSS %s MB |"
            % (fmt(raw["single_direct"]["wall"]), fmt(raw["single_direct"]["maxrss_mb"], 1))
        )
    for name, entry in (raw.get("restore") or {}).items():
        lines.append(
            "| (e) `domain_restore` %s | 1 | %s | %s | %d requests (%s s of latency); %s; "
            "direct run %s s, RSS %s MB |"
            % (
                name,
                fmt(entry["task"]),
                fmt(entry["wall"]),
                entry["requests"],
                fmt(entry["network_floor"], 2),
                entry["restore_status"],
                fmt(entry["direct_wall"]),
                fmt(entry["maxrss_mb"], 1),
            )
        )
    lines += ["", "| Target | measured | target | holds |", "|---|---:|---:|---|"]
    for entry in summary["targets"].values():
        lines.append(
            "| %s | %s | %s | %s |"
            % (entry["meaning"], fmt(entry["value"], 3), entry["target"], "yes" if entry["holds"] else "**no**")
        )
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Benchmark domainops.registrar against the registrar simulator.")
    parser.add_argument("--latency-ms", type=float, default=20.0, help="simulated latency per API request (20)")
    parser.add_argument(
        "--concurrency", type=int, default=4, help="parallel requests, module and floor alike (4, the module's default)"
    )
    parser.add_argument("--sizes", default="200,10000", help="batch sizes, comma-separated (200,10000)")
    parser.add_argument("--repeats", type=int, default=3, help="repeats of each batch measurement (3)")
    parser.add_argument(
        "--big-repeats",
        type=int,
        default=1,
        help="repeats of batches above %d ids (1: each takes minutes)" % DIRECT_MAX,
    )
    parser.add_argument("--uri-sample", type=int, default=30, help="ids in the uri loop (30)")
    parser.add_argument("--single-repeats", type=int, default=5, help="single-domain tasks of each kind (5)")
    parser.add_argument(
        "--skip", default="", help="comma-separated parts to leave out: uri, all, single, restore (batch always runs)"
    )
    parser.add_argument(
        "--rate-limit",
        metavar="LIMIT/SECONDS",
        help="also run the biggest batch (module directly) against a panel enforcing LIMIT requests per SECONDS, "
        "e.g. 100/2 (not run by default)",
    )
    parser.add_argument("--output", help="results file (default benchmarks/results/<date>.json)")
    parser.add_argument("--keep-workdir", action="store_true", help="keep playbooks, outputs and logs")
    args = parser.parse_args(argv)
    if args.rate_limit:
        try:
            limit, window = args.rate_limit.split("/")
            args.rate_limit = (int(limit), float(window))
        except ValueError:
            parser.error("--rate-limit must look like 100/2 (requests per seconds)")
    args.sizes = sorted({int(size) for size in args.sizes.split(",") if size.strip()})
    args.skip = {part.strip() for part in args.skip.split(",") if part.strip()}
    if not 1 <= args.concurrency <= 32:
        parser.error("--concurrency must be between 1 and 32 (the module's range)")
    if not args.sizes or min(args.sizes) < 1:
        parser.error("--sizes must list positive numbers")
    if args.uri_sample > max(args.sizes) or args.uri_sample < 1:
        parser.error("--uri-sample must be between 1 and the biggest batch size")
    return args


def check_environment():
    missing = []
    for name in ("ansible", "requests"):
        try:
            __import__(name)
        except ImportError:
            missing.append(name)
    playbook = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    if missing or not os.path.exists(playbook):
        raise BenchError(
            "run this with a Python that has ansible-core and requests (%s lacks %s); make benchmark prepares one"
            % (sys.executable, ", ".join(missing) or "ansible-playbook")
        )


def main(argv=None):
    args = parse_args(argv)
    check_environment()
    today = datetime.date.today().isoformat()
    meta = {"date": today, "started": datetime.datetime.now().isoformat(timespec="seconds"), "machine": machine_info()}
    meta["settings"] = {
        "latency_ms": args.latency_ms,
        "concurrency": args.concurrency,
        "sizes": args.sizes,
        "repeats": args.repeats,
        "big_repeats": args.big_repeats,
        "uri_sample": args.uri_sample,
        "single_repeats": args.single_repeats,
        "skip": sorted(args.skip),
    }
    load, cpus = os.getloadavg()[0], os.cpu_count() or 1
    if load > 0.5 * cpus:
        say("WARNING: load average %.1f on %d CPUs: other work is running and will distort the figures" % (load, cpus))
    machine_busy_start, own_start = cpu_busy_seconds(), own_cpu_seconds()
    work = Workdir(keep=args.keep_workdir)
    raw = {"batch": {}}
    started = time.perf_counter()
    finished = False
    try:
        with start_simulator(latency_ms=args.latency_ms) as (_process, sim_url):
            sim = SimClient(sim_url)
            say("simulator at %s, latency %g ms, concurrency %d" % (sim_url, args.latency_ms, args.concurrency))
            say("warming up (interpreter caches, simulator threads, AnsiballZ)...")
            bench_floor(work, sim, sim_url, 50, args.concurrency, stem="warmup-floor")
            bench_direct(work, sim, sim_url, 50, args.concurrency, stem="warmup-direct")
            bench_playbook_batch(work, sim, sim_url, 50, args.concurrency, check_requests=False)

            for count in args.sizes:
                raw["batch"][str(count)] = {"playbook": [], "direct": [], "floor": []}
            raw["ping"] = []
            for repeat in range(args.repeats):
                raw["ping"].append(bench_ping(work, sim))
                say("(p)   ping task, repeat %d: %.3f s" % (repeat + 1, raw["ping"][-1]["task"]))
                for count in args.sizes:
                    if count > DIRECT_MAX and repeat >= args.big_repeats:
                        continue
                    runs = raw["batch"][str(count)]
                    runs["floor"].append(bench_floor(work, sim, sim_url, count, args.concurrency))
                    if count <= DIRECT_MAX:
                        runs["direct"].append(bench_direct(work, sim, sim_url, count, args.concurrency))
                    runs["playbook"].append(
                        bench_playbook_batch(work, sim, sim_url, count, args.concurrency, check_requests=repeat == 0)
                    )
                    say(
                        "(a/c) %5d ids, repeat %d: task %.2f s, floor %.2f s, peak RSS %.0f MB"
                        % (
                            count,
                            repeat + 1,
                            runs["playbook"][-1]["task"],
                            runs["floor"][-1]["wall"],
                            runs["playbook"][-1]["tree_maxrss_mb"],
                        )
                    )
            if "all" not in args.skip:
                raw["all_domains"] = bench_all_domains(work, sim, sim_url, args.concurrency)
                say(
                    "(f)   all_domains over %d: task %.2f s, listing %.3f s (%d pages)"
                    % (
                        ALL_DOMAINS_ACCOUNT,
                        raw["all_domains"]["task"],
                        raw["all_domains"]["listing_seconds"],
                        raw["all_domains"]["pages"],
                    )
                )
            if "uri" not in args.skip:
                raw["uri"] = bench_uri_loop(work, sim, sim_url, args.uri_sample)
                say("(b)   uri loop over %d ids: %.2f s per domain" % (args.uri_sample, raw["uri"]["per_domain"]))
            if "single" not in args.skip:
                raw["single"] = bench_single(work, sim, sim_url, args.single_repeats)
                say(
                    "(d)   single task: module %.3f s, uri %.3f s (medians)"
                    % (raw["single"]["module_median"], raw["single"]["uri_median"])
                )
            raw["single_direct"] = bench_single_direct(work, sim, sim_url)
            if args.rate_limit:
                raw["rate_limited"] = bench_rate_limited(
                    work, sim, sim_url, max(args.sizes), args.concurrency, *args.rate_limit
                )
                say(
                    "(429) %d ids under %d requests per %g s: %.1f s (limit allows %.1f s), %d requests, %s failed"
                    % (
                        max(args.sizes),
                        args.rate_limit[0],
                        args.rate_limit[1],
                        raw["rate_limited"]["wall"],
                        raw["rate_limited"]["limit_floor"],
                        raw["rate_limited"]["requests"],
                        raw["rate_limited"]["failed"],
                    )
                )
            if "restore" not in args.skip:
                raw["restore"] = bench_restore(work, sim, sim_url, args.latency_ms)
                for name, entry in raw["restore"].items():
                    say(
                        "(e)   restore %-12s %.2f s, %d requests, %s"
                        % (name, entry["wall"], entry["requests"], entry["restore_status"])
                    )
        finished = True
    except BenchError as exc:
        say("BENCHMARK FAILED: %s" % exc)
    finally:
        # Kept after a failure: the playbooks, module outputs and logs are what explains it.
        work.keep = work.keep or not finished
        work.cleanup()
    if not finished:
        return 1
    meta["seconds"] = time.perf_counter() - started
    meta["machine"]["loadavg_end"] = list(os.getloadavg())
    # The simulator has been stopped and reaped by now, so its CPU counts as the benchmark's own.
    machine_busy_end = cpu_busy_seconds()
    if machine_busy_start is None or machine_busy_end is None:
        meta["foreign_cpu_percent"] = None
    else:
        foreign = (machine_busy_end - machine_busy_start) - (own_cpu_seconds() - own_start)
        meta["foreign_cpu_percent"] = max(0.0, 100.0 * foreign / (meta["seconds"] * cpus))
    meta["busy"] = meta["foreign_cpu_percent"] is not None and meta["foreign_cpu_percent"] > 5.0
    summary = summarise(raw, args)
    table = markdown(meta, raw, summary, args)
    output = args.output or os.path.join(BENCH, "results", "%s.json" % today)
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    with open(output, "w", encoding="utf-8") as handle:
        json.dump({"meta": meta, "summary": summary, "raw": raw, "markdown": table}, handle, indent=2)
        handle.write("\n")
    say("")
    say(table)
    say("")
    say("results: %s (whole run %.0f s)" % (os.path.abspath(output), meta["seconds"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
