#!/usr/bin/env python
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The release gate's checks that no antsibull-nox session covers (run by `nox -s release-gate`).

Usage: python hacking/release_gate.py COLLECTION_DIR OUTPUT_DIR

COLLECTION_DIR is a copy of what git would ship, under .../ansible_collections/domainops/registrar
(hacking/test-tree.sh makes one); the built tarball, the generated reference, the logs and a junit
file (one test case per check) go to OUTPUT_DIR. Prints PASS/FAIL per check, exits 1 when any
failed. Galaxy-importer, ansible-lint and antsibull-docs' docs lint are sessions of their own
(build-import-check, ansible-lint, docs-check).
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
import tarfile
from xml.sax.saxutils import quoteattr

import yaml
from packaging.version import Version

REQUIRED_IN_TARBALL = [
    "MANIFEST.json",
    "FILES.json",
    "README.md",
    "COPYING",
    "meta/runtime.yml",
    "meta/execution-environment.yml",
    "requirements.txt",
    "plugins/modules/domain_restore.py",
    "plugins/modules/domain_status_sync.py",
    "roles/domain_recovery/meta/argument_specs.yml",
    "roles/domain_recovery/tasks/main.yml",
    "roles/status_sync/meta/argument_specs.yml",
    "roles/status_sync/tasks/main.yml",
    "changelogs/changelog.yaml",
    "changelogs/config.yaml",
    "docs/README.md",
    "awx/execution-environment.yml",
    "awx/credential_types/hostup.yml",
    "awx/credential_types/logicboxes.yml",
    "awx/credential_types/autodns.yml",
]
NOT_IN_TARBALL = (
    ".venv",
    ".nox/",
    ".git/",
    "tests/output/",
    "__pycache__",
    ".pyc",
    ".ansible/",
    ".tar.gz",
    "changelogs/.plugin-cache.yaml",
    ".pytest_cache",
    ".ruff_cache",
    ".mypy_cache",
)
# Environment variables of the public contract, and the module whose documentation names them.
CONTRACT_ENV_VARS = {
    "domain_status_sync_module.rst": ["HOSTUP_API_KEY", "HOSTUP_API_URL"],
    "domain_restore_module.rst": [
        "LOGICBOXES_AUTH_USERID",
        "LOGICBOXES_API_KEY",
        "LOGICBOXES_API_URL",
        "AUTODNS_USER",
        "AUTODNS_PASSWORD",
        "AUTODNS_CONTEXT",
        "AUTODNS_API_URL",
        "AUTODNS_GATEWAY_URL",
    ],
}


class CheckFailed(Exception):
    pass


def run(*cmd: str, cwd: str | None = None, env: dict[str, str] | None = None) -> str:
    """Run a command; its output goes to the check's log. Raise CheckFailed when it fails."""
    proc = subprocess.run(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False
    )
    print("$ " + " ".join(cmd))
    print(proc.stdout)
    if proc.returncode:
        raise CheckFailed("%s exited %d" % (cmd[0], proc.returncode))
    return proc.stdout


