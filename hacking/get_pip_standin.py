#!/usr/bin/env python
# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Create the get-pip.py stand-in that ansible-test needs on a machine without internet.

Every virtual environment ansible-test creates (``--venv``, and the per-test environments of
``ansible-test sanity``) starts without pip. ansible-test then runs a ``get-pip.py`` that it
downloads from ci-files.testing.ansible.com, unless a cached copy exists at
``~/.ansible/test/cache/get_pip_<X_Y>.py`` (X_Y being the pip version it pins). That host is not
reachable from our machines, but PyPI is; so we put a small script there that bootstraps pip
with the interpreter's own ``ensurepip`` and then ``pip install``s what ansible-test asked for
(``pip==<X.Y>``), from PyPI.

Run this with the interpreter of the venv that holds ansible-test (the pip version it pins
differs between ansible-core releases: 24.2 for 2.19, 25.2 for 2.21). It writes the stand-in
only when no file is there yet, or when the file there is an older stand-in of ours; a real
get-pip.py someone cached is left alone.
"""

import os
import re
import sys
import types

MARKER = "# domainops.registrar get-pip stand-in"

STANDIN = (
    MARKER
    + ''' (written by hacking/get_pip_standin.py)
"""Stand-in for get-pip.py: bootstrap pip from ensurepip, then pip install the arguments.

ansible-test runs this as __main__ (through its quiet_pip.py) with arguments such as
``--disable-pip-version-check pip==24.2 --no-setuptools --no-wheel``.
"""
import subprocess
import sys

GET_PIP_ONLY = ('--no-setuptools', '--no-wheel', '--no-pip')


def main():
    args = [a for a in sys.argv[1:] if a not in GET_PIP_ONLY]
    rc = subprocess.call([sys.executable, '-m', 'ensurepip', '--default-pip'],
                         stdout=subprocess.DEVNULL)
    if rc:
        sys.exit('get-pip stand-in: ensurepip failed (exit %d)' % rc)
    if [a for a in args if not a.startswith('-')]:
        rc = subprocess.call([sys.executable, '-m', 'pip', 'install', '--quiet'] + args)
        if rc:
            sys.exit('get-pip stand-in: pip install %s failed (exit %d)' % (' '.join(args), rc))


if __name__ == '__main__':
    main()
'''
)


def pinned_pip_version():
    """Return the pip version the installed ansible-test bootstraps into its venvs."""
    import ansible_test

    base = os.path.dirname(ansible_test.__file__)
    try:
        from ansible_test._internal.python_requirements import get_venv_packages

        python = types.SimpleNamespace(version="%d.%d" % sys.version_info[:2])
        return get_venv_packages(python)["pip"]
    except Exception:  # pragma: no cover - fall back to reading the source
        path = os.path.join(base, "_internal", "python_requirements.py")
        with open(path) as f:
            match = re.search(r"""\bpip\s*=\s*['"]([0-9][0-9.]*)['"]""", f.read())
        if not match:
            sys.exit("cannot find the pinned pip version in %s" % path)
        return match.group(1)


def main():
    version = pinned_pip_version()
    path = os.path.expanduser("~/.ansible/test/cache/get_pip_%s.py" % version.replace(".", "_"))
    if os.path.exists(path):
        with open(path) as f:
            current = f.read()
        if not current.startswith(MARKER) or current == STANDIN:
            return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(STANDIN)
    os.replace(tmp, path)
    print("get-pip stand-in written: %s (pip %s)" % (path, version))


if __name__ == "__main__":
    main()
