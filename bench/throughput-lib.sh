# Shared by bin/bench-throughput and bin/bench-score (sourced, not run): the reference PyTorch loop
# and spark-da's ThroughputBenchmark with the same settings, and the helpers that read their lines.
# Needs PY, BENCH_OPTS set by the caller.
# Both sides multiply with OpenBLAS. This machine's OPENBLAS_CORETYPE=Haswell (and L2 size)
# overrides hold a current OpenBLAS to its AVX2 kernels (Amazon dense: 27k against 38k rows/s in
# spark-da's spike): they are unset for everything this script starts, PyTorch, spark-da and the
# cluster alike.
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
# The reference loop, single-threaded. It gets the malloc settings spark-da applies to itself
# (io.sparkda.internal.nn.NativeHeap): without them its speed varied 6-fold between runs (5k to
# 37k rows/s on Amazon), with them it is steady.
pytorch() {
  env OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 \
    GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824:glibc.malloc.top_pad=67108864 \
    "$PY" bench/dann_pytorch.py --threads 1 --batch 64 --lr 0.001 "$@"
}
sparkda() {
  SPARK_DA_JAVA_OPTS="$BENCH_OPTS ${EXTRA_OPTS:-}" bin/run-class \
    io.sparkda.examples.ThroughputBenchmark "$@" 2>/dev/null | grep '^spark-da '
}
value() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<< "$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
larger() { awk -v a="$1" -v b="$2" 'BEGIN { print (a > b ? a : b) }'; }
