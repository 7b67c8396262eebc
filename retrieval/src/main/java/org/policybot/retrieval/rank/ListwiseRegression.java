package org.policybot.retrieval.rank;

import java.util.List;
import java.util.Set;

/**
 * A ranker fitted listwise: for each question, the softmax of the candidates' scores is the
 * probability that each is the relevant one, and the fit maximises the probability of the
 * relevant candidates (a conditional logit model), with an L2 penalty. Unlike a pointwise
 * model it learns only how candidates of one question compare, which is what ranking needs
 * and what carries over between corpora whose scores sit at different levels. Fitted by
 * damped Newton steps: deterministic, like {@link LogisticRegression}. The bias is 0 (it
 * cancels in a softmax).
 */
public final class ListwiseRegression {

    private static final int MAX_ITERATIONS = 200;
    private static final double TOLERANCE = 1e-7;
    /** Largest change of any standardised weight in one step: keeps Newton's method from overshooting. */
    private static final double MAX_STEP = 0.5;

    private ListwiseRegression() {
    }

    /**
     * @param groups one list of feature vectors per question (its candidates)
     * @param labels per question, which candidates are relevant (at least one per question)
     */
    public static LinearModel fit(List<String> names, List<List<double[]>> groups, List<boolean[]> labels, double l2,
                                  Set<String> disabled) {
        int d = names.size();
        if (groups.isEmpty() || groups.size() != labels.size()) {
            throw new IllegalArgumentException("need one label array per group and at least one group");
        }
        double[] mean = new double[d];
        double[] scale = new double[d];
        int rows = 0;
        for (List<double[]> g : groups) {
            for (double[] x : g) {
                for (int j = 0; j < d; j++) {
                    mean[j] += x[j];
                }
                rows++;
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows;
        }
        for (List<double[]> g : groups) {
            for (double[] x : g) {
                for (int j = 0; j < d; j++) {
                    scale[j] += (x[j] - mean[j]) * (x[j] - mean[j]);
                }
            }
        }
        boolean[] active = new boolean[d];
        for (int j = 0; j < d; j++) {
            scale[j] = Math.sqrt(scale[j] / rows);
            active[j] = scale[j] > 1e-9 && !disabled.contains(names.get(j));
            if (scale[j] <= 1e-9) {
                scale[j] = 1;
            }
        }
        double[] w = new double[d];
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[] grad = new double[d];
            double[][] hess = new double[d][d];
            for (int q = 0; q < groups.size(); q++) {
                addGroup(groups.get(q), labels.get(q), w, mean, scale, active, grad, hess);
            }
            for (int j = 0; j < d; j++) {
                if (active[j]) {
                    grad[j] += l2 * w[j];
                    hess[j][j] += l2;
                } else {
                    hess[j][j] = 1;
                    grad[j] = 0;
                }
            }
            double[] step = LogisticRegression.solve(hess, grad);
            double largest = 0;
            for (double s : step) {
                largest = Math.max(largest, Math.abs(s));
            }
            double damp = largest > MAX_STEP ? MAX_STEP / largest : 1;
            for (int j = 0; j < d; j++) {
                w[j] -= damp * step[j];
            }
            if (largest * damp < TOLERANCE) {
                break;
            }
        }
        return new LinearModel(names, mean, scale, w, 0);
    }

    private static void addGroup(List<double[]> group, boolean[] relevant, double[] w, double[] mean, double[] scale,
                                 boolean[] active, double[] grad, double[][] hess) {
        int n = group.size();
        int d = w.length;
        double[][] z = new double[n][d];
        double[] p = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                z[i][j] = active[j] ? (group.get(i)[j] - mean[j]) / scale[j] : 0;
                s += w[j] * z[i][j];
            }
            p[i] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(p[i] - max);
            sum += p[i];
        }
        int positives = 0;
        for (int i = 0; i < n; i++) {
            p[i] /= sum;
            positives += relevant[i] ? 1 : 0;
        }
        if (positives == 0) {
            return;
        }
        double[] expected = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                expected[j] += p[i] * z[i][j];
            }
        }
        for (int i = 0; i < n; i++) {
            if (relevant[i]) {
                for (int j = 0; j < d; j++) {
                    grad[j] += (expected[j] - z[i][j]) / positives;
                }
            }
            for (int a = 0; a < d; a++) {
                double da = z[i][a] - expected[a];
                if (da == 0) {
                    continue;
                }
                for (int b = 0; b < d; b++) {
                    hess[a][b] += p[i] * da * (z[i][b] - expected[b]);
                }
            }
        }
    }

    /** The softmax of scores: each candidate's probability of being the relevant one. */
    public static double[] softmax(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double[] p = new double[scores.length];
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            p[i] = Math.exp(scores[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
