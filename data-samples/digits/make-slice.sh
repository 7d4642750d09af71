#!/usr/bin/env bash
# Regenerates this small digits slice from the MNIST/USPS benchmark files (16x16 pixels, LIBSVM,
# 0-based labels; source: chamwen/JPDA via ../shared/datasets/mnist-usps): every 8th row of each
# file, so all ten classes are kept (the files are sorted by label).
# Usage: data-samples/digits/make-slice.sh [DATASETS_DIR]   (default ../shared/datasets/mnist-usps)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="${1:-$HERE/../../../shared/datasets/mnist-usps}"
for name in mnist usps; do
  awk 'NR % 8 == 1' "$SRC/$name.libsvm" > "$HERE/$name-slice.libsvm.tmp"
  mv "$HERE/$name-slice.libsvm.tmp" "$HERE/$name-slice.libsvm"
done
wc -l "$HERE"/*-slice.libsvm
