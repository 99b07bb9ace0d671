"""First stage of the example pipeline: turns data/raw.csv (numbered samples) into
data/points.csv, the features train.py reads, by dropping the sample id. Deterministic.

    python3 prepare.py [--raw data/raw.csv] [--out data/points.csv]
"""

import argparse
import csv
import os


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--raw", default=os.path.join(here, "data", "raw.csv"))
    p.add_argument("--out", default=os.path.join(here, "data", "points.csv"))
    args = p.parse_args()
    with open(args.raw, newline="") as f:
        rows = list(csv.reader(f))
    with open(args.out, "w", newline="\n") as f:
        for row in rows:
            f.write(",".join(row[1:]) + "\n")
    print("prepared %d rows from %s into %s" % (len(rows) - 1, args.raw, args.out))


if __name__ == "__main__":
    main()
