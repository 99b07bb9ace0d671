"""Last stage of the example pipeline: scores outputs/model.json (written by train.py) on
data/points.csv and writes outputs/eval.json. Logs `accuracy` through the Runlens client.

    python3 evaluate.py [--model outputs/model.json] [--data data/points.csv] [--out outputs/eval.json]
"""

import argparse
import csv
import json
import math
import os

try:
    import runlens
except ImportError:  # outside Runlens and without the client installed: no tracking
    runlens = None


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", default=os.path.join("outputs", "model.json"))
    p.add_argument("--data", default=os.path.join(here, "data", "points.csv"))
    p.add_argument("--out", default=os.path.join("outputs", "eval.json"))
    args = p.parse_args()
    with open(args.model) as f:
        model = json.load(f)
    with open(args.data, newline="") as f:
        rows = list(csv.reader(f))[1:]
    correct = 0
    for row in rows:
        xs = [float(v) for v in row[:-1]]
        z = model["bias"] + sum(w * x for w, x in zip(model["weights"], xs))
        correct += int((1.0 / (1.0 + math.exp(-z)) > 0.5) == (row[-1] == "1"))
    accuracy = correct / len(rows)
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w") as f:
        json.dump({"accuracy": accuracy, "rows": len(rows)}, f, indent=2)
    if runlens is not None:
        runlens.log({"accuracy": accuracy})
    print("accuracy %.4f on %d rows, written to %s" % (accuracy, len(rows), args.out))


if __name__ == "__main__":
    main()
