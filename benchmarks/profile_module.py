# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Where a batch run of domain_status_sync spends its time, and what proposed changes would gain.

    .venv/bin/python benchmarks/profile_module.py [--count 1000] [--concurrency 8] [--latency-ms 20]

Runs the module file directly (no Ansible controller) against the simulator and reports:

  imports     python -X importtime of a single-domain run, grouped by package
  phases      wall and CPU time of each step of main(): imports, AnsibleModule() argument
              handling, client set-up, the requests (sync_many), exit_json (no_log scrubbing
              of the result, JSON output); plus the CPU the worker threads spend in redaction,
              in the requests stack and in decoding answers (time.thread_time, so waiting for
              the GIL or the network does not count)
  profile     cProfile of every thread (the pool's workers included), top functions by own time;
              the .prof file is kept for pstats/snakeviz
  what-if     the same run with proposed changes applied by monkeypatching in this process
              (plugins/ is never edited), median of --repeats runs, against the unchanged module
              and against benchmarks/floor.py

The plugin code is only wrapped, never changed on disk. Writes benchmarks/results/profile-<date>.json.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
PACKAGE = "ansible_collections.domainops.registrar.plugins.module_utils"
MODULE = os.path.join(ROOT, "plugins", "modules", "domain_status_sync.py")
HOSTUP_KEY = "sim-hostup-key-7f3a9c"
FIRST_ID = 100000
SEEDED_LAST_ID = 101999

VARIANTS = {
    "baseline": "the module as it is",
    "fast-text": 'Redactor.text skips its four regex passes when the text has none of = % " < :',
    "no-env-lookup": "proxies/CA bundle resolved once per client, then session.trust_env=False (no per-request "
    "environment scan and ~/.netrc stat calls)",
    "slim-results": "SIZING ONLY, contract change: batch results without the `domain` record",
    "both": "fast-text + no-env-lookup",
}


# =============================================================================================
# Inner side: runs inside the measured process, wraps the plugin code, runs the module file.


def _apply_variant(variant):
    """Monkeypatch the proposed changes; each mirrors a suggestion in benchmarks/README.md."""
    import importlib

    redact = importlib.import_module(PACKAGE + "._redact")
    http = importlib.import_module(PACKAGE + "._http")
    hostup = importlib.import_module(PACKAGE + "._hostup")
    parts = {"fast-text", "no-env-lookup"} if variant == "both" else {variant}

    if "fast-text" in parts:
        original_text = redact.Redactor.text
        could_match = re.compile(r"[=%\"<:]").search

        def text(self, value):
            if isinstance(value, str) and could_match(value) is None:
                for secret in self._secrets:
                    if secret in value:
                        value = value.replace(secret, redact.MASK)
                return value
            return original_text(self, value)

        redact.Redactor.text = text

    if "no-env-lookup" in parts:
        original_init = http.HttpClient.__init__

        def init(self, *args, **kwargs):
            original_init(self, *args, **kwargs)
            session = self.session
            found = session.merge_environment_settings(self.base_url, {}, None, session.verify, None)
            session.proxies.update(found["proxies"] or {})
            session.verify = found["verify"]
            session.trust_env = False

        http.HttpClient.__init__ = init

    if "slim-results" in parts:
        # Not a proposal as such: it sizes what the per-domain `domain` record costs downstream.
        original_sync = hostup.status_sync

        def status_sync(client, domain_id):
            result = original_sync(client, domain_id)
            result.pop("domain", None)
            return result

        hostup.status_sync = status_sync


def _inner(argv):
    started = time.perf_counter()
    parser = argparse.ArgumentParser()
    parser.add_argument("--variant", default="baseline")
    parser.add_argument("--report", required=True)
    parser.add_argument("--profile")
    parser.add_argument("--no-instrument", action="store_true", help="no phase wrappers (what-if timing runs)")
    parser.add_argument("args_file")
    opts = parser.parse_args(argv)

    phases = {}
    thread_cpu = {}
    lock = threading.Lock()
    depth = threading.local()

    def add(table, label, wall, cpu):
        with lock:
            entry = table.setdefault(label, {"wall": 0.0, "cpu": 0.0, "calls": 0})
            entry["wall"] += wall
            entry["cpu"] += cpu
            entry["calls"] += 1

    def phase(owner, name, label):
        original = getattr(owner, name)

        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                add(phases, label, time.perf_counter() - wall, time.process_time() - cpu)

        setattr(owner, name, wrapper)

    def thread_cost(owner, name, label):
        """CPU of the calling thread inside ``owner.name`` (outermost call per label only)."""
        original = getattr(owner, name)

        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            active = getattr(depth, label, 0)
            setattr(depth, label, active + 1)
            cpu = time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                setattr(depth, label, active)
                if not active:
                    add(thread_cpu, label, 0.0, time.thread_time() - cpu)

        setattr(owner, name, wrapper)

    profiles = []
    if opts.profile:
        import cProfile

        def start_thread_profile(frame, event, arg):
            profile = cProfile.Profile()
            with lock:
                profiles.append(profile)
            profile.enable()  # replaces this hook for the thread

        threading.setprofile(start_thread_profile)
        main_profile = cProfile.Profile()
        profiles.append(main_profile)
        main_profile.enable()

    import_wall, import_cpu = time.perf_counter(), time.process_time()
    import importlib

    from ansible.module_utils import basic

    hostup = importlib.import_module(PACKAGE + "._hostup")
    http = importlib.import_module(PACKAGE + "._http")
    redact = importlib.import_module(PACKAGE + "._redact")
    add(
        phases,
        "1 imports (ansible.module_utils.basic, requests, collection)",
        time.perf_counter() - import_wall,
        time.process_time() - import_cpu,
    )

    _apply_variant(opts.variant)
    if opts.no_instrument:
        # The what-if timing runs measure the module without any wrapper.
        def phase(*_args):
            return None

        thread_cost = phase
    phase(basic.AnsibleModule, "__init__", "2 AnsibleModule() argument handling")
    phase(hostup, "create_client", "3 client set-up (requests.Session)")
    phase(hostup, "sync_many", "4 requests: sync_many (threads, HTTP, result building)")
    phase(basic.AnsibleModule, "exit_json", "5 exit_json: no_log scrub of the result + JSON output")
    thread_cost(redact.Redactor, "data", "redaction of records (Redactor.data)")
    thread_cost(redact.Redactor, "text", "redaction of texts (Redactor.text)")
    thread_cost(http.HttpClient, "_send", "requests stack: send + read answer (HttpClient._send)")
    thread_cost(http.HttpResponse, "_decode_json", "JSON decode of answers")
    thread_cost(hostup, "status_sync", "whole status_sync per domain (includes the above)")

    import runpy

    sys.argv = [MODULE, opts.args_file]
    real_stdout = sys.stdout
    with tempfile.TemporaryFile(mode="w+") as output:
        sys.stdout = output
        run_wall = time.perf_counter()
        try:
            runpy.run_path(MODULE, run_name="__main__")
        except SystemExit:
            pass
        finally:
            sys.stdout = real_stdout
        main_wall = time.perf_counter() - run_wall
        output_bytes = output.tell()
        output.seek(0)
        result = json.loads(output.read())
    if opts.profile:
        import pstats

        threading.setprofile(None)
        main_profile.disable()
        stats = pstats.Stats(main_profile)
        for profile in profiles[1:]:
            stats.add(profile)
        stats.dump_stats(opts.profile)
    report = {
        "variant": opts.variant,
        "total_wall": time.perf_counter() - started,
        "main_wall": main_wall,
        "process_cpu": time.process_time(),
        "phases": phases,
        "thread_cpu": thread_cpu,
        "summary": result.get("summary"),
        "failed": bool(result.get("failed")),
        "msg": result.get("msg"),
        "output_bytes": output_bytes,
    }
    with open(opts.report, "w", encoding="utf-8") as handle:
        json.dump(report, handle)
    return 0


# =============================================================================================
# Outer side: simulator, runs, report.


def _env(collections):
    env = {key: value for key, value in os.environ.items() if not key.startswith("ANSIBLE_")}
    env["PYTHONPATH"] = collections
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return env


def _collections_dir(work):
    collections = os.path.join(work, "collections")
    os.makedirs(os.path.join(collections, "ansible_collections", "domainops"))
    os.symlink(ROOT, os.path.join(collections, "ansible_collections", "domainops", "registrar"))
    return collections


def _prepare(sim, count):
    sim.reset()
    last = FIRST_ID + count - 1
    if last > SEEDED_LAST_ID:
        sim.patch_state({"hostup": {"generated": {"last_id": last}}})


def _write_args(work, sim_url, count, concurrency):
    path = os.path.join(work, "args-%d.json" % count)
    args = {"hostup_api_key": HOSTUP_KEY, "hostup_api_url": sim_url + "/hostup/api", "concurrency": concurrency}
    if count == 1:
        args["domain_id"] = FIRST_ID
    else:
        args["domain_ids"] = list(range(FIRST_ID, FIRST_ID + count))
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"ANSIBLE_MODULE_ARGS": args}, handle)
    return path


