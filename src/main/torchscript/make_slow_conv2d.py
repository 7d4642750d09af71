"""Writes slow_conv2d.pt, the TorchScript module through which Conv2dLayer runs libtorch's
im2col-and-matrix-product convolution (aten::thnn_conv2d, PyTorch's slow_conv2d) instead of its
oneDNN one, whose input gradient is wrong in DJL 0.36's libtorch (docs/djl-bug/conv-backward.md).
DJL exposes no call to that kernel; a scripted module reaches any aten op, and autograd records it.
Parameter-free: weights, bias and geometry (kernel, stride, padding) come in as tensors.
Run with Debian's python3-torch (1.13); the file is committed (2 KB), so builds need no PyTorch:
  /usr/bin/python3 src/main/torchscript/make_slow_conv2d.py"""
import os

import torch


class SlowConv2d(torch.nn.Module):
    def forward(self, x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor,
                geometry: torch.Tensor) -> torch.Tensor:
        kernel = int(geometry[0])
        stride = int(geometry[1])
        padding = int(geometry[2])
        return torch._C._nn.thnn_conv2d(
            x, weight, [kernel, kernel], bias, [stride, stride], [padding, padding])


here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "..", "resources", "io", "sparkda", "internal", "nn", "slow_conv2d.pt")
torch.jit.script(SlowConv2d()).save(os.path.normpath(out))
