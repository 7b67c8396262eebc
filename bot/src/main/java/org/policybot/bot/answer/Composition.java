package org.policybot.bot.answer;

import java.util.List;
import org.policybot.retrieval.ingest.Passage;

/**
 * Sentences chosen to answer, in reading order, each with the passage it is quoted from;
 * or a decision to decline and why.
 *
 * @param prefix text shown before the sentences (a summary's title line), may be empty
 */
record Composition(String prefix, List<Piece> pieces, boolean declined, String reason, double confidence) {

    /**
     * A sentence and its source. {@code label} is shown before it (a section heading), may be
     * empty; {@code index} is the sentence's position in the passage (consecutive sentences
     * share a quote); {@code quote} is the part of the sentence found verbatim in the file.
     */
    record Piece(String label, String sentence, Passage passage, int index, String quote) {
    }

    static Composition decline(String reason, double confidence) {
        return new Composition("", List.of(), true, reason, confidence);
    }
}
