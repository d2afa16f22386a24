"""Locust's ``<prefix>_stats.csv`` as a markdown table (endpoint, requests, failures, p50, p95, p99), for
bench/README.md. Usage: python bench/load/table.py PREFIX"""

import csv
import sys


def main(prefix: str) -> None:
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    print("| endpoint | requests | failures | p50 ms | p95 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in rows:
        name = "**all**" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        requests, failures = int(row["Request Count"]), int(row["Failure Count"])
        share = f" ({failures / requests:.1%})" if requests and failures else ""
        print(f"| {name} | {requests} | {failures}{share} | {row['50%']} | {row['95%']} | {row['99%']} |")


if __name__ == "__main__":
    main(sys.argv[1])
