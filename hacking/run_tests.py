#!/usr/bin/env python
"""Run the collection's test suite and print one summary line: ``N passed, M failed``.

Legs and stages (``make test`` runs all of them):

  leg 3.11  (.venv, ansible-core 2.19)       lint (ruff), sanity, units, integration, release
            (release: hacking/release-check.sh, one test per check)
  leg 3.13  (.venv-py313, ansible-core 2.21) sanity, units, integration
            (only when a real python3.13 interpreter is found; otherwise it says so and skips)

Each ansible-test stage runs with ``--venv --python X.Y`` from a copy of the collection at
``.ansible/test-tree/<leg>/ansible_collections/domainops/registrar`` (see hacking/test-tree.sh).
Counting: lint is one test, each sanity test is one (from ansible-test's --junit files), each
unit test is one (from pytest's junit xml), each integration target is one. A stage that fails
without producing countable results (a crash, a timeout, a broken venv) counts as one failure,
so nothing is hidden. Full logs go to tests/output/logs/, junit files to tests/output/junit/.

Only the standard library is used: this runs before any venv exists.
"""

import argparse
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "tests", "output")
LOGS = os.path.join(OUTPUT, "logs")
JUNIT = os.path.join(OUTPUT, "junit")
TREES = os.path.join(ROOT, ".ansible", "test-tree")
PYBIN = os.path.join(ROOT, ".ansible", "pybin")

ALL_STAGES = ("lint", "sanity", "units", "integration", "release")
# Stages whose result does not depend on the Python leg: they run in the 3.11 leg only.
SINGLE_LEG_STAGES = ("lint", "release")
STAGE_TIMEOUT = int(os.environ.get("STAGE_TIMEOUT", "1500"))  # seconds, per stage
TAIL_LINES = 40
MAX_NAMES = 10  # failed test names printed per stage (all of them are in the junit files)


def rel(path):
    return os.path.relpath(path, ROOT)


_PRINT_LOCK = threading.Lock()


def say(msg=""):
    # Legs run in parallel threads: one call prints one block without interleaving.
    with _PRINT_LOCK:
        print(msg, flush=True)


class Result:
    def __init__(self, leg_short, stage):
        self.leg_short = leg_short
        self.stage = stage
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.seconds = 0.0
        self.status = "ok"  # ok | FAILED | not run
        self.log = None
        self.failed_names = []
        self.note = ""
        self.info = ""  # printed under the stage line whatever the outcome

    def fail(self, note, count=1):
        self.status = "FAILED"
        self.failed += count
        self.note = note


# ---------------------------------------------------------------------------------------------
# Interpreters


def python_version(python):
    """Return (X.Y.Z, real executable) for an interpreter, or (None, None) if it does not run.

    The executable is what the interpreter reports itself, so a pyenv shim resolves to the real
    binary behind it (ansible-test and venv creation need that one).
    """
    try:
        code = 'import sys; print("%d.%d.%d" % sys.version_info[:3]); print(sys.executable)'
        proc = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=30, check=True)
        out = proc.stdout.split("\n")
        return out[0].strip(), os.path.realpath(out[1].strip())
    except (OSError, subprocess.SubprocessError, IndexError):
        return None, None


def version_key(v):
    return tuple(int(x) for x in v.split("."))


def find_real_python(minor):
    """Find a real interpreter (not a pyenv shim, which fails inside ansible-test) for 3.<minor>."""
    want = "3.%d" % minor
    candidates = []
    env_override = os.environ.get("PYTHON3%d" % minor)
    if env_override:
        candidates.append(env_override)
    roots = []
    if os.environ.get("PYENV_ROOT"):
        roots.append(os.environ["PYENV_ROOT"])
    pyenv = shutil.which("pyenv")
    if pyenv:
        try:
            roots.append(
                subprocess.run([pyenv, "root"], capture_output=True, text=True, timeout=30, check=False).stdout.strip()
            )
        except (OSError, subprocess.SubprocessError):
            pass
    roots.append(os.path.expanduser("~/.pyenv"))
    for root in roots:
        if root:
            found = glob.glob(os.path.join(root, "versions", want + ".*", "bin", "python" + want))
            found += glob.glob(os.path.join(root, "versions", want, "bin", "python" + want))
            candidates.extend(sorted(found, key=lambda p: p.split(os.sep)[-3], reverse=True))
    for d in os.environ.get("PATH", "").split(os.pathsep):
        candidates.append(os.path.join(d, "python" + want))
    candidates += ["/usr/local/bin/python" + want, "/usr/bin/python" + want]

    seen = set()
    for cand in candidates:
        if not cand or not os.path.isfile(cand) or not os.access(cand, os.X_OK):
            continue
        if os.sep + "shims" + os.sep in cand:
            continue
        real = os.path.realpath(cand)
        if real in seen:
            continue
        seen.add(real)
        version, real = python_version(cand)
        if version and version.startswith(want + "."):
            return real, version
    return None, None


