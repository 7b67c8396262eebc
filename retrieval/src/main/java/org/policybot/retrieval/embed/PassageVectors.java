package org.policybot.retrieval.embed;

/**
 * The vectors of one passage: the whole passage (with its title), and each of its sentences
 * (with title and section) in {@link org.policybot.retrieval.ingest.Passage#sentences()} order;
 * a sentence too short to embed has a null vector.
 */
public record PassageVectors(float[] passage, float[][] sentences) {

    /** Cosine of two unit vectors (the model's vectors are unit length); 0 when either is missing. */
    public static double cosine(float[] a, float[] b) {
        if (a == null || b == null || a.length != b.length) {
            return 0;
        }
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    /** Cosine of the query with sentence {@code i}; 0 when that sentence has no vector. */
    public double sentenceCosine(float[] query, int i) {
        return i >= 0 && i < sentences.length ? cosine(query, sentences[i]) : 0;
    }
}
