package org.policybot.retrieval.rank;

import java.util.List;

/**
 * Features standardised among one question's candidates: how a candidate stands out from the
 * others, whatever level a corpus puts the raw values at. Fitted models weigh these beside
 * the raw values (the passage ranker and the sentence model both do).
 */
public final class WithinQuery {

    private WithinQuery() {
    }

    /**
     * For each pair, writes into column {@code to[i]} of every row the standardised value of
     * column {@code from[i]} among the rows (0 when all rows have the same value).
     */
    public static void standardise(List<double[]> rows, int[] from, int[] to) {
        int n = rows.size();
        for (int i = 0; i < from.length; i++) {
            double mean = 0;
            for (double[] x : rows) {
                mean += x[from[i]] / n;
            }
            double var = 0;
            for (double[] x : rows) {
                var += (x[from[i]] - mean) * (x[from[i]] - mean) / n;
            }
            double sd = Math.sqrt(var);
            for (double[] x : rows) {
                x[to[i]] = sd < 1e-9 ? 0 : (x[from[i]] - mean) / sd;
            }
        }
    }
}