class Gate:
    def __init__(self, collection: str, output: str):
        self.collection = collection
        self.output = os.path.abspath(output)
        self.logs = os.path.join(self.output, "logs")
        os.makedirs(self.logs, exist_ok=True)
        with open(os.path.join(collection, "galaxy.yml"), encoding="utf-8") as handle:
            self.version = str(yaml.safe_load(handle)["version"])
        self.tarball = os.path.join(self.output, "domainops-registrar-%s.tar.gz" % self.version)
        # ansible-galaxy and ansible-doc find the collection through this path.
        self.env = dict(
            os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.dirname(os.path.dirname(os.path.dirname(collection)))
        )

    def path(self, *parts: str) -> str:
        return os.path.join(self.collection, *parts)

    # --- the checks -----------------------------------------------------------------------

    def versions(self) -> None:
        """galaxy.yml's version is the User-Agent version; nothing claims a newer version_added."""
        version = Version(self.version)
        problems = []
        with open(self.path("plugins", "module_utils", "_version.py"), encoding="utf-8") as handle:
            agent = re.search(r'^COLLECTION_VERSION = "([^"]+)"', handle.read(), re.M)
        if not agent or Version(agent.group(1)) != version:
            problems.append("_version.py COLLECTION_VERSION %s != galaxy.yml %s" % (agent and agent.group(1), version))
        for spec_file in glob.glob(self.path("roles", "*", "meta", "argument_specs.yml")):
            with open(spec_file, encoding="utf-8") as handle:
                for name, spec in yaml.safe_load(handle)["argument_specs"].items():
                    added = spec.get("version_added")
                    if added and Version(str(added)) > version:
                        problems.append("%s (%s): version_added %s" % (spec_file, name, added))
        for module in glob.glob(self.path("plugins", "modules", "*.py")):
            with open(module, encoding="utf-8") as handle:
                match = re.search(r"^version_added: (\S+)", handle.read(), re.M)
            if match and Version(match.group(1).strip("'\"")) > version:
                problems.append("%s: version_added %s" % (module, match.group(1)))
        if problems:
            raise CheckFailed("; ".join(problems))
        print("version %s everywhere" % version)

    def build(self) -> None:
        """ansible-galaxy collection build succeeds, as hacking/build-collection.sh publishes it."""
        # The tarball's README.md is the README for installed copies (this tree is a scratch copy).
        shutil.copyfile(self.path("README-galaxy.md"), self.path("README.md"))
        run("ansible-galaxy", "collection", "build", "--force", "--output-path", self.output, ".", cwd=self.collection)
        if not os.path.getsize(self.tarball):
            raise CheckFailed("no tarball")

    def tarball_contents(self) -> None:
        """The tarball holds what a user needs and no venv, test output, bytecode or git data."""
        with tarfile.open(self.tarball) as tar:
            names = set(tar.getnames())
        missing = [name for name in REQUIRED_IN_TARBALL if name not in names]
        unwanted = sorted(n for n in names if n.startswith(".git") or any(p in "/" + n for p in NOT_IN_TARBALL))
        if missing or unwanted:
            raise CheckFailed(
                "missing: %s; unwanted: %s" % (", ".join(missing) or "-", ", ".join(unwanted[:20]) or "-")
            )
        print("%d files, all required ones present, nothing unwanted" % len(names))

    def requirements(self) -> None:
        """collections/requirements.yml resolves offline against the built tarball, which verifies."""
        target = os.path.join(self.output, "installed")
        file_req = os.path.join(self.output, "requirements-file.yml")
        with open(file_req, "w", encoding="utf-8") as handle:
            yaml.safe_dump({"collections": [{"name": self.tarball, "type": "file"}]}, handle)
        run("ansible-galaxy", "collection", "install", "--force", "-r", file_req, "-p", target)
        out = run(
            "ansible-galaxy", "collection", "install", "-r", "collections/requirements.yml", "-p", target, "--offline",
            cwd=self.collection,
        )  # fmt: skip
        if "Nothing to do. All requested collections are already installed" not in out:
            raise CheckFailed("collections/requirements.yml did not resolve to the installed tarball")
        run("ansible-galaxy", "collection", "verify", "--offline", "-p", target, "domainops.registrar")

    def execution_environment(self) -> None:
        """ansible-builder accepts the EE definition, also installing this tarball; introspection
        finds the collection's Python requirements."""
        ee = os.path.join(self.output, "ee")
        definition = self.path("awx", "execution-environment.yml")
        run("ansible-builder", "create", "-f", definition, "-c", os.path.join(ee, "galaxy-context"), "-v", "2")
        with open(os.path.join(ee, "galaxy-context", "_build", "requirements.yml"), encoding="utf-8") as handle:
            if "name: domainops.registrar" not in handle.read():
                raise CheckFailed("the EE does not install domainops.registrar")
        with open(definition, encoding="utf-8") as handle:
            local = yaml.safe_load(handle)
        tar_name = os.path.basename(self.tarball)
        local["dependencies"]["galaxy"] = {"collections": [{"name": "collections/" + tar_name, "type": "file"}]}
        local["additional_build_files"] = [{"src": self.tarball, "dest": "collections"}]
        local_file = os.path.join(ee, "local.yml")
        with open(local_file, "w", encoding="utf-8") as handle:
            yaml.safe_dump(local, handle, sort_keys=False)
        context = os.path.join(ee, "local-context")
        run("ansible-builder", "create", "-f", local_file, "-c", context, "-v", "2")
        # What the image's galaxy stage does (WORKDIR /build), then ansible-builder's introspection.
        collections = os.path.join(ee, "collections")
        run("ansible-galaxy", "collection", "install", "-r", "requirements.yml", "-p", collections,
            cwd=os.path.join(context, "_build"))  # fmt: skip
        out = run(
            sys.executable, os.path.join(context, "_build", "scripts", "introspect.py"), "introspect", collections
        )
        if "requests" not in out or "lxml" not in out:
            raise CheckFailed("introspection did not find requests and lxml")

    def changelog_lint(self) -> None:
        """antsibull-changelog accepts the fragments and changelog.yaml."""
        run("antsibull-changelog", "lint", cwd=self.collection)
        run("antsibull-changelog", "lint-changelog-yaml", "changelogs/changelog.yaml", cwd=self.collection)

    def ansible_doc(self) -> None:
        """ansible-doc renders both modules and both roles."""
        for module in ("domain_restore", "domain_status_sync"):
            run("ansible-doc", "-t", "module", "domainops.registrar." + module, env=self.env)
        for role in ("domain_recovery", "status_sync"):
            run("ansible-doc", "-t", "role", "domainops.registrar." + role, env=self.env)

    def reference(self) -> None:
        """antsibull-docs builds the reference; every module and role has a page that names the
        environment variables of the contract it reads."""
        dest = os.path.join(self.output, "docs")
        os.makedirs(dest, mode=0o700, exist_ok=True)  # antsibull-docs insists on an existing, private directory
        run("antsibull-docs", "collection", "--use-current", "--dest-dir", dest, "domainops.registrar", env=self.env)
        pages = os.path.join(dest, "collections", "domainops", "registrar")
        for page in ("domain_restore_module", "domain_status_sync_module", "domain_recovery_role", "status_sync_role"):
            if not os.path.getsize(os.path.join(pages, page + ".rst")):
                raise CheckFailed("empty page " + page)
        missing = []
        for page, names in CONTRACT_ENV_VARS.items():
            with open(os.path.join(pages, page), encoding="utf-8") as handle:
                text = handle.read().replace("\\_", "_")
            missing += ["%s (%s)" % (name, page) for name in names if name not in text]
        if missing:
            raise CheckFailed("not documented: " + ", ".join(missing))

    def links(self) -> None:
        """Relative links in docs/ and the role READMEs resolve; docs/README.md links every page."""
        files = sorted(os.path.relpath(p, self.collection) for p in glob.glob(self.path("docs", "*.md")))
        files += sorted(os.path.relpath(p, self.collection) for p in glob.glob(self.path("roles", "*", "README.md")))
        problems = []
        for rel in files:
            with open(self.path(rel), encoding="utf-8") as handle:
                targets = re.findall(r"\]\(([^)\s]+)\)", handle.read())
            for target in targets:
                if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                    continue
                if not os.path.exists(os.path.normpath(self.path(os.path.dirname(rel), target.split("#")[0]))):
                    problems.append("%s: broken link %s" % (rel, target))
        with open(self.path("docs", "README.md"), encoding="utf-8") as handle:
            index = handle.read()
        for rel in files:
            name = os.path.basename(rel)
            if rel.startswith("docs/") and name != "README.md" and "(%s)" % name not in index:
                problems.append("docs/README.md does not link " + name)
        if problems:
            raise CheckFailed("; ".join(problems))
        print("%d pages, links ok" % len(files))


