package io.sparkda.internal.shallow;

import dev.ludovic.netlib.lapack.LAPACK;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.netlib.util.intW;

/**
 * MEDA's classifier (Wang, Feng, Chen, Yu, Huang and Yu, ACM MM 2018): the adaptation-regularized
 * least squares of ARTL (Long, Wang, Ding, Pan and Yu, 2014), a kernel machine {@code f = K beta}
 * over all rows of both domains that fits the labelled rows, keeps the domains' means and class
 * means close in the kernel space (MMD), and stays smooth along the rows' nearest-neighbour graph
 * (manifold regularization). Each round solves
 *
 * <pre>((E + lambda M + rho L) K + eta I) beta = E Y</pre>
 *
 * with {@code E} the labelled rows' indicator, {@code Y} their one-hot classes, {@code M = ((1 -
 * mu) C u0 u0^T + mu sum_c uc uc^T) / ||.||_F} (JDA's MMD matrix; the target's classes are the
 * previous round's predictions, 1-NN's at first) and {@code L} the normalized Laplacian of the
 * cosine graph. Rows are unit length and the kernel is {@code exp(-||x - y||^2 / 2)} (the authors'
 * bandwidth, the mean row norm, is 1 on unit rows). {@code mu} is fixed, or (negative) estimated
 * each round from proxy A-distances as MEDA does ({@link DistributionBalance}).
 *
 * <p>It works on the driver with two {@code n x n} matrices (256 MB at n = 4,000), so the caller
 * bounds {@code n}; {@code M} is kept as its few vectors and {@code L} as the sparse graph, so a
 * round costs one dense LU solve ({@code 2 n^3 / 3} with native LAPACK).
 */
public final class AdaptationRegularizedLeastSquares {
  private static final long SOLVER_STACK_BYTES = 64L << 20;

  private final double lambda;
  private final double rho;
  private final double eta;
  private final double mu;
  private final int neighbors;

  /**
   * @param lambda weight of the MMD term
   * @param rho weight of the manifold term (0 leaves the graph out)
   * @param eta ridge on {@code beta}
   * @param mu share of the class-conditional MMD against the marginal one, in [0, 1]; negative:
   *     estimated each round
   * @param neighbors {@code p}, the neighbours each row picks for the graph
   */
  public AdaptationRegularizedLeastSquares(
      double lambda, double rho, double eta, double mu, int neighbors) {
    this.lambda = lambda;
    this.rho = rho;
    this.eta = eta;
    this.mu = mu;
    this.neighbors = neighbors;
  }

  /**
   * What a fit learnt: {@code beta} ({@code n x C}, column-major) and every row's class as the last
   * round predicted it (each round's {@code mu} goes to the {@link RoundListener}).
   */
  public record Fit(double[] beta, int[] predicted) {}

  /** Told each finished round's number (from 1) and the {@code mu} it used. */
  public interface RoundListener {
    void finished(int round, double mu);
  }

  /** The cosine graph: each row's neighbours (either row picked the other) and the weights. */
  record Graph(int[][] columns, double[][] weights) {}

  /**
   * @param rows {@code n} unit-length rows of both domains
   * @param labels each row's class, or -1 for an unlabelled row
   * @param target whether each row is a target row
   * @param rounds pseudo-label rounds (MEDA's {@code T}, at least 1)
   * @param progress told each finished round
   */
  public Fit fit(
      double[][] rows,
      int[] labels,
      boolean[] target,
      int numClasses,
      int rounds,
      RoundListener progress) {
    int n = rows.length;
    double[] kernel = kernel(rows);
    Graph graph = rho > 0 ? graph(rows, neighbors) : null;
    int[] predicted = nearestLabelled(rows, labels);
    double[] beta = null;
    for (int round = 0; round < rounds; round++) {
      double balance =
          mu >= 0 ? mu : DistributionBalance.mu(rows, labels, target, predicted, numClasses);
      double[] system = system(kernel, n, labels, target, predicted, numClasses, graph, balance);
      beta = solve(system, n, oneHot(labels, numClasses), numClasses);
      predicted =
          argmax(SymmetricMatrices.multiply(kernel, beta, n, n, numClasses, false, false), n);
      progress.finished(round + 1, balance);
    }
    return new Fit(beta, predicted);
  }

  /** {@code exp(-||x_i - x_j||^2 / 2)}, column-major {@code n x n}. */
  static double[] kernel(double[][] rows) {
    int n = rows.length;
    double[] k = new double[n * n];
    for (int j = 0; j < n; j++) {
      for (int i = j; i < n; i++) {
        double value = kernel(rows[i], rows[j]);
        k[j * n + i] = value;
        k[i * n + j] = value;
      }
    }
    return k;
  }

