"""Runlens example: logistic regression on data/points.csv, standard library only.

Logs per-epoch train loss, validation loss and accuracy through the runlens client (a no-op when
the script runs outside Runlens), and writes the trained model to outputs/model.json.
Deterministic for a given --seed.

    python3 train.py --lr 0.1 --epochs 30 --seed 0
    python3 train.py --report print     # print "epoch N loss=... val_loss=... acc=..." lines instead
"""

import argparse
import csv
import json
import math
import os
import random
import time

import runlens


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--lr", type=float, default=0.1, help="learning rate")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--seed", type=int, default=0, help="shuffles the train/validation split and the batches")
    p.add_argument("--l2", type=float, default=0.0, help="L2 penalty")
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--delay", type=float, default=0.0, help="seconds to sleep per epoch (to watch a run live)")
    p.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "points.csv"))
    p.add_argument("--out", default="outputs", help="folder for model.json")
    p.add_argument("--report", choices=["client", "print"], default="client",
                   help="client: runlens.log; print: plain lines for a regex pattern")
    return p.parse_args()


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))[1:]
    return [([float(v) for v in r[:-1]], int(r[-1])) for r in rows]


def predict(w, b, x):
    z = b + sum(wi * xi for wi, xi in zip(w, x))
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def evaluate(w, b, data):
    loss, correct = 0.0, 0
    for x, y in data:
        p = min(max(predict(w, b, x), 1e-12), 1 - 1e-12)
        loss -= y * math.log(p) + (1 - y) * math.log(1 - p)
        correct += (p >= 0.5) == (y == 1)
    return loss / len(data), correct / len(data)


def main():
    args = parse_args()
    rng = random.Random(args.seed)
    data = load(args.data)
    rng.shuffle(data)
    cut = int(len(data) * 0.8)
    train, val = data[:cut], data[cut:]
    w, b = [0.0] * len(train[0][0]), 0.0
    with runlens.run(params={"train_rows": len(train), "val_rows": len(val)}):
        for epoch in range(1, args.epochs + 1):
            rng.shuffle(train)
            for start in range(0, len(train), args.batch):
                batch = train[start:start + args.batch]
                gw, gb = [0.0] * len(w), 0.0
                for x, y in batch:
                    err = predict(w, b, x) - y
                    gb += err
                    gw = [g + err * xi for g, xi in zip(gw, x)]
                n = len(batch)
                w = [wi - args.lr * (g / n + args.l2 * wi) for wi, g in zip(w, gw)]
                b -= args.lr * gb / n
            loss, _ = evaluate(w, b, train)
            val_loss, acc = evaluate(w, b, val)
            if args.report == "client":
                runlens.log({"loss": loss, "val_loss": val_loss, "acc": acc}, step=epoch)
            print("epoch %d loss=%.4f val_loss=%.4f acc=%.4f" % (epoch, loss, val_loss, acc), flush=True)
            if args.delay:
                time.sleep(args.delay)
        runlens.summary({"final_val_loss": val_loss, "final_acc": acc})
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "model.json"), "w") as f:
        json.dump({"weights": w, "bias": b, "val_loss": val_loss, "acc": acc}, f, indent=2)
    print("saved %s (val_loss=%.4f acc=%.4f)" % (os.path.join(args.out, "model.json"), val_loss, acc))


if __name__ == "__main__":
    main()
