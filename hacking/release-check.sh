#!/usr/bin/env bash
# Everything a release of domainops.registrar must pass, without Galaxy, Docker or a container
# engine (none is reachable here). Prints one line per check, PASS name / FAIL name, then
# "N passed, M failed"; exits 1 when any check failed.
#
# Usage: hacking/release-check.sh [--no-venv] [--keep DIR] [--python PY]
#
#   --no-venv    use the tools on PATH instead of .venv-release/
#   --keep DIR   keep the built tarball, the docs reference and the EE build context in DIR
#   --python PY  interpreter for .venv-release/ (default: python3.11, else python3)
#
# By default the tools come from .venv-release/, created or refreshed from
# tests/requirements-release.txt (pip runs only when that file or the interpreter changed).
#
# Checks: versions, build, tarball-contents, galaxy-importer, ansible-lint, changelog-lint, docs,
# requirements, execution-environment (see docs/releasing.md).
# shellcheck disable=SC2329  # the check functions run through check()
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
use_venv=1
keep=""
python=$(command -v python3.11 || command -v python3)
while [ $# -gt 0 ]; do
    case "$1" in
        --no-venv) use_venv=0; shift ;;
        --keep) keep=${2:?--keep needs a directory}; shift 2 ;;
        --python) python=${2:?--python needs an interpreter}; shift 2 ;;
        -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "release-check: unknown argument $1" >&2; exit 2 ;;
    esac
done

# --- tools -----------------------------------------------------------------------------------
if [ "$use_venv" = 1 ]; then
    venv="$root/.venv-release"
    reqs="$root/tests/requirements-release.txt"
    key=$({ "$python" --version 2>&1; cat "$reqs" "$root/requirements.txt"; } | sha256sum | cut -d' ' -f1)
    if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.stamp" 2>/dev/null)" != "$key" ]; then
        echo "release-check: installing tests/requirements-release.txt into .venv-release (log: tests/output/release-venv.log)"
        rm -rf "$venv"
        mkdir -p "$root/tests/output"
        if ! { "$python" -m venv "$venv" &&
            "$venv/bin/python" -m pip install --disable-pip-version-check -q -r "$reqs"; } >"$root/tests/output/release-venv.log" 2>&1; then
            tail -n 20 "$root/tests/output/release-venv.log" >&2
            echo "release-check: could not set up .venv-release" >&2
            exit 2
        fi
        echo "$key" >"$venv/.stamp"
    fi
    export PATH="$venv/bin:$PATH"
    export VIRTUAL_ENV="$venv"
fi
for tool in ansible-galaxy ansible-lint antsibull-changelog antsibull-docs ansible-builder; do
    if ! command -v "$tool" >/dev/null; then
        echo "release-check: $tool not found (install tests/requirements-release.txt or drop --no-venv)" >&2
        exit 2
    fi
done
if ! python3 -c 'import galaxy_importer' 2>/dev/null; then
    echo "release-check: galaxy-importer is not installed for $(command -v python3)" >&2
    exit 2
fi

# --- a clean copy: what git would ship ------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/release-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
logs="$work/logs"
out="$work/out"
mkdir -p "$logs" "$out"
coll="$work/src/ansible_collections/domainops/registrar"
mkdir -p "$coll"
(cd "$root" && git ls-files -z -c -o --exclude-standard) \
    | (cd "$root" && while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done) \
    | (cd "$root" && tar --null --no-recursion -T - -cf -) \
    | tar -xf - -C "$coll"
# ansible-lint and antsibull-changelog look for the enclosing git repository.
git -C "$coll" -c init.defaultBranch=main init -q

version=$(python3 -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["version"])' "$coll/galaxy.yml")
tarball="$out/domainops-registrar-$version.tar.gz"

passed=0
failed=0
# check NAME CMD...: run CMD with output to a log; print PASS/FAIL NAME (and the log's end on failure).
check() {
    local name="$1"
    shift
    if (cd "$coll" && "$@") >"$logs/$name.log" 2>&1; then
        echo "PASS $name"
        passed=$((passed + 1))
    else
        echo "FAIL $name"
        grep -v '^\s*$' "$logs/$name.log" | tail -n 25 | sed 's/^/    /'
        failed=$((failed + 1))
    fi
}