  /** The kernel between two rows, as the model scores a new row against the fitted ones. */
  public static double kernel(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      sum += d * d;
    }
    return Math.exp(-sum / 2);
  }

  /**
   * Each row's {@code p} most similar other rows by cosine (at most {@code n - 1}), joined both
   * ways and weighted by the cosine, clipped at 0 (the authors' "Cosine" graph, made symmetric).
   */
  static Graph graph(double[][] rows, int p) {
    int n = rows.length;
    int count = Math.min(p, n - 1);
    List<Map<Integer, Double>> edges = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      edges.add(new TreeMap<>());
    }
    for (int i = 0; i < n; i++) {
      double[] best = new double[count];
      int[] nearest = new int[count];
      Arrays.fill(best, Double.NEGATIVE_INFINITY);
      for (int j = 0; j < n; j++) {
        double s = j == i ? Double.NEGATIVE_INFINITY : dot(rows[i], rows[j]);
        if (count > 0 && s > best[count - 1]) {
          int at = count - 1;
          while (at > 0 && best[at - 1] < s) {
            best[at] = best[at - 1];
            nearest[at] = nearest[at - 1];
            at--;
          }
          best[at] = s;
          nearest[at] = j;
        }
      }
      for (int e = 0; e < count; e++) {
        double w = Math.max(0, best[e]);
        edges.get(i).put(nearest[e], w);
        edges.get(nearest[e]).put(i, w);
      }
    }
    int[][] columns = new int[n][];
    double[][] weights = new double[n][];
    for (int i = 0; i < n; i++) {
      columns[i] = edges.get(i).keySet().stream().mapToInt(Integer::intValue).toArray();
      weights[i] = edges.get(i).values().stream().mapToDouble(Double::doubleValue).toArray();
    }
    return new Graph(columns, weights);
  }

  /**
   * {@code (E + lambda M + rho L) K + eta I}, column-major: {@code M K} from the few vectors of
   * {@code M}, {@code L K = K - D^(-1/2) W D^(-1/2) K} from the sparse graph.
   */
  double[] system(
      double[] kernel,
      int n,
      int[] labels,
      boolean[] target,
      int[] predicted,
      int numClasses,
      Graph graph,
      double mu) {
    double[] a = new double[n * n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        if (labels[i] >= 0) {
          a[j * n + i] = kernel[j * n + i];
        }
      }
      a[j * n + j] += eta;
    }
    double[][] u = mmdVectors(labels, target, predicted, numClasses);
    double[] weights = new double[u.length];
    Arrays.fill(weights, mu);
    weights[0] = (1 - mu) * numClasses;
    double norm = frobenius(u, weights);
    for (int v = 0; v < u.length; v++) {
      double scale = norm == 0 ? 0 : lambda * weights[v] / norm;
      if (scale == 0) {
        continue;
      }
      double[] ku = SymmetricMatrices.multiply(kernel, u[v], n, n, 1, false, false);
      for (int j = 0; j < n; j++) { // column j of u u^T K is u (K u)_j, K being symmetric
        double factor = scale * ku[j];
        for (int i = 0; i < n; i++) {
          a[j * n + i] += u[v][i] * factor;
        }
      }
    }
    if (graph != null) {
      addLaplacianTimesKernel(a, kernel, n, graph);
    }
    return a;
  }

  /** {@code a += rho (K - D^(-1/2) W D^(-1/2) K)}. */
  private void addLaplacianTimesKernel(double[] a, double[] kernel, int n, Graph graph) {
    double[] scale = new double[n];
    for (int i = 0; i < n; i++) {
      double degree = Arrays.stream(graph.weights()[i]).sum();
      scale[i] = degree > 0 ? 1 / Math.sqrt(degree) : 0;
    }
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        int[] columns = graph.columns()[i];
        double[] weights = graph.weights()[i];
        double smoothed = 0;
        for (int e = 0; e < columns.length; e++) {
          smoothed += weights[e] * scale[columns[e]] * kernel[j * n + columns[e]];
        }
        a[j * n + i] += rho * (kernel[j * n + i] - scale[i] * smoothed);
      }
    }
  }

  /**
   * The vectors of the MMD matrix: {@code u0} ({@code 1/ns} on source rows, {@code -1/nt} on target
   * rows), then one {@code uc} per class with rows in both domains (source rows by label, target
   * rows by prediction).
   */
  static double[][] mmdVectors(int[] labels, boolean[] target, int[] predicted, int numClasses) {
    int n = labels.length;
    long targets = 0;
    for (boolean t : target) {
      targets += t ? 1 : 0;
    }
    List<double[]> out = new ArrayList<>();
    double[] marginal = new double[n];
    for (int i = 0; i < n; i++) {
      marginal[i] = target[i] ? -1.0 / targets : 1.0 / (n - targets);
    }
    out.add(marginal);
    for (ClassRows rows : ClassRows.inBothDomains(labels, target, predicted, numClasses)) {
      double[] u = new double[n];
      for (int i = 0; i < n; i++) {
        if (rows.source()[i]) {
          u[i] = 1.0 / rows.sources();
        } else if (rows.target()[i]) {
          u[i] = -1.0 / rows.targets();
        }
      }
      out.add(u);
    }
    return out.toArray(new double[0][]);
  }

  /**
   * One class's rows in each domain: source rows by their label, target rows by their predicted
   * class. The MMD's class terms and MEDA's balance use the classes with rows in both.
   */
  record ClassRows(boolean[] source, boolean[] target, int sources, int targets) {
    static List<ClassRows> inBothDomains(
        int[] labels, boolean[] target, int[] predicted, int numClasses) {
      List<ClassRows> out = new ArrayList<>();
      for (int c = 0; c < numClasses; c++) {
        boolean[] a = new boolean[labels.length];
        boolean[] b = new boolean[labels.length];
        int inA = 0;
        int inB = 0;
        for (int i = 0; i < labels.length; i++) {
          a[i] = !target[i] && labels[i] == c;
          b[i] = target[i] && predicted[i] == c;
          inA += a[i] ? 1 : 0;
          inB += b[i] ? 1 : 0;
        }
        if (inA > 0 && inB > 0) {
          out.add(new ClassRows(a, b, inA, inB));
        }
      }
      return out;
    }
  }

  /** {@code ||sum_v w_v u_v u_v^T||_F}, from the vectors' inner products. */
  static double frobenius(double[][] u, double[] weights) {
    double sum = 0;
    for (int v = 0; v < u.length; v++) {
      for (int w = 0; w < u.length; w++) {
        double inner = dot(u[v], u[w]);
        sum += weights[v] * weights[w] * inner * inner;
      }
    }
    return Math.sqrt(sum);
  }

  /**
   * Solves {@code a x = b} for {@code b} {@code n x m} (LAPACK dgesv; {@code a} is consumed), on a
   * thread of its own with a 64 MB stack: OpenBLAS's threaded LU keeps its work on the calling
   * thread's stack, and on a JVM thread's default 1 MB it killed the JVM (SIGSEGV, no Java error)
   * from n = 3,000 on.
   */
  static double[] solve(double[] a, int n, double[] b, int m) {
    int[] pivots = new int[n];
    intW info = new intW(0);
    Thread solver =
        new Thread(
            null,
            () -> LAPACK.getInstance().dgesv(n, m, a, n, pivots, b, n, info),
            "spark-da-meda-solve",
            SOLVER_STACK_BYTES);
    solver.start();
    try {
      solver.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while MEDA's linear system was solved", e);
    }
    if (info.val != 0) {
      throw new IllegalStateException(
          "MEDA's linear system is singular (LAPACK dgesv info=" + info.val + "): raise eta");
    }
    return b;
  }

  /** Labelled rows' classes one-hot, unlabelled rows zero: {@code E Y}, {@code n x C}. */
  static double[] oneHot(int[] labels, int numClasses) {
    int n = labels.length;
    double[] y = new double[n * numClasses];
    for (int i = 0; i < n; i++) {
      if (labels[i] >= 0) {
        y[labels[i] * n + i] = 1;
      }
    }
    return y;
  }

  /** The class of the largest score in each row of a column-major {@code n x C} matrix. */
  static int[] argmax(double[] scores, int n) {
    int classes = scores.length / n;
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      for (int c = 1; c < classes; c++) {
        if (scores[c * n + i] > scores[out[i] * n + i]) {
          out[i] = c;
        }
      }
    }
    return out;
  }

  /** Every row's class by its most similar labelled row (1-NN, cosine on unit rows). */
  static int[] nearestLabelled(double[][] rows, int[] labels) {
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      double best = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < rows.length; j++) {
        if (labels[j] >= 0) {
          double s = dot(rows[i], rows[j]);
          if (s > best) {
            best = s;
            out[i] = labels[j];
          }
        }
      }
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
