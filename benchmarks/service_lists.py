"""How long the service's work lists take on a workspace of many pieces (run by hand, not a test).

    python benchmarks/service_lists.py office.db [--org district] [--repeat 5]

Prints the median time of each list request (first page of 50, and a page
in the middle) in milliseconds, so a change to how lists are built can be
measured before and after on the same database (``sqmy demo --db office.db
--pieces 3000`` makes one).  Nothing is written: every request is a read.
"""

from __future__ import annotations

import argparse
import statistics
import time

from fastapi.testclient import TestClient

from sqmy_core.service import create_app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--org", default="district")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reviewer", default="r-initial", help="whose review list")
    args = parser.parse_args()
    base = f"/orgs/{args.org}/pieces"
    with TestClient(create_app(args.db)) as client:
        everything = client.get(base, params={"limit": 500}).json()
        middle = everything["next_cursor"]
        reviewer = args.reviewer
        people = client.get(f"/orgs/{args.org}/standings", params={"year": 2024, "limit": 1})
        assert people.status_code == 200, people.text
        cases: dict[str, dict[str, str | int]] = {
            "all, first page": {"limit": 50},
            "all, after 500": {"limit": 50, "cursor": middle} if middle else {"limit": 50},
            "awaiting review": {"limit": 50, "awaiting_review": reviewer},
            "awaiting handling": {"limit": 50, "awaiting_handling": "true"},
        }
        for name, params in cases.items():
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                answer = client.get(base, params=params)
                times.append((time.perf_counter() - start) * 1000)
                assert answer.status_code in (200, 403), answer.text
            print(f"{name:20} {statistics.median(times):9.1f} ms  ({answer.status_code}, "
                  f"{len(answer.json().get('items', []))} items)")


if __name__ == "__main__":
    main()