CHECKS = [
    ("versions", Gate.versions),
    ("build", Gate.build),
    ("tarball-contents", Gate.tarball_contents),
    ("requirements", Gate.requirements),
    ("execution-environment", Gate.execution_environment),
    ("changelog-lint", Gate.changelog_lint),
    ("ansible-doc", Gate.ansible_doc),
    ("reference", Gate.reference),
    ("links", Gate.links),
]
NEEDS_TARBALL = ("tarball-contents", "requirements", "execution-environment")


def main() -> int:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    gate = Gate(os.path.abspath(sys.argv[1]), sys.argv[2])
    results = []
    for name, check in CHECKS:
        log = os.path.join(gate.logs, name + ".log")
        error = None
        with open(log, "w", encoding="utf-8") as handle:
            stdout = sys.stdout
            sys.stdout = handle
            try:
                if name in NEEDS_TARBALL and not os.path.exists(gate.tarball):
                    raise CheckFailed("no tarball (the build check failed)")
                check(gate)
            except (CheckFailed, OSError, KeyError, ValueError, yaml.YAMLError) as exc:
                error = str(exc) or exc.__class__.__name__
            finally:
                sys.stdout = stdout
        print("%s %s" % ("FAIL" if error else "PASS", name))
        if error:
            with open(log, encoding="utf-8") as handle:
                tail = [line for line in handle.read().splitlines() if line.strip()][-25:]
            print("\n".join("    " + line for line in [*tail, error]))
        results.append((name, error))
    cases = "".join(
        "<testcase classname=%s name=%s>%s</testcase>"
        % (quoteattr("release-gate"), quoteattr(name), "<failure message=%s/>" % quoteattr(error) if error else "")
        for name, error in results
    )
    with open(os.path.join(gate.output, "release-gate.xml"), "w", encoding="utf-8") as handle:
        handle.write('<testsuites><testsuite name="release-gate">%s</testsuite></testsuites>\n' % cases)
    failed = sum(1 for _name, error in results if error)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
