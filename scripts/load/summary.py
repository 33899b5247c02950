"""Print locust's CSV results as a short table: requests, failures, median and 95th percentile per page."""

import csv
import sys
from pathlib import Path


def main(stats_path: str, failures_path: str) -> int:
    rows = list(csv.DictReader(Path(stats_path).open(encoding="utf-8")))
    print(f"{'page':44} {'requests':>9} {'failures':>9} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>6}")
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = "ALL" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        print(f"{name[:44]:44} {row['Request Count']:>9} {row['Failure Count']:>9} {row['50%']:>7} {row['95%']:>7} "
              f"{float(row['Requests/s']):>6.1f}")
    failures = list(csv.DictReader(Path(failures_path).open(encoding="utf-8")))
    print(f"failures: {sum(int(f['Occurrences']) for f in failures)}")
    for failure in failures:
        print(f"  {failure['Occurrences']} × {failure['Method']} {failure['Name']}: {failure['Error'][:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
