package org.policybot.bench;

import java.util.ArrayList;
import java.util.List;
import org.policybot.retrieval.embed.Embedder;

/**
 * For the distractor corpus only: real BGE query vectors (their cost is part of a search),
 * but synthetic passage vectors (hash-seeded, unit length), because embedding 100,000
 * poems with the model would take the better part of an hour. Search latency depends on
 * the vector index, not on what the vectors mean; result quality is not measured here.
 */
final class SyntheticPassageEmbedder implements Embedder {

    private final Embedder model;

    SyntheticPassageEmbedder(Embedder model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "synthetic-passages";
    }

    @Override
    public int dimensions() {
        return model.dimensions();
    }

    @Override
    public List<float[]> embedPassages(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            java.util.Random random = new java.util.Random(t.hashCode());
            float[] v = new float[dimensions()];
            double norm = 0;
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian();
                norm += v[i] * v[i];
            }
            for (int i = 0; i < v.length; i++) {
                v[i] /= (float) Math.sqrt(norm);
            }
            out.add(v);
        }
        return out;
    }

    @Override
    public float[] embedQuery(String query) {
        return model.embedQuery(query);
    }
}
