#!/usr/bin/env bash
# Check the collection's documentation and build its module and role reference.
#
# Usage: hacking/check-docs.sh [--dest DIR]
#
#   --dest DIR   keep the generated reference (reStructuredText, antsibull-docs) in DIR;
#                by default it is built in a temporary directory and removed.
#
# Needs ansible-core and antsibull-docs on PATH (tests/requirements-release.txt);
# hacking/release-check.sh runs this script inside its own virtual environment.
#
# Checks, one line each (PASS name / FAIL name), exit status 1 when any failed:
#   docs-lint        antsibull-docs lint-collection-docs --plugin-docs (module and role docs,
#                    semantic markup, references)
#   ansible-doc      ansible-doc renders both modules and both roles
#   reference        antsibull-docs builds the reference; every module and role has a page
#   env-vars         every environment variable of the contract is documented by the module
#                    that reads it
#   links            relative links in docs/ and roles/*/README.md point at existing files, and
#                    docs/README.md links every page in docs/
#
# The reference is generated, never committed: the code is its only source.
# shellcheck disable=SC2329  # the check functions run through check()
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dest=""
while [ $# -gt 0 ]; do
    case "$1" in
        --dest) dest=${2:?--dest needs a directory}; shift 2 ;;
        -h | --help) sed -n '2,24p' "$0"; exit 0 ;;
        *) echo "check-docs: unknown argument $1" >&2; exit 2 ;;
    esac
done

for tool in ansible-doc antsibull-docs; do
    if ! command -v "$tool" >/dev/null; then
        echo "check-docs: $tool not found; install tests/requirements-release.txt (or run hacking/release-check.sh)" >&2
        exit 2
    fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/check-docs.XXXXXX")
trap 'rm -rf "$work"' EXIT
logs="$work/logs"
mkdir -p "$logs"
[ -n "$dest" ] || dest="$work/reference"
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)

# The collection as git would ship it (tracked plus untracked-but-not-ignored files), under a real
# ansible_collections/<namespace>/<name> path, so that build output and venvs stay out.
coll="$work/collections/ansible_collections/domainops/registrar"
mkdir -p "$coll"
(cd "$root" && git ls-files -z -c -o --exclude-standard) \
    | (cd "$root" && while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done) \
    | (cd "$root" && tar --null --no-recursion -T - -cf -) \
    | tar -xf - -C "$coll"
export ANSIBLE_COLLECTIONS_PATH="$work/collections"

failed=0
# check NAME CMD...: run CMD quietly; print PASS/FAIL NAME, and the end of its output on failure.
check() {
    local name="$1"
    shift
    if "$@" >"$logs/$name.log" 2>&1; then
        echo "PASS $name"
    else
        echo "FAIL $name"
        tail -n 25 "$logs/$name.log" | sed 's/^/    /'
        failed=1
    fi
}

docs_lint() {
    cd "$coll" && antsibull-docs lint-collection-docs --plugin-docs .
}

ansible_doc() {
    ansible-doc -t module domainops.registrar.domain_restore domainops.registrar.domain_status_sync >/dev/null &&
        ansible-doc -t role domainops.registrar.domain_recovery >/dev/null &&
        ansible-doc -t role domainops.registrar.status_sync >/dev/null
}

reference() {
    local page
    antsibull-docs collection --use-current --dest-dir "$dest" domainops.registrar || return 1
    for page in domain_restore_module domain_status_sync_module domain_recovery_role status_sync_role index; do
        if [ ! -s "$dest/collections/domainops/registrar/$page.rst" ]; then
            echo "missing page: collections/domainops/registrar/$page.rst"
            return 1
        fi
    done
    echo "reference written to $dest/collections/domainops/registrar/"
}

env_vars() {
    python3 - "$dest/collections/domainops/registrar" <<'PY'
import sys
pages = {
    "domain_status_sync_module.rst": ["HOSTUP_API_KEY", "HOSTUP_API_URL"],
    "domain_restore_module.rst": [
        "LOGICBOXES_AUTH_USERID", "LOGICBOXES_API_KEY", "LOGICBOXES_API_URL",
        "AUTODNS_USER", "AUTODNS_PASSWORD", "AUTODNS_CONTEXT", "AUTODNS_API_URL", "AUTODNS_GATEWAY_URL",
    ],
}
missing = []
for page, names in pages.items():
    with open("%s/%s" % (sys.argv[1], page), encoding="utf-8") as handle:
        text = handle.read().replace("\\_", "_")
    missing += ["%s (%s)" % (name, page) for name in names if name not in text]
if missing:
    sys.exit("not documented: " + ", ".join(missing))
print("all %d contract variables documented" % sum(len(names) for names in pages.values()))
PY
}

links() {
    python3 - "$coll" <<'PY'
import os, re, sys
root = sys.argv[1]
files = [os.path.join("docs", name) for name in sorted(os.listdir(os.path.join(root, "docs"))) if name.endswith(".md")]
files += sorted(os.path.join("roles", role, "README.md") for role in os.listdir(os.path.join(root, "roles")))
problems = []
link = re.compile(r"\]\(([^)\s]+)\)")
for rel in files:
    with open(os.path.join(root, rel), encoding="utf-8") as handle:
        text = handle.read()
    for target in link.findall(text):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        path = os.path.normpath(os.path.join(root, os.path.dirname(rel), target.split("#")[0]))
        if not os.path.exists(path):
            problems.append("%s: broken link %s" % (rel, target))
with open(os.path.join(root, "docs", "README.md"), encoding="utf-8") as handle:
    index = handle.read()
for rel in files:
    name = os.path.basename(rel)
    if rel.startswith("docs/") and name != "README.md" and "(%s)" % name not in index:
        problems.append("docs/README.md does not link %s" % name)
if problems:
    sys.exit("\n".join(problems))
print("%d pages, links ok" % len(files))
PY
}

check docs-lint docs_lint
check ansible-doc ansible_doc
check reference reference
check env-vars env_vars
check links links
exit "$failed"