# --- the checks -------------------------------------------------------------------------------
versions() {
    python3 - "$version" <<'PY'
import glob, re, sys
import yaml
from packaging.version import Version

version = Version(sys.argv[1])
problems = []
http = open("plugins/module_utils/_version.py", encoding="utf-8").read()
agent = re.search(r'^COLLECTION_VERSION = "([^"]+)"', http, re.M)
if not agent or Version(agent.group(1)) != version:
    problems.append("plugins/module_utils/_version.py COLLECTION_VERSION %s != galaxy.yml %s" % (agent and agent.group(1), version))
for path in glob.glob("roles/*/meta/argument_specs.yml"):
    for name, spec in yaml.safe_load(open(path))["argument_specs"].items():
        added = spec.get("version_added")
        if added and Version(str(added)) > version:
            problems.append("%s (%s): version_added %s > %s" % (path, name, added, version))
for path in glob.glob("plugins/modules/*.py"):
    match = re.search(r"^version_added: (\S+)", open(path, encoding="utf-8").read(), re.M)
    if match and Version(match.group(1).strip("'\"")) > version:
        problems.append("%s: version_added %s > %s" % (path, match.group(1), version))
if problems:
    sys.exit("\n".join(problems))
print("version %s everywhere" % version)
PY
}

build() {
    # As hacking/build-collection.sh publishes it: the tarball's README.md is the packaged README.
    cp README-galaxy.md README.md
    ansible-galaxy collection build --force --output-path "$out" . && test -s "$tarball"
}

tarball_contents() {
    python3 - "$tarball" <<'PY'
import sys, tarfile
names = set(tarfile.open(sys.argv[1]).getnames())
required = [
    "MANIFEST.json", "FILES.json", "README.md", "COPYING", "meta/runtime.yml", "meta/execution-environment.yml",
    "requirements.txt", "plugins/modules/domain_restore.py", "plugins/modules/domain_status_sync.py",
    "roles/domain_recovery/meta/argument_specs.yml", "roles/domain_recovery/tasks/main.yml",
    "roles/status_sync/meta/argument_specs.yml", "roles/status_sync/tasks/main.yml",
    "changelogs/changelog.yaml", "changelogs/config.yaml", "docs/README.md",
    "awx/execution-environment.yml", "awx/credential_types/hostup.yml", "awx/credential_types/logicboxes.yml",
    "awx/credential_types/autodns.yml",
]
missing = [name for name in required if name not in names]
forbidden = ("/.venv", ".venv", ".git/", "tests/output/", "__pycache__", ".pyc", ".ansible/", ".tar.gz",
             "changelogs/.plugin-cache.yaml", ".pytest_cache", ".ruff_cache")
unwanted = sorted(name for name in names if any(part in "/" + name for part in forbidden) or name.startswith(".git"))
if missing:
    print("missing from the tarball: " + ", ".join(missing))
if unwanted:
    print("must not be in the tarball: " + ", ".join(unwanted[:20]))
if missing or unwanted:
    sys.exit(1)
print("%d files, all required ones present, nothing unwanted" % len(names))
PY
}

galaxy_importer() {
    # As Galaxy imports it, minus ansible-test (it needs Docker here).
    cat >"$work/galaxy-importer.cfg" <<EOF
[galaxy-importer]
RUN_ANSIBLE_TEST = False
RUN_ANSIBLE_DOC = True
RUN_ANSIBLE_LINT = True
CHECK_CHANGELOG = True
RUN_FLAKE8 = False
TMP_ROOT_DIR = $work
EOF
    local log="$work/importer.out"
    GALAXY_IMPORTER_CONFIG="$work/galaxy-importer.cfg" python3 -m galaxy_importer.main "$tarball" >"$log" 2>&1
    local rc=$?
    cat "$log"
    [ "$rc" = 0 ] || return 1
    grep -q 'Importer processing completed successfully' "$log" || return 1
    # Warnings are what Galaxy shows the world on the collection's page: none allowed.
    if grep -E '^(WARNING|ERROR)' "$log"; then
        echo "galaxy-importer reported the warnings or errors above"
        return 1
    fi
}

