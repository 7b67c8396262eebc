package org.policybot.retrieval.embed;

import java.util.List;

/**
 * Turns text into unit-length vectors for dense retrieval. An I/O seam: the in-process
 * BGE model in production, a fake in tests that must not load a model.
 */
public interface Embedder {

    /** A short name that identifies the model (used to key the vector cache). */
    String name();

    int dimensions();

    /** Vectors for passages, in order. */
    List<float[]> embedPassages(List<String> texts);

    /** Vector for a search query. */
    float[] embedQuery(String query);
}
