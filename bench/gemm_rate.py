"""Single-precision matrix products through Debian's PyTorch 1.13 (OpenBLAS), one thread, at the
shapes bench/GemmRate.java timed through DJL's libtorch (MKL; removed with DJL, see git history
before commit 0ee3563); then one conv through oneDNN and
through thnn_conv2d. Run as bin/bench-throughput runs its reference loop:
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/gemm_rate.py"""
import time

import torch

torch.set_num_threads(1)
for m, k, n in [(8192, 500, 50), (50, 8192, 500), (8192, 50, 500), (128, 800, 500)]:
    a = torch.randn(m, k)
    b = torch.randn(k, n)
    best = float("inf")
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(20):
            a @ b
        best = min(best, time.perf_counter() - start)
    ms = best / 20 * 1000
    print("pytorch-openblas %dx%d @ %dx%d: %.2f ms, %.0f GFLOP/s" % (m, k, k, n, ms, 2 * m * k * n / ms / 1e6))

# LeNet's second conv (20 -> 50 channels, 5x5, padding 2, 8x8) on a 128-row step, forward and
# backward: oneDNN's convolution (what PyTorch's loop runs) against thnn_conv2d (what spark-da runs).
F = torch.nn.functional
x0 = torch.randn(128, 20, 8, 8)
weight = torch.randn(50, 20, 5, 5, requires_grad=True)
bias = torch.randn(50, requires_grad=True)
for name, conv in [("onednn", lambda x: F.conv2d(x, weight, bias, 1, 2)),
                   ("thnn_conv2d", lambda x: torch._C._nn.thnn_conv2d(x, weight, [5, 5], bias, [1, 1], [2, 2]))]:
    best = float("inf")
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(20):
            conv(x0.detach().requires_grad_()).sum().backward()
        best = min(best, time.perf_counter() - start)
    print("pytorch conv 128x20x8x8 -> 50, forward and backward, %s: %.2f ms" % (name, best / 20 * 1000))
