"""Generates data/raw.csv, the example's raw data: 300 numbered samples with 4 features and a 0/1
label drawn from a fixed logistic model plus noise. Deterministic: the same file every time.
prepare.py turns it into data/points.csv, the features train.py reads.

    python3 make_data.py
"""

import math
import os
import random

ROWS = 300
WEIGHTS = [1.5, -2.0, 0.75, 0.0]  # the last feature is pure noise
BIAS = 0.25


def main():
    rng = random.Random(20240601)
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "data", "raw.csv")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="\n") as f:
        f.write("id,x1,x2,x3,x4,label\n")
        for i in range(ROWS):
            xs = [rng.gauss(0.0, 1.0) for _ in WEIGHTS]
            z = BIAS + sum(w * x for w, x in zip(WEIGHTS, xs)) + rng.gauss(0.0, 0.75)
            label = 1 if 1.0 / (1.0 + math.exp(-z)) > 0.5 else 0
            f.write("%d," % i + ",".join("%.4f" % x for x in xs) + ",%d\n" % label)
    print("wrote %d rows to %s" % (ROWS, path))


if __name__ == "__main__":
    main()