def link_pybin(python, minor):
    """Put python3.<minor> -> real interpreter into .ansible/pybin, which goes first on PATH."""
    os.makedirs(PYBIN, exist_ok=True)
    link = os.path.join(PYBIN, "python3.%d" % minor)
    target = os.path.realpath(python)
    if os.path.islink(link) and os.readlink(link) == target:
        return
    if os.path.lexists(link):
        os.unlink(link)
    os.symlink(target, link)


# ---------------------------------------------------------------------------------------------
# Running commands


def run_logged(cmd, log, cwd=ROOT, env=None, timeout=STAGE_TIMEOUT, append=False):
    """Run cmd with output to log; return (exit code or None on timeout, seconds)."""
    start = time.monotonic()
    with open(log, "a" if append else "w") as fh:
        fh.write("$ %s\n  (cwd %s)\n" % (" ".join(cmd), cwd))
        fh.flush()
        try:
            proc = subprocess.Popen(
                cmd,
                cwd=cwd,
                env=env,
                stdout=fh,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as ex:
            fh.write("cannot start: %s\n" % ex)
            return 127, time.monotonic() - start
        try:
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    proc.wait(timeout=10)
                    break
                except subprocess.TimeoutExpired:
                    continue
            fh.write("\n*** timed out after %d s ***\n" % timeout)
            rc = None
    return rc, time.monotonic() - start


def tail(path, n=TAIL_LINES):
    try:
        with open(path, errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return []
    return lines[-n:]


# ---------------------------------------------------------------------------------------------
# Result parsing


def parse_junit(paths):
    """Return (passed, failed, skipped, failed_names) over testcases in the junit files."""
    passed = failed = skipped = 0
    names = []
    for path in paths:
        try:
            tree = ET.parse(path)
        except (ET.ParseError, OSError):
            failed += 1
            names.append("%s (unreadable junit)" % os.path.basename(path))
            continue
        for case in tree.iter("testcase"):
            name = case.get("name", "?")
            classname = case.get("classname") or ""
            if classname and classname != "sanity":
                # pytest: "tests.unit.plugins.modules.test_x.TestY" -> "modules/test_x.py::TestY::name"
                name = "%s::%s" % (short_test_path(classname), name)
            if case.find("failure") is not None or case.find("error") is not None:
                failed += 1
                names.append(name)
            elif case.find("skipped") is not None:
                skipped += 1
            else:
                passed += 1
    return passed, failed, skipped, names


def short_test_path(classname):
    parts = classname.split(".")
    if parts[:3] == ["tests", "unit", "plugins"]:
        parts = parts[3:]
    # The module is the last part starting with "test_"; what follows are classes.
    idx = max((i for i, p in enumerate(parts) if p.startswith("test_")), default=len(parts) - 1)
    return "/".join(parts[: idx + 1]) + ".py" + "".join("::" + p for p in parts[idx + 1 :])


def collect_junit(tree, pattern, dest):
    """Move junit files matching pattern out of the test tree into dest; return their paths."""
    os.makedirs(dest, exist_ok=True)
    moved = []
    for path in sorted(glob.glob(os.path.join(tree, "tests", "output", "junit", pattern))):
        target = os.path.join(dest, os.path.basename(path))
        shutil.move(path, target)
        moved.append(target)
    return moved


def error_lines(log, limit=TAIL_LINES):
    lines = []
    try:
        with open(log, errors="replace") as fh:
            for line in fh:
                if line.startswith(("ERROR:", "FATAL:")):
                    lines.append(line.rstrip("\n"))
    except OSError:
        pass
    if len(lines) > limit:
        lines = [*lines[:limit], "... (%d more; see the log)" % (len(lines) - limit)]
    return lines


# ---------------------------------------------------------------------------------------------
# Legs


class Leg:
    def __init__(self, name, python, version, venv, stages):
        self.name = name
        self.python = python
        self.version = version  # X.Y.Z
        self.short = ".".join(version.split(".")[:2])
        self.venv = venv
        self.stages = stages
        self.tree_root = os.path.join(TREES, "py" + self.short)
        self.coll = os.path.join(self.tree_root, "ansible_collections", "domainops", "registrar")
        self.junit = os.path.join(JUNIT, "py" + self.short)

    def bin(self, name):
        return os.path.join(self.venv, "bin", name)

    def env(self):
        env = dict(os.environ)
        env["PATH"] = os.pathsep.join([PYBIN, os.path.join(self.venv, "bin"), env.get("PATH", "")])
        env["VIRTUAL_ENV"] = self.venv
        for var in (
            "PYTHONPATH",
            "PYTHONHOME",
            "ANSIBLE_COLLECTIONS_PATH",
            "ANSIBLE_COLLECTIONS_PATHS",
            "ANSIBLE_CONFIG",
        ):
            env.pop(var, None)
        return env

    def log(self, stage):
        return os.path.join(LOGS, "py%s-%s.log" % (self.short, stage))


def stage_label(leg, stage):
    return "[py%s] %s" % (leg.short, stage)


def report_stage(res, leg, detail_lines=()):
    counts = "%d passed, %d failed" % (res.passed, res.failed)
    if res.skipped:
        counts += ", %d skipped" % res.skipped
    head = "%-24s %-6s %s (%.0f s)" % (
        stage_label(leg, res.stage),
        "ok" if res.status == "ok" else res.status,
        counts,
        res.seconds,
    )
    block = [head]
    if res.info:
        block.append("    " + res.info)
    if res.status != "ok":
        if res.note:
            block.append("    " + res.note)
        if res.failed_names:
            shown = res.failed_names[:MAX_NAMES]
            block.extend("    failed: " + name for name in shown)
            if len(res.failed_names) > len(shown):
                block.append("    ... and %d more failed" % (len(res.failed_names) - len(shown)))
        block.extend("    | " + line for line in detail_lines)
        if res.log:
            block.append("    full log: " + rel(res.log))
    say("\n".join(block))


def setup_leg(leg):
    """Create/refresh the leg's venv, the get-pip stand-in and the test tree. Returns a Result."""
    res = Result(leg.short, "setup")
    res.log = leg.log("setup")
    start = time.monotonic()
    steps = [
        ([os.path.join(ROOT, "hacking", "venv.sh"), leg.venv, leg.python], ROOT),
        ([leg.bin("python"), os.path.join(ROOT, "hacking", "get_pip_standin.py")], ROOT),
        ([os.path.join(ROOT, "hacking", "test-tree.sh"), leg.tree_root], ROOT),
    ]
    append = False
    for cmd, cwd in steps:
        rc, _seconds = run_logged(cmd, res.log, cwd=cwd, env=leg.env(), timeout=1200, append=append)
        append = True
        if rc != 0:
            res.fail("setup step failed: %s" % " ".join(rel(c) if c.startswith(ROOT) else c for c in cmd[:2]))
            break
    res.seconds = time.monotonic() - start
    if res.status == "ok":
        core = subprocess.run(
            [leg.bin("python"), "-c", "import ansible; print(ansible.__version__)"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        say(
            "%-24s ready: %s, ansible-core %s (%.0f s)"
            % (stage_label(leg, "setup"), rel(leg.venv), core or "?", res.seconds)
        )
    else:
        report_stage(res, leg, tail(res.log))
    return res


def run_lint(leg):
    res = Result(leg.short, "lint")
    res.log = leg.log("lint")
    rc, res.seconds = run_logged([leg.bin("ruff"), "check", "--no-cache", "."], res.log, env=leg.env())
    if rc == 0:
        res.passed = 1
    else:
        res.fail("ruff check found problems" if rc == 1 else "ruff exited %s" % rc)
    report_stage(res, leg, tail(res.log) if rc else ())
    return res


def ansible_test(leg, args, log):
    cmd = [leg.bin("ansible-test"), *args, "--venv", "--python", leg.short, "--color", "no"]
    return run_logged(cmd, log, cwd=leg.coll, env=leg.env())


def run_sanity(leg):
    res = Result(leg.short, "sanity")
    res.log = leg.log("sanity")
    shutil.rmtree(os.path.join(leg.coll, "tests", "output", "junit"), ignore_errors=True)
    rc, res.seconds = ansible_test(leg, ["sanity", "--junit"], res.log)
    files = collect_junit(leg.coll, "ansible-test-sanity-*.xml", os.path.join(leg.junit, "sanity"))
    res.passed, res.failed, res.skipped, res.failed_names = parse_junit(files)
    if res.failed:
        res.status = "FAILED"
    if rc != 0 and not res.failed:
        res.fail(
            "ansible-test sanity %s without a failing test result" % ("timed out" if rc is None else "exited %d" % rc)
        )
    elif rc == 0 and res.failed:
        res.note = "ansible-test exited 0 but junit reports failures"
    report_stage(res, leg, (error_lines(res.log) or tail(res.log)) if res.status != "ok" else ())
    return res


def unit_test_groups(coll):
    """Split the unit tests into ansible-test's three contexts: [(context, [paths])].

    ansible-test units runs modules, module_utils and controller tests as separate pytest runs
    and stops at the first one that fails, so later groups would silently not run. We run
    each group on its own instead, naming its test files (ansible-test's unit targets are the
    test_*.py files under tests/unit).
    """
    unit = os.path.join(coll, "tests", "unit")
    groups = {"modules": [], "module_utils": [], "controller": []}
    for dirpath, dirnames, filenames in os.walk(unit):
        dirnames[:] = sorted(d for d in dirnames if d not in ("__pycache__", "output"))
        for name in sorted(filenames):
            if not (name.startswith("test_") and name.endswith(".py")):
                continue
            path = os.path.relpath(os.path.join(dirpath, name), coll)
            parts = path.split(os.sep)
            context = parts[3] if parts[:3] == ["tests", "unit", "plugins"] and len(parts) > 4 else ""
            groups[context if context in ("modules", "module_utils") else "controller"].append(path)
    return [(context, paths) for context, paths in groups.items() if paths]


def run_units(leg):
    res = Result(leg.short, "units")
    res.log = leg.log("units")
    shutil.rmtree(os.path.join(leg.coll, "tests", "output", "junit"), ignore_errors=True)
    dest = os.path.join(leg.junit, "units")
    groups = unit_test_groups(leg.coll)
    if not groups:
        # Let ansible-test say what it makes of a tree without unit tests.
        groups = [("all", [])]
    crashes = []
    append = False
    for context, paths in groups:
        cmd = [leg.bin("ansible-test"), "units", "--venv", "--python", leg.short, "--color", "no", *paths]
        rc, seconds = run_logged(cmd, res.log, cwd=leg.coll, env=leg.env(), append=append)
        append = True
        res.seconds += seconds
        files = collect_junit(leg.coll, "python*-units.xml", dest)
        passed, failed, skipped, names = parse_junit(files)
        res.passed += passed
        res.failed += failed
        res.skipped += skipped
        res.failed_names += names
        if rc != 0 and not failed:
            crashes.append("%s (%s)" % (context, "timed out" if rc is None else "exit %d" % rc))
            res.failed += 1
    if res.failed:
        res.status = "FAILED"
    if crashes:
        res.note = "ansible-test units failed without a failing test result: " + ", ".join(crashes)
    if not res.failed and not res.passed and not res.skipped:
        res.note = "no unit tests were collected"
        say("%-24s note: no unit tests found" % stage_label(leg, "units"))
    detail = ()
    if res.status != "ok":
        # With failing tests only, their names (above) say enough; after a crash or a
        # collection error, the log's tail says what went wrong.
        detail = tail(res.log, TAIL_LINES if crashes else 1)
    report_stage(res, leg, detail)
    return res


RUNNING_TARGET = re.compile(r"^Running (\S+) integration test (?:script|role)\b")
FAILED_LIST = re.compile(r"The (\d+) integration test\(s\) listed below \(out of (\d+)\) failed")


def run_integration(leg):
    res = Result(leg.short, "integration")
    res.log = leg.log("integration")
    data_dir = os.path.join(leg.coll, "tests", "output", "data")
    shutil.rmtree(data_dir, ignore_errors=True)
    rc, res.seconds = ansible_test(leg, ["integration", "--continue-on-error"], res.log)
    times = {}
    for path in glob.glob(os.path.join(data_dir, "integration-*.json")):
        try:
            with open(path) as fh:
                times.update({k: v.get("run_time_seconds", 0) for k, v in json.load(fh)["targets"].items()})
        except (OSError, ValueError, KeyError, AttributeError):
            pass
    if times:
        # Passed targets only (ansible-test records no time for a failed one); slowest first.
        res.info = "time per target: " + ", ".join(
            "%s %d s" % (k, v) for k, v in sorted(times.items(), key=lambda kv: -kv[1])
        )
    started, failed = [], []
    with open(res.log, errors="replace") as fh:
        lines = fh.read().splitlines()
    for i, line in enumerate(lines):
        m = RUNNING_TARGET.match(line)
        if m and m.group(1) not in started:
            started.append(m.group(1))
        m = FAILED_LIST.search(line)
        if m:
            for name in lines[i + 1 : i + 1 + int(m.group(1))]:
                failed.append(name.strip())
    res.failed_names = failed
    res.failed = len(failed)
    res.passed = len([t for t in started if t not in failed])
    if res.failed:
        res.status = "FAILED"
    if rc != 0 and not res.failed:
        res.fail(
            "ansible-test integration %s without a failing target" % ("timed out" if rc is None else "exited %d" % rc)
        )
    if rc == 0 and not started:
        res.note = "no integration targets ran"
        say("%-24s note: no integration targets ran" % stage_label(leg, "integration"))
    report_stage(res, leg, tail(res.log) if res.status != "ok" else ())
    return res


def run_leg(leg):
    """Set up one leg and run its stages; return its list of Results."""
    results = []
    shutil.rmtree(leg.junit, ignore_errors=True)
    setup = setup_leg(leg)
    if setup.status != "ok":
        results.append(setup)
        for stage in leg.stages:
            skipped = Result(leg.short, stage)
            skipped.status = "not run"
            results.append(skipped)
        return results
    for stage in leg.stages:
        try:
            results.append(RUNNERS[stage](leg))
        except Exception as ex:  # a bug here must not hide the other stages' results
            res = Result(leg.short, stage)
            res.fail("the test driver failed: %r" % ex)
            say("%-24s FAILED the test driver failed: %r" % (stage_label(leg, stage), ex))
            results.append(res)
    return results


RELEASE_CHECK = re.compile(r"^(PASS|FAIL) (\S+)")


def run_release(leg):
    """hacking/release-check.sh: build, galaxy-importer, ansible-lint, changelog, docs, EE; one test per check."""
    res = Result(leg.short, "release")
    res.log = leg.log("release")
    rc, res.seconds = run_logged(["bash", os.path.join(ROOT, "hacking", "release-check.sh")], res.log, env=leg.env())
    with open(res.log, errors="replace") as fh:
        for line in fh:
            match = RELEASE_CHECK.match(line)
            if match and match.group(1) == "PASS":
                res.passed += 1
            elif match:
                res.failed += 1
                res.failed_names.append(match.group(2))
    if res.failed:
        res.status = "FAILED"
    elif rc != 0:
        res.fail("release-check %s without a failing check" % ("timed out" if rc is None else "exited %d" % rc))
    elif not res.passed:
        res.fail("release-check ran no check")
    report_stage(res, leg, tail(res.log) if rc else ())
    return res


RUNNERS = {
    "lint": run_lint,
    "sanity": run_sanity,
    "units": run_units,
    "integration": run_integration,
    "release": run_release,
}


# ---------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--stages",
        default=",".join(ALL_STAGES),
        help="comma-separated subset of %s (default: all)" % ",".join(ALL_STAGES),
    )
    parser.add_argument("--legs", default="3.11,3.13", help="comma-separated Python legs (default: 3.11,3.13)")
    parser.add_argument("--python311", default=None, help="interpreter for the 3.11 leg (default: search)")
    args = parser.parse_args()

    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    unknown = [s for s in stages if s not in ALL_STAGES]
    if unknown:
        parser.error("unknown stage(s): %s" % ", ".join(unknown))
    wanted_legs = [s.strip() for s in args.legs.split(",") if s.strip()]

    os.makedirs(LOGS, exist_ok=True)
    overall = time.monotonic()
    results = []
    legs = []

    for short in wanted_legs:
        if short == "3.11":
            if args.python311:
                version, python = python_version(args.python311)
            else:
                python, version = find_real_python(11)
            if not python or not (version or "").startswith("3.11."):
                res = Result("3.11", "setup")
                res.fail("no Python 3.11 interpreter found (set PYTHON=/path/to/python3.11)")
                say("[py3.11] setup            FAILED: " + res.note)
                results.append(res)
                continue
            legs.append(Leg("3.11", python, version, os.path.join(ROOT, ".venv"), stages))
        elif short == "3.13":
            python, version = find_real_python(13)
            if not python:
                say("[py3.13] skipping the Python 3.13 leg: no python3.13 interpreter found")
                continue
            # ruff and the release gate do not depend on the Python version: 3.11 leg only.
            leg_stages = [s for s in stages if s not in SINGLE_LEG_STAGES] if "3.11" in wanted_legs else stages
            if not leg_stages:
                continue
            legs.append(Leg("3.13", python, version, os.path.join(ROOT, ".venv-py313"), leg_stages))
        else:
            parser.error("unknown leg %s (known: 3.11, 3.13)" % short)

    for leg in legs:
        say("== Python %s leg: %s, stages %s ==" % (leg.short, leg.python, ", ".join(leg.stages)))
        link_pybin(leg.python, int(leg.short.split(".")[1]))

    # The legs share nothing but the CPU (own venv, own test tree, own ansible-test venvs,
    # simulators on free ports), and much of a run is waiting (pip, network, retry back-off
    # in tests), so running them side by side saves minutes. PARALLEL_LEGS=0 runs them in turn.
    leg_results = {}
    if len(legs) > 1 and os.environ.get("PARALLEL_LEGS", "1") != "0":
        threads = [threading.Thread(target=lambda lg=leg: leg_results.update({lg.short: run_leg(lg)})) for leg in legs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for leg in legs:
            leg_results[leg.short] = run_leg(leg)
    for leg in legs:
        if leg.short not in leg_results:
            crashed = Result(leg.short, "driver")
            crashed.fail("the test driver crashed in this leg (traceback above)")
            leg_results[leg.short] = [crashed]
        results.extend(leg_results[leg.short])

    total_passed = sum(r.passed for r in results)
    total_failed = sum(r.failed for r in results)
    total_skipped = sum(r.skipped for r in results)
    bad = [r for r in results if r.status == "FAILED"]

    say()
    say("%-8s %-12s %7s %7s %8s %7s  %s" % ("leg", "stage", "passed", "failed", "skipped", "time", "result"))
    for r in results:
        say(
            "%-8s %-12s %7d %7d %8d %6.0fs  %s"
            % ("py" + r.leg_short, r.stage, r.passed, r.failed, r.skipped, r.seconds, r.status)
        )
    say(
        "%-8s %-12s %7d %7d %8d %6.0fs"
        % ("total", "", total_passed, total_failed, total_skipped, time.monotonic() - overall)
    )
    if bad:
        say("logs: " + ", ".join(rel(r.log) for r in bad if r.log))
    say()
    say("%d passed, %d failed" % (total_passed, total_failed))
    return 1 if (total_failed or bad) else 0


if __name__ == "__main__":
    sys.exit(main())
