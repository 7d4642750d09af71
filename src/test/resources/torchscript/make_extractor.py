"""Writes extractor.pt, the TorchScript feature extractor the tests load (featureExtractorPath):
two linear layers with ReLU, 2 features in, 4 out. Run with Debian's python3-torch (1.13):
  /usr/bin/python3 src/test/resources/torchscript/make_extractor.py
The file is committed (3 KB), so the tests need no PyTorch."""
import os

import torch


class Extractor(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(2, 6)
        self.out = torch.nn.Linear(6, 4)

    def forward(self, x):
        return torch.relu(self.out(torch.relu(self.hidden(x))))


torch.manual_seed(13)
torch.jit.script(Extractor()).save(os.path.join(os.path.dirname(__file__), "extractor.pt"))
