package org.policybot.retrieval.rank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListwiseRegressionTest {

    private static final List<String> NAMES = List.of("relevance", "level", "noise");

    /**
     * Questions of ten candidates each, one relevant: it has the highest "relevance" among its
     * question's candidates, while "level" shifts all candidates of a question alike (as a corpus
     * puts scores at its own level) and says nothing about which one is relevant.
     */
    private static void sample(List<List<double[]>> groups, List<boolean[]> labels, int questions, long seed) {
        Random r = new Random(seed);
        for (int q = 0; q < questions; q++) {
            double level = r.nextGaussian() * 3;
            List<double[]> g = new ArrayList<>();
            boolean[] y = new boolean[10];
            int relevant = r.nextInt(10);
            for (int i = 0; i < 10; i++) {
                double rel = r.nextGaussian() + (i == relevant ? 2.5 : 0);
                g.add(new double[] {rel, level, r.nextGaussian()});
                y[i] = i == relevant;
            }
            groups.add(g);
            labels.add(y);
        }
    }

    @Test
    void should_learn_what_ranks_the_relevant_candidate_first_and_ignore_what_shifts_a_whole_question() {
        List<List<double[]>> groups = new ArrayList<>();
        List<boolean[]> labels = new ArrayList<>();
        sample(groups, labels, 400, 5);

        LinearModel m = ListwiseRegression.fit(NAMES, groups, labels, 1.0, Set.of());

        assertThat(m.weightOf("relevance")).isGreaterThan(1.0);
        assertThat(Math.abs(m.weightOf("level"))).isLessThan(1e-6);
        assertThat(Math.abs(m.weightOf("noise"))).isLessThan(0.2);

        List<List<double[]>> test = new ArrayList<>();
        List<boolean[]> truth = new ArrayList<>();
        sample(test, truth, 200, 9);
        int first = 0;
        for (int q = 0; q < test.size(); q++) {
            double[] scores = test.get(q).stream().mapToDouble(m::logit).toArray();
            int best = 0;
            for (int i = 1; i < scores.length; i++) {
                best = scores[i] > scores[best] ? i : best;
            }
            first += truth.get(q)[best] ? 1 : 0;
        }
        assertThat(first / 200.0).isGreaterThan(0.6);
    }

    @Test
    void should_give_probabilities_that_sum_to_one_over_a_question() {
        double[] p = ListwiseRegression.softmax(new double[] {2, 1, 0, -50});

        assertThat(p[0] + p[1] + p[2] + p[3]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(p[0]).isGreaterThan(p[1]).isGreaterThan(p[2]);
        assertThat(p[3]).isLessThan(1e-20);
    }
}
