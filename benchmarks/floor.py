# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The practical floor for a HostUp bulk status sync: plain requests, no Ansible, no collection code.

One requests.Session shared by a ThreadPoolExecutor, the same POST, headers and body as
domain_status_sync, the same concurrency. It decodes each JSON answer and keeps the fields a
user would look at, and does nothing else (no retries, no redaction, no result building).
benchmarks/run.py times this whole process (interpreter start and `import requests` included),
so the comparison with an `ansible-playbook` run is process against process.

    python benchmarks/floor.py --api-url URL --api-key KEY --first-id 100000 --count 1000 --concurrency 8

Prints one JSON object: in-process seconds of the request phase, how many syncs succeeded and
how many changed a status.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from requests.adapters import HTTPAdapter


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--first-id", type=int, default=100000)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args(argv)

    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=1, pool_maxsize=args.concurrency, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"X-API-Key": args.api_key, "Accept": "application/json"})
    base = args.api_url.rstrip("/")

    def sync(domain_id):
        response = session.post(
            "%s/domains/%d/status-sync" % (base, domain_id),
            json={"id": domain_id, "domainIds": [str(domain_id)]},
            timeout=args.timeout,
        )
        if response.status_code != 200:
            return None
        data = response.json().get("data") or {}
        return {
            "domain_id": domain_id,
            "sync_success": data.get("syncSuccess"),
            "status_changed": data.get("statusChanged"),
            "status": data.get("newStatus"),
        }

    ids = range(args.first_id, args.first_id + args.count)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        results = list(pool.map(sync, ids))
    elapsed = time.perf_counter() - start
    ok = [result for result in results if result and result["sync_success"]]
    json.dump(
        {
            "seconds": elapsed,
            "count": args.count,
            "ok": len(ok),
            "changed": sum(1 for result in ok if result["status_changed"]),
        },
        sys.stdout,
    )
    sys.stdout.write("\n")
    return 0 if len(ok) == args.count else 1


if __name__ == "__main__":
    sys.exit(main())