def run_inner(work, collections, args_file, variant, profile=None, instrument=True):
    report = os.path.join(work, "report.json")
    cmd = [sys.executable, os.path.abspath(__file__), "--inner", "--variant", variant, "--report", report]
    if not instrument:
        cmd.append("--no-instrument")
    if profile:
        cmd += ["--profile", profile]
    cmd.append(args_file)
    started = time.perf_counter()
    done = subprocess.run(cmd, env=_env(collections), capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0 or not os.path.exists(report):
        raise RuntimeError("inner run (%s) failed:\n%s" % (variant, done.stderr[-3000:]))
    with open(report, encoding="utf-8") as handle:
        data = json.load(handle)
    os.remove(report)
    if data["failed"]:
        raise RuntimeError("the module failed (%s): %s" % (variant, data["msg"]))
    data["process_wall"] = wall
    return data


def run_floor(collections, sim_url, count, concurrency):
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
    started = time.perf_counter()
    done = subprocess.run(cmd, env=_env(collections), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError("floor.py failed:\n%s" % done.stderr[-2000:])
    return time.perf_counter() - started


def import_times(work, collections, sim_url):
    """-X importtime of a single-domain run, cumulative microseconds grouped by top-level import."""
    args_file = _write_args(work, sim_url, 1, 1)
    runs = []
    for _attempt in range(3):  # the first run may still compile .pyc files; keep the fastest
        done = subprocess.run(
            [sys.executable, "-X", "importtime", MODULE, args_file],
            env=_env(collections),
            capture_output=True,
            text=True,
            check=False,
        )
        rows = []
        for line in done.stderr.splitlines():
            match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
            if match:
                rows.append((int(match.group(2)), len(match.group(3)) // 2, match.group(4)))
        runs.append(rows)
    rows = min(runs, key=lambda rows: sum(cumulative for cumulative, level, _name in rows if level == 0))
    top = [(name, cumulative) for cumulative, level, name in rows if level == 0]
    groups = {}
    for name, cumulative in top:
        if name.startswith("ansible_collections"):
            group = "collection module_utils (excluding what they import first)"
        elif name.split(".")[0] in ("requests", "urllib3", "charset_normalizer", "idna", "certifi"):
            group = "requests and its dependencies"
        elif name.split(".")[0] == "ansible":
            group = "ansible (module_utils.basic and friends)"
        else:
            group = "standard library and other"
        groups[group] = groups.get(group, 0) + cumulative
    # Nested names first imported by a collection module_utils still belong to their package.
    wanted = ("requests", "urllib3", "ansible.module_utils.basic")
    detail = {name: cumulative for cumulative, _level, name in rows if name in wanted}
    return {
        "total_ms": sum(cumulative for _name, cumulative in top) / 1000.0,
        "groups_ms": {key: value / 1000.0 for key, value in sorted(groups.items(), key=lambda item: -item[1])},
        "largest_ms": {name: cumulative / 1000.0 for name, cumulative in sorted(top, key=lambda item: -item[1])[:8]},
        "packages_ms": {name: value / 1000.0 for name, value in detail.items()},
    }


def profile_top(path, limit):
    import io
    import pstats

    stream = io.StringIO()
    stats = pstats.Stats(path, stream=stream)
    stats.sort_stats("tottime").print_stats(limit)
    keep, started = [], False
    for line in stream.getvalue().splitlines():
        if line.strip().startswith("ncalls"):
            started = True
        if started and line.strip():
            keep.append(line.replace(ROOT + "/", "").replace(sys.prefix + "/", "<venv>/"))
    counts = {}
    for (_filename, _line, name), (primitive, _total, _tt, _ct, _callers) in stats.stats.items():
        if name in ("<method 'connect' of '_socket.socket' objects>", "<built-in method _thread.start_new_thread>"):
            counts[name] = counts.get(name, 0) + primitive
    return keep, counts


# Appended to a temporary copy of _hostup.py: rebinding the module-level name is enough, since
# sync_many looks it up at call time and the module file imports it after this runs.
_SLIM_PATCH = """

_bench_full_status_sync = status_sync


def status_sync(client, domain_id):  # benchmark sizing copy: results without the domain record
    result = _bench_full_status_sync(client, domain_id)
    result.pop("domain", None)
    return result
"""


def controller_sizing(work, sim, sim_url, args):
    """Batch playbook with full results against a temporary collection copy that drops `domain`."""
    import run  # benchmarks/run.py, beside this file

    copy = os.path.join(work, "slim")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "-c", "-o", "--exclude-standard", "plugins", "meta", "galaxy.yml"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (item.decode() for item in listed)):
        source = os.path.join(ROOT, name)
        if os.path.isfile(source):
            os.makedirs(os.path.dirname(os.path.join(copy, name)), exist_ok=True)
            with open(source, "rb") as handle, open(os.path.join(copy, name), "wb") as out:
                out.write(handle.read())
    with open(os.path.join(copy, "plugins", "module_utils", "_hostup.py"), "a", encoding="utf-8") as handle:
        handle.write(_SLIM_PATCH)

    trees = {}
    for label, root in (("full results", ROOT), ("without `domain`", copy)):
        tree = run.Workdir()
        link = os.path.join(tree.collections, "ansible_collections", "domainops", "registrar")
        os.remove(link)
        os.symlink(root, link)
        trees[label] = tree
    measured = {label: [] for label in trees}
    try:
        for tree in trees.values():
            run.bench_playbook_batch(tree, sim, sim_url, 50, args.concurrency, check_requests=False)
        for _repeat in range(args.repeats):
            for label, tree in trees.items():
                measured[label].append(
                    run.bench_playbook_batch(tree, sim, sim_url, args.count, args.concurrency, check_requests=False)
                )
    finally:
        for tree in trees.values():
            tree.cleanup()
    print("%-20s %10s %10s %14s" % ("%d ids" % args.count, "wall s", "task s", "tree CPU s"))
    summary = {}
    for label, runs in measured.items():
        summary[label] = {key: statistics.median(entry[key] for entry in runs) for key in ("wall", "task", "tree_cpu")}
        print(
            "%-20s %10.3f %10.3f %14.3f"
            % (label, summary[label]["wall"], summary[label]["task"], summary[label]["tree_cpu"])
        )
    return summary


def main(argv=None):
    parser = argparse.ArgumentParser(description="Profile a batch run of domain_status_sync.")
    parser.add_argument("--count", type=int, default=1000, help="domain ids in the batch (1000)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--repeats", type=int, default=5, help="runs per what-if variant (5)")
    parser.add_argument("--variants", default=",".join(VARIANTS), help="what-if variants to run")
    parser.add_argument("--top", type=int, default=25, help="cProfile lines to show")
    parser.add_argument("--output", help="report file (default benchmarks/results/profile-<date>.json)")
    parser.add_argument(
        "--skip-controller", action="store_true", help="leave out the playbook run with slim results (sizing)"
    )
    args = parser.parse_args(argv)
    variants = [name.strip() for name in args.variants.split(",") if name.strip()]
    unknown = set(variants) - set(VARIANTS)
    if unknown:
        parser.error("unknown variants: %s (known: %s)" % (", ".join(sorted(unknown)), ", ".join(VARIANTS)))

    sys.path.insert(0, os.path.join(ROOT, "tests", "simulator"))
    from simclient import SimClient, start_simulator

    today = datetime.date.today().isoformat()
    output = args.output or os.path.join(BENCH, "results", "profile-%s.json" % today)
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    prof_path = os.path.splitext(output)[0] + ".prof"
    work = tempfile.mkdtemp(prefix="registrar-profile-")
    collections = _collections_dir(work)
    report = {"date": today, "settings": vars(args)}
    try:
        with start_simulator(latency_ms=args.latency_ms) as (_process, sim_url):
            sim = SimClient(sim_url)
            args_file = _write_args(work, sim_url, args.count, args.concurrency)
            _prepare(sim, 50)
            run_inner(work, collections, _write_args(work, sim_url, 50, args.concurrency), "baseline")  # warm-up

            print("== imports: python -X importtime, single-domain run ==")
            report["imports"] = import_times(work, collections, sim_url)
            print("total %.0f ms" % report["imports"]["total_ms"])
            for group, value in report["imports"]["groups_ms"].items():
                print("  %-60s %6.0f ms" % (group, value))
            for name, value in report["imports"]["packages_ms"].items():
                print("  of which %-51s %6.0f ms" % (name, value))

            print(
                "\n== phases of a %d-id run (one run, %g ms latency, concurrency %d) =="
                % (args.count, args.latency_ms, args.concurrency)
            )
            _prepare(sim, args.count)
            phased = run_inner(work, collections, args_file, "baseline")
            report["phases"] = phased
            print("%-62s %8s %8s" % ("phase (main thread)", "wall s", "CPU s"))
            for label in sorted(phased["phases"]):
                entry = phased["phases"][label]
                print("%-62s %8.3f %8.3f" % (label, entry["wall"], entry["cpu"]))
            print(
                "%-62s %8.3f %8.3f"
                % ("whole process (incl. interpreter start)", phased["process_wall"], phased["process_cpu"])
            )
            print("%-62s %8s %8s" % ("worker-thread CPU, summed over threads", "calls", "CPU s"))
            for label, entry in sorted(phased["thread_cpu"].items(), key=lambda item: -item[1]["cpu"]):
                print("%-62s %8d %8.3f" % (label, entry["calls"], entry["cpu"]))
            print("result: %d bytes of JSON" % phased["output_bytes"])

            print("\n== cProfile, all threads, top %d by own time (wall, so GIL waits count) ==" % args.top)
            _prepare(sim, args.count)
            profiled = run_inner(work, collections, args_file, "baseline", profile=prof_path)
            lines, counts = profile_top(prof_path, args.top)
            print("\n".join(lines))
            print(
                "socket connects: %s; threads started: %s (profile kept in %s)"
                % (
                    counts.get("<method 'connect' of '_socket.socket' objects>", 0),
                    counts.get("<built-in method _thread.start_new_thread>", 0),
                    os.path.relpath(prof_path),
                )
            )
            report["profile"] = {"top": lines, "counts": counts, "main_wall": profiled["main_wall"], "file": prof_path}

            print(
                "\n== what-if: proposed changes monkeypatched, median of %d runs of %d ids =="
                % (args.repeats, args.count)
            )
            results = {name: [] for name in variants}
            floors = []
            for _repeat in range(args.repeats):
                _prepare(sim, args.count)
                floors.append(run_floor(collections, sim_url, args.count, args.concurrency))
                for name in variants:
                    _prepare(sim, args.count)
                    results[name].append(run_inner(work, collections, args_file, name, instrument=False))
            floor = statistics.median(floors)
            base = base_cpu = None
            if "baseline" in results:
                base = statistics.median(run["process_wall"] for run in results["baseline"])
                base_cpu = statistics.median(run["process_cpu"] for run in results["baseline"])
            print(
                "%-15s %8s %8s %10s %10s %9s  %s"
                % ("variant", "wall s", "CPU s", "wall diff", "CPU diff", "vs floor", "change")
            )
            report["what_if"] = {"floor_wall": floor, "variants": {}}
            for name in variants:
                wall = statistics.median(run["process_wall"] for run in results[name])
                cpu = statistics.median(run["process_cpu"] for run in results[name])
                report["what_if"]["variants"][name] = {"wall": wall, "cpu": cpu, "runs": results[name]}
                wall_diff = "%+.3f" % (wall - base) if base else ""
                cpu_diff = "%+.3f" % (cpu - base_cpu) if base else ""
                print(
                    "%-15s %8.3f %8.3f %10s %10s %9.2f  %s"
                    % (name, wall, cpu, wall_diff, cpu_diff, wall / floor, VARIANTS[name])
                )
            print("%-15s %8.3f %8s %10s %10s %9.2f  %s" % ("floor.py", floor, "", "", "", 1.0, "plain requests"))

            if not args.skip_controller:
                print("\n== sizing: what the per-domain `domain` record costs through ansible-playbook ==")
                report["controller"] = controller_sizing(work, sim, sim_url, args)
    finally:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    with open(output, "w", encoding="utf-8") as handle:
        json.dump(report, handle, indent=2, default=str)
    print("\nreport: %s" % output)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--inner":
        sys.exit(_inner(sys.argv[2:]))
    sys.exit(main())
