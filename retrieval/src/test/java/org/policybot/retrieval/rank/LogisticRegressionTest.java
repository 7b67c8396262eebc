package org.policybot.retrieval.rank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

    private static final List<String> NAMES = List.of("signal", "noise", "constant");

    /** Labels drawn from a known logistic model on "signal"; "noise" carries nothing. */
    private static void sample(List<double[]> rows, List<Boolean> labels, int n, long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            double signal = r.nextGaussian();
            double noise = r.nextGaussian();
            double p = LinearModel.sigmoid(2.0 * signal - 0.5);
            rows.add(new double[] {signal, noise, 1.0});
            labels.add(r.nextDouble() < p);
        }
    }

    @Test
    void should_recover_the_weight_of_a_feature_that_decides_the_label_and_ignore_noise() {
        List<double[]> rows = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        sample(rows, labels, 4000, 7);

        LinearModel m = LogisticRegression.fit(NAMES, rows, labels, null, 1.0, Set.of());

        // On the standardised scale the signal's weight is its true weight times its spread (about 1).
        assertThat(m.weightOf("signal")).isBetween(1.7, 2.3);
        assertThat(Math.abs(m.weightOf("noise"))).isLessThan(0.15);
        assertThat(m.weightOf("constant")).isZero();
        assertThat(m.probability(new double[] {2, 0, 1})).isGreaterThan(0.9);
        assertThat(m.probability(new double[] {-2, 0, 1})).isLessThan(0.05);
    }

    @Test
    void should_leave_out_disabled_features_and_give_the_same_weights_for_the_same_rows() {
        List<double[]> rows = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        sample(rows, labels, 500, 11);

        LinearModel without = LogisticRegression.fit(NAMES, rows, labels, null, 1.0, Set.of("signal"));
        LinearModel a = LogisticRegression.fit(NAMES, rows, labels, null, 1.0, Set.of());
        LinearModel b = LogisticRegression.fit(NAMES, rows, labels, null, 1.0, Set.of());

        assertThat(without.weightOf("signal")).isZero();
        assertThat(a.weights()).containsExactly(b.weights());
        assertThat(a.bias()).isEqualTo(b.bias());
    }

    @Test
    void should_shrink_weights_as_the_penalty_grows() {
        List<double[]> rows = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        sample(rows, labels, 300, 3);

        double weak = LogisticRegression.fit(NAMES, rows, labels, null, 0.1, Set.of()).weightOf("signal");
        double strong = LogisticRegression.fit(NAMES, rows, labels, null, 1000, Set.of()).weightOf("signal");

        assertThat(strong).isPositive().isLessThan(weak / 2);
    }
}
