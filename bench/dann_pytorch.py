#!/usr/bin/python3
"""A plain PyTorch DANN training loop: the reference that bin/bench-throughput compares spark-da with.

The same network (ReLU MLP feature extractor, or LeNet with --extractor lenet, linear label head, domain head behind a gradient
reversal layer), batch (rows per domain, drawn uniformly with replacement every step), optimizer
(Adam, constant learning rate), lambda schedule (Ganin) and thread count as spark-da's benchmark
fit; the loss is read every step, as spark-da reads one small vector per step. Then inference:
label-head probabilities in batches of 512. With --sparse, rows stay in CSR form, each batch is a
sparse COO tensor and the first layer is torch.sparse.mm, as spark-da does for mostly-zero input.
Prints one line:
  pytorch [sparse] train_rows_per_s=R infer_rows_per_s=R
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
    """Rows in CSR form (indptr, columns, values), and the labels."""
    labels, indptr, columns, values = [], [0], [], []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            labels.append(int(float(parts[0])))
            for item in parts[1:]:
                index, value = item.split(":")
                if float(value) != 0:
                    columns.append(int(index) - 1)
                    values.append(float(value))
            indptr.append(len(columns))
    csr = (np.array(indptr, dtype=np.int64), np.array(columns, dtype=np.int64),
           np.array(values, dtype=np.float32), num_features)
    return csr, torch.tensor(labels, dtype=torch.int64)


def dense(csr):
    indptr, columns, values, width = csr
    rows = np.zeros((len(indptr) - 1, width), dtype=np.float32)
    rows[np.repeat(np.arange(len(indptr) - 1), np.diff(indptr)), columns] = values
    return torch.from_numpy(rows)


def sparse_rows(csr, index):
    """Rows `index` as a sparse COO batch, gathered from CSR as spark-da gathers its CSR shards."""
    indptr, columns, values, width = csr
    starts = indptr[index]
    lengths = indptr[index + 1] - starts
    total = int(lengths.sum())
    first = np.repeat(np.cumsum(lengths) - lengths, lengths)
    positions = np.repeat(starts, lengths) + np.arange(total) - first
    coordinates = np.stack([np.repeat(np.arange(len(index)), lengths), columns[positions]])
    return torch.sparse_coo_tensor(torch.from_numpy(coordinates),
                                   torch.from_numpy(values[positions]), (len(index), width))


class SparseFirstLayer(torch.nn.Module):
    """x W + b for a sparse x: the same product as spark-da's first layer on CSR shards."""

    def __init__(self, width, out):
        super().__init__()
        init = torch.nn.Linear(width, out)
        self.weight = torch.nn.Parameter(init.weight.detach().t().contiguous())
        self.bias = torch.nn.Parameter(init.bias.detach())

    def forward(self, x):
        return torch.sparse.mm(x, self.weight) + self.bias


class GradientReversal(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, lam):
        ctx.lam = lam
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad):
        return -ctx.lam * grad, None


def mlp(sizes, relu_last, sparse_input=False):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(SparseFirstLayer(sizes[i], sizes[i + 1]) if sparse_input and i == 0
                      else torch.nn.Linear(sizes[i], sizes[i + 1]))
        if relu_last or i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def lenet(shape):
    """spark-da's lenet preset: conv(20,5,1,2)-maxpool(2)-conv(50,5,1,2)-maxpool(2)-dense(500),
    ReLU after each conv and dense; flat rows are read as images of `shape` (C, H, W)."""
    channels, height, width = shape
    flat = 50 * (height // 4) * (width // 4)
    return torch.nn.Sequential(
        torch.nn.Unflatten(1, (channels, height, width)),
        torch.nn.Conv2d(channels, 20, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(20, 50, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(flat, 500), torch.nn.ReLU())


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--source", required=True)
    p.add_argument("--target", required=True)
    p.add_argument("--features", type=int, required=True)
    p.add_argument("--hidden", default="100", help="feature layers, e.g. 100 or 256x128")
    p.add_argument("--extractor", choices=["lenet"],
                   help="a conv feature extractor instead of the MLP of --hidden")
    p.add_argument("--input-shape", default="1x16x16",
                   help="channels x height x width that rows are read as, for --extractor")
    p.add_argument("--domain-hidden", type=int, default=100)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--steps", type=int, default=600)
    p.add_argument("--lr", type=float, default=0.001)
    p.add_argument("--lambda-max", type=float, default=1.0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--infer-rows", type=int, default=50000)
    p.add_argument("--sparse", action="store_true",
                   help="keep rows sparse (CSR) and use a sparse x dense first layer")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    source_csr, ys = load_libsvm(args.source, args.features)
    target_csr, _ = load_libsvm(args.target, args.features)
    source_rows, target_rows = len(ys), len(target_csr[0]) - 1
    if args.sparse:
        def batch(i_s, i_t):
            return sparse_rows(source_csr, i_s.numpy()), sparse_rows(target_csr, i_t.numpy())
    else:
        xs, xt = dense(source_csr), dense(target_csr)
        def batch(i_s, i_t):
            return xs[i_s], xt[i_t]
    classes = int(ys.max()) + 1
    hidden = [int(h) for h in args.hidden.split("x")]
    if args.extractor:
        shape = [int(d) for d in args.input_shape.split("x")]
        features = lenet(shape)
        hidden = [500]
    else:
        features = mlp([args.features] + hidden, relu_last=True, sparse_input=args.sparse)
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
        i_s = torch.randint(source_rows, (b,))
        i_t = torch.randint(target_rows, (b,))
        source, target = batch(i_s, i_t)
        embedding = features(torch.cat([source, target]))
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

    repeats = max(1, args.infer_rows // target_rows)
    order = np.tile(np.arange(target_rows), repeats)
    if not args.sparse:
        rows = xt.repeat(repeats, 1)
    start = time.perf_counter()
    with torch.no_grad():
        for i in range(0, len(order), 512):
            x = (sparse_rows(target_csr, order[i:i + 512]) if args.sparse else rows[i:i + 512])
            probabilities = torch.softmax(label_head(features(x)), dim=1)
            probabilities.numpy()
    infer_rate = len(order) / (time.perf_counter() - start)
    print("pytorch%s train_rows_per_s=%.0f infer_rows_per_s=%.0f"
          % (" sparse" if args.sparse else "", train_rate, infer_rate))


if __name__ == "__main__":
    main()
