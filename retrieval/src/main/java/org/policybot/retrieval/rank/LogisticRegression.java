package org.policybot.retrieval.rank;

import java.util.List;
import java.util.Set;

/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least
 * squares). Small and deterministic: the same rows give the same weights on every machine,
 * which the model file's recorded metrics rely on. Features are standardised first; those in
 * {@code disabled} are left out (weight 0), which is how ablations and the vector-free
 * variant are fitted. Rows can be weighted (each question's passages together count once).
 */
public final class LogisticRegression {

    private static final int MAX_ITERATIONS = 50;
    private static final double TOLERANCE = 1e-8;

    private LogisticRegression() {
    }

    /**
     * @param rows    feature vectors, all of {@code names.size()} values
     * @param labels  one per row
     * @param weights one per row (null: all 1)
     * @param l2      penalty on the standardised weights (not on the bias)
     */
    public static LinearModel fit(List<String> names, List<double[]> rows, List<Boolean> labels, double[] weights,
                                  double l2, Set<String> disabled) {
        int n = rows.size();
        int d = names.size();
        if (n == 0 || labels.size() != n || (weights != null && weights.length != n)) {
            throw new IllegalArgumentException("need one label (and weight) per row and at least one row");
        }
        double[] mean = new double[d];
        double[] scale = new double[d];
        double total = 0;
        for (int r = 0; r < n; r++) {
            double w = weights == null ? 1 : weights[r];
            total += w;
            for (int j = 0; j < d; j++) {
                mean[j] += w * rows.get(r)[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= total;
        }
        for (int r = 0; r < n; r++) {
            double w = weights == null ? 1 : weights[r];
            for (int j = 0; j < d; j++) {
                double dv = rows.get(r)[j] - mean[j];
                scale[j] += w * dv * dv;
            }
        }
        boolean[] active = new boolean[d];
        int k = 0;
        for (int j = 0; j < d; j++) {
            scale[j] = Math.sqrt(scale[j] / total);
            active[j] = scale[j] > 1e-9 && !disabled.contains(names.get(j));
            if (scale[j] <= 1e-9) {
                scale[j] = 1;
            }
            k += active[j] ? 1 : 0;
        }
        int[] index = new int[k];
        for (int j = 0, a = 0; j < d; j++) {
            if (active[j]) {
                index[a++] = j;
            }
        }
        // Standardised design matrix with the bias as the last column.
        double[][] x = new double[n][k + 1];
        for (int r = 0; r < n; r++) {
            for (int a = 0; a < k; a++) {
                int j = index[a];
                x[r][a] = (rows.get(r)[j] - mean[j]) / scale[j];
            }
            x[r][k] = 1;
        }
        double[] beta = new double[k + 1];
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[] grad = new double[k + 1];
            double[][] hess = new double[k + 1][k + 1];
            for (int r = 0; r < n; r++) {
                double w = weights == null ? 1 : weights[r];
                double z = 0;
                for (int a = 0; a <= k; a++) {
                    z += beta[a] * x[r][a];
                }
                double p = LinearModel.sigmoid(z);
                double y = labels.get(r) ? 1 : 0;
                double g = w * (p - y);
                double h = w * Math.max(p * (1 - p), 1e-10);
                for (int a = 0; a <= k; a++) {
                    grad[a] += g * x[r][a];
                    for (int b = 0; b <= a; b++) {
                        hess[a][b] += h * x[r][a] * x[r][b];
                    }
                }
            }
            for (int a = 0; a <= k; a++) {
                for (int b = 0; b < a; b++) {
                    hess[b][a] = hess[a][b];
                }
            }
            for (int a = 0; a < k; a++) {
                grad[a] += l2 * beta[a];
                hess[a][a] += l2;
            }
            hess[k][k] += 1e-9;
            double[] step = solve(hess, grad);
            double change = 0;
            for (int a = 0; a <= k; a++) {
                beta[a] -= step[a];
                change = Math.max(change, Math.abs(step[a]));
            }
            if (change < TOLERANCE) {
                break;
            }
        }
        double[] out = new double[d];
        for (int a = 0; a < k; a++) {
            out[index[a]] = beta[a];
        }
        return new LinearModel(names, mean, scale, out, beta[k]);
    }

    /** Solves a symmetric positive definite system by Gaussian elimination with partial pivoting. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] tmp = m[c];
            m[c] = m[pivot];
            m[pivot] = tmp;
            double p = m[c][c];
            if (Math.abs(p) < 1e-300) {
                continue;
            }
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / p;
                if (f != 0) {
                    for (int j = c; j <= n; j++) {
                        m[r][j] -= f * m[c][j];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int j = r + 1; j < n; j++) {
                s -= m[r][j] * x[j];
            }
            x[r] = Math.abs(m[r][r]) < 1e-300 ? 0 : s / m[r][r];
        }
        return x;
    }
}
