package org.policybot.retrieval.embed;

/**
 * The vectors of one passage: the whole passage (with its title), and each of its sentences
 * (with title and section) in {@link org.policybot.retrieval.ingest.Passage#sentences()} order;
 * a sentence too short to embed has a null vector. Kept in 16 bits a value ({@link Q15}):
 * a corpus of 100,000 passages has half a million of them.
 */
public record PassageVectors(short[] passage, short[][] sentences) {

    /** Cosine of the query with sentence {@code i}; 0 when that sentence has no vector. */
    public double sentenceCosine(float[] query, int i) {
        return i >= 0 && i < sentences.length ? Q15.dot(query, sentences[i]) : 0;
    }

    /** How many sentences the passage has (those too short to embed included). */
    public int sentenceCount() {
        return sentences.length;
    }
}
