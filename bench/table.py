#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Prints a benchmark run (pidns_bench's CSV) as a Markdown table: one row per case, each way
with its ns/op and its median ratio to the case's first way.

    table.py RESULTS.csv
"""
import csv
import sys
from collections import OrderedDict


def fmt(v):
    return f"{v:,.0f}" if v >= 100 else f"{v:.3g}"


def main():
    cases = OrderedDict()
    for r in csv.DictReader(open(sys.argv[1])):
        cases.setdefault((r["section"], r["case"]), []).append(r)
    print("| section | case | ways: ns/op (ratio to the first) |")
    print("|---|---|---|")
    for (section, case), rows in cases.items():
        ways = " · ".join(
            f'{r["way"]} {fmt(float(r["ns_per_op"]))} ns ({fmt(float(r["ratio_to_baseline"]))}×)'
            for r in rows)
        print(f"| {section} | {case} | {ways} |")


if __name__ == "__main__":
    main()