ansible_lint() {
    ANSIBLE_COLLECTIONS_PATH="$work/src" ansible-lint --nocolor
}

changelog_lint() {
    antsibull-changelog lint && antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml
}

docs() {
    local dest="$out/docs"
    bash hacking/check-docs.sh --dest "$dest"
}

requirements() {
    # collections/requirements.yml names the collection on Galaxy, which is not reachable here.
    # Install the built tarball (a type: file requirement), then resolve the committed Galaxy
    # requirement --offline: ansible-galaxy checks its version range against what is installed.
    local target="$work/installed"
    printf 'collections:\n  - name: %s\n    type: file\n' "$tarball" >"$work/requirements-file.yml"
    ansible-galaxy collection install -r "$work/requirements-file.yml" -p "$target" &&
        ansible-galaxy collection install -r collections/requirements.yml -p "$target" --offline >"$work/resolve.out" 2>&1
    local rc=$?
    cat "$work/resolve.out" 2>/dev/null
    [ "$rc" = 0 ] || return 1
    grep -q 'Nothing to do. All requested collections are already installed' "$work/resolve.out" || return 1
    ansible-galaxy collection verify --offline -p "$target" domainops.registrar
}

execution_environment() {
    local ee="$work/ee"
    mkdir -p "$ee"
    # 1. The committed definition (collection from Galaxy) is valid.
    ansible-builder create -f awx/execution-environment.yml -c "$ee/galaxy-context" --output-filename Containerfile -v 2 || return 1
    test -s "$ee/galaxy-context/Containerfile" || return 1
    grep -q 'name: domainops.registrar' "$ee/galaxy-context/_build/requirements.yml" || return 1
    # 2. The same definition installing the tarball just built.
    python3 - awx/execution-environment.yml "$ee/local.yml" "$tarball" <<'PY' || return 1
import os, sys
import yaml
source, target, tarball = sys.argv[1:]
definition = yaml.safe_load(open(source))
definition["dependencies"]["galaxy"] = {
    "collections": [{"name": "collections/" + os.path.basename(tarball), "type": "file"}]
}
definition["additional_build_files"] = [{"src": tarball, "dest": "collections"}]
yaml.safe_dump(definition, open(target, "w"), sort_keys=False)
PY
    ansible-builder create -f "$ee/local.yml" -c "$ee/local-context" --output-filename Containerfile -v 2 || return 1
    test -s "$ee/local-context/_build/collections/$(basename "$tarball")" || return 1
    # 3. What the image's galaxy stage does (WORKDIR /build), then ansible-builder's own
    #    introspection must find the collection's Python requirements (meta/execution-environment.yml).
    (cd "$ee/local-context/_build" && ansible-galaxy collection install -r requirements.yml -p "$ee/collections") || return 1
    python3 "$ee/local-context/_build/scripts/introspect.py" introspect "$ee/collections" >"$ee/introspect.out" || return 1
    cat "$ee/introspect.out"
    grep -q 'requests' "$ee/introspect.out" && grep -q 'lxml' "$ee/introspect.out"
}

check versions versions
check build build
if [ -s "$tarball" ]; then
    check tarball-contents tarball_contents
    check galaxy-importer galaxy_importer
    check requirements requirements
    check execution-environment execution_environment
else
    for name in tarball-contents galaxy-importer requirements execution-environment; do
        echo "FAIL $name (no tarball)"
        failed=$((failed + 1))
    done
fi
check ansible-lint ansible_lint
check changelog-lint changelog_lint
check docs docs

if [ -n "$keep" ]; then
    rm -rf "$keep/logs" "$keep/ee" "$keep/docs"
    mkdir -p "$keep"
    cp -r "$out/." "$keep/"
    cp -r "$logs" "$keep/logs"
    if [ -d "$work/ee" ]; then cp -r "$work/ee" "$keep/ee"; fi
    echo "release-check: kept the tarball, docs, logs and EE contexts in $keep"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
