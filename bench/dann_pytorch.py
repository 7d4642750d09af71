#!/usr/bin/python3
"""A plain PyTorch DANN training loop: the reference that bin/bench-throughput compares spark-da with.

The same network (ReLU MLP feature extractor, linear label head, domain head behind a gradient
reversal layer), batch (rows per domain, drawn uniformly with replacement every step), optimizer
(Adam, constant learning rate), lambda schedule (Ganin) and thread count as spark-da's benchmark
fit; the loss is read every step, as spark-da reads one small vector per step. Then inference:
label-head probabilities in batches of 512. Prints one line:
  pytorch train_rows_per_s=R infer_rows_per_s=R
Rows/s count source + target rows. Needs Debian's python3-torch (see README, Benchmarks); it is not
a dependency of spark-da or of its tests.
"""
import argparse
import math
import time

import numpy as np
import torch
import torch.nn.functional as F


def load_libsvm(path, num_features):
    labels, rows = [], []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            labels.append(int(float(parts[0])))
            row = np.zeros(num_features, dtype=np.float32)
            for item in parts[1:]:
                index, value = item.split(":")
                row[int(index) - 1] = float(value)
            rows.append(row)
    return torch.from_numpy(np.stack(rows)), torch.tensor(labels, dtype=torch.int64)


class GradientReversal(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, lam):
        ctx.lam = lam
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad):
        return -ctx.lam * grad, None


def mlp(sizes, relu_last):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if relu_last or i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--source", required=True)
    p.add_argument("--target", required=True)
    p.add_argument("--features", type=int, required=True)
    p.add_argument("--hidden", default="100", help="feature layers, e.g. 100 or 256x128")
    p.add_argument("--domain-hidden", type=int, default=100)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--steps", type=int, default=600)
    p.add_argument("--lr", type=float, default=0.001)
    p.add_argument("--lambda-max", type=float, default=1.0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--infer-rows", type=int, default=50000)
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    xs, ys = load_libsvm(args.source, args.features)
    xt, _ = load_libsvm(args.target, args.features)
    classes = int(ys.max()) + 1
    hidden = [int(h) for h in args.hidden.split("x")]
    features = mlp([args.features] + hidden, relu_last=True)
    label_head = torch.nn.Linear(hidden[-1], classes)
    domain_head = mlp([hidden[-1], args.domain_hidden, 2], relu_last=False)
    parameters = (list(features.parameters()) + list(label_head.parameters())
                  + list(domain_head.parameters()))
    optimizer = torch.optim.Adam(parameters, lr=args.lr)
    b = args.batch
    domains = torch.cat([torch.zeros(b, dtype=torch.int64), torch.ones(b, dtype=torch.int64)])

    def step(t, total):
        progress = t / total
        lam = args.lambda_max * (2.0 / (1.0 + math.exp(-10.0 * progress)) - 1.0)
        i_s = torch.randint(len(xs), (b,))
        i_t = torch.randint(len(xt), (b,))
        embedding = features(torch.cat([xs[i_s], xt[i_t]]))
        label_loss = F.cross_entropy(label_head(embedding[:b]), ys[i_s])
        domain_loss = F.cross_entropy(
            domain_head(GradientReversal.apply(embedding, lam)), domains)
        loss = label_loss + domain_loss
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss.item()

    for t in range(20):  # warm-up, not timed
        step(t, args.steps)
    start = time.perf_counter()
    for t in range(args.steps):
        step(t, args.steps)
    train_rate = 2 * b * args.steps / (time.perf_counter() - start)

    repeats = max(1, args.infer_rows // len(xt))
    rows = xt.repeat(repeats, 1)
    start = time.perf_counter()
    with torch.no_grad():
        for i in range(0, len(rows), 512):
            probabilities = torch.softmax(label_head(features(rows[i:i + 512])), dim=1)
            probabilities.numpy()
    infer_rate = len(rows) / (time.perf_counter() - start)
    print("pytorch train_rows_per_s=%.0f infer_rows_per_s=%.0f" % (train_rate, infer_rate))


if __name__ == "__main__":
    main()
