"""Print locust's CSV results: requests, failures, median and 95th percentile per page, then the closing line.

    python scripts/load/summary.py locust_stats.csv locust_failures.csv --users N
"""

import argparse
import csv
import sys
from pathlib import Path

GOAL_MS = 500
# Imports and document generation are long by nature (background jobs in the goals): no 500 ms goal for them.
EXEMPT = ("import", "document")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("stats")
    parser.add_argument("failures")
    parser.add_argument("--users", type=int, required=True)
    arguments = parser.parse_args()
    rows = list(csv.DictReader(Path(arguments.stats).open(encoding="utf-8")))
    print(f"{'page':52} {'requests':>8} {'failures':>8} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>6}")
    total = None
    for row in sorted(rows, key=lambda r: r["Name"]):
        if row["Name"] == "Aggregated":
            total = row
            continue
        name = f"{row['Type']} {row['Name']}"
        over = int(row["95%"] or 0) > GOAL_MS and not any(word in row["Name"] for word in EXEMPT)
        print(f"{name[:52]:52} {row['Request Count']:>8} {row['Failure Count']:>8} {row['50%']:>7} {row['95%']:>7} "
              f"{float(row['Requests/s']):>6.1f}{'  > 500 ms' if over else ''}")
    failures = list(csv.DictReader(Path(arguments.failures).open(encoding="utf-8")))
    for failure in failures:
        print(f"  failed {failure['Occurrences']} × {failure['Method']} {failure['Name']}: {failure['Error'][:200]}")
    if total is None:
        print(f"load: {arguments.users} users, no request made")
        return 1
    print(f"load: {arguments.users} users, {float(total['Requests/s']):.1f} req/s, p95 {total['95%']} ms, "
          f"{total['Failure Count']} failures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
