package org.policybot.bot.train;

import java.util.List;
import java.util.TreeSet;

/**
 * The answerability thresholds, chosen on out-of-fold probabilities: the answer threshold
 * answers as many questions right as it can while the share answered wrongly (negatives
 * answered, or answers without the key fact) stays within a budget, since a confident wrong
 * answer is the worst outcome; the related threshold below it shows the closest sentences
 * where that shows more key facts than it shows off-topic questions something.
 */
record Thresholds(double answer, double related) {

    /** No answer is confident (fitting does not need thresholds). */
    static final Thresholds NONE = new Thresholds(1, 1);

    /** The share of questions that may be answered wrongly, on the folds thresholds are chosen on. */
    static final double WRONG_BUDGET = 0.05;

    static Thresholds choose(List<Trainer.Prediction> predictions, double wrongBudget) {
        if (predictions.isEmpty()) {
            return NONE;
        }
        TreeSet<Double> values = new TreeSet<>();
        predictions.forEach(p -> values.add(p.probability()));
        int n = predictions.size();
        double bestAnswer = 1;
        int bestRight = -1;
        for (double t : values.descendingSet()) {
            int right = 0;
            int wrong = 0;
            for (Trainer.Prediction p : predictions) {
                if (p.probability() >= t) {
                    if (p.correct()) {
                        right++;
                    } else {
                        wrong++;
                    }
                }
            }
            if ((double) wrong / n <= wrongBudget && right > bestRight) {
                bestRight = right;
                bestAnswer = between(t, values.lower(t));
            }
        }
        double bestRelated = bestAnswer;
        int bestGain = 0;
        for (double t : values.headSet(bestAnswer, false).descendingSet()) {
            int gain = 0;
            for (Trainer.Prediction p : predictions) {
                if (p.probability() >= t && p.probability() < bestAnswer) {
                    if (p.example().item().answerable()) {
                        gain += p.relatedShowsKeyFact() ? 1 : 0;
                    } else if (p.example().item().offTopic()) {
                        gain--;
                    }
                }
            }
            if (gain > bestGain) {
                bestGain = gain;
                bestRelated = between(t, values.lower(t));
            }
        }
        return new Thresholds(bestAnswer, Math.min(bestRelated, bestAnswer));
    }

    /** Halfway to the next lower value seen, so a threshold does not sit exactly on one question. */
    private static double between(double t, Double lower) {
        return lower == null ? t : (t + lower) / 2;
    }
}
