#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turns pidns_bench's CSV into gnuplot data files, one per plot: each way of a plot is a
dataset (blocks separated by two blank lines) headed by its name, rows "x ns_per_op ratio".

    plot_data.py RESULTS.csv OUTDIR
"""
import csv
import sys
from collections import OrderedDict

# plot name -> (section, substring the case must contain or None)
CURVES = {
    "sibling": ("sibling", None),
    "idref": ("idref", None),
    "lastpids-set": ("lastpids", "set,"),
    "lastpids-get": ("lastpids", "get,"),
    "lastpids-task": ("lastpids", "task,"),
    "batch": ("batch", None),
}
# Per-call sections: one bar per way that is not the baseline.
BARS = ("floor", "down", "up", "initpid", "nsentry", "relation")
# Per-call sections with several cases: each bar names its case too.
CASED = ("nsentry", "relation")


def main():
    rows = list(csv.DictReader(open(sys.argv[1])))
    out = sys.argv[2]
    for name, (section, case) in CURVES.items():
        ways = OrderedDict()
        for r in rows:
            if r["section"] != section or not r.get("x") or (case and case not in r["case"]):
                continue
            ways.setdefault(r["way"], []).append(
                (float(r["x"]), float(r["ns_per_op"]), float(r["ratio_to_baseline"])))
        with open(f"{out}/{name}.dat", "w") as f:
            for i, (way, pts) in enumerate(ways.items()):
                if i:
                    f.write("\n\n")
                f.write(f'"{way}"\n')
                for x, ns, ratio in sorted(pts):
                    f.write(f"{x:g} {ns:.1f} {ratio:.4f}\n")
    with open(f"{out}/ratios.dat", "w") as f:
        for r in rows:
            if r["section"] in BARS and r["way"] != r["baseline"]:
                where = r["section"] if r["section"] not in CASED else f'{r["section"]} ({r["case"]})'
                label = f'{where}: {r["way"]}'.replace('"', "'")
                f.write(f'"{label}" {float(r["ratio_to_baseline"]):.4f}\n')


if __name__ == "__main__":
    main()
