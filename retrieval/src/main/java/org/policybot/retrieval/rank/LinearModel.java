package org.policybot.retrieval.rank;

import java.util.List;
import java.util.Objects;

/**
 * A fitted logistic model over named features: each feature is standardised with the mean
 * and scale of the data it was fitted on, then weighted. {@link #logit} ranks, {@link
 * #probability} is the calibrated probability. Features the model was fitted without (an
 * ablation, or the vector features when vectors are off) have weight 0.
 *
 * @param features the feature names, in the order of the vectors it scores
 */
public record LinearModel(List<String> features, double[] mean, double[] scale, double[] weights, double bias) {

    public LinearModel {
        features = List.copyOf(features);
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(weights, "weights");
        if (mean.length != features.size() || scale.length != features.size() || weights.length != features.size()) {
            throw new IllegalArgumentException("a model needs one mean, scale and weight per feature");
        }
        for (double s : scale) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("feature scales must be positive");
            }
        }
    }

    public double logit(double[] x) {
        if (x.length != weights.length) {
            throw new IllegalArgumentException("expected " + weights.length + " features, got " + x.length);
        }
        double z = bias;
        for (int i = 0; i < x.length; i++) {
            if (weights[i] != 0) {
                z += weights[i] * (x[i] - mean[i]) / scale[i];
            }
        }
        return z;
    }

    public double probability(double[] x) {
        return sigmoid(logit(x));
    }

    public static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** The weight of a feature on its standardised scale (0 when unknown), for reports. */
    public double weightOf(String feature) {
        int i = features.indexOf(feature);
        return i < 0 ? 0 : weights[i];
    }
}
