package org.policybot.bot.answer;

import java.util.List;
import org.policybot.retrieval.ingest.Passage;

/**
 * Sentences chosen to answer, in reading order, each with the passage it is quoted from,
 * and the outcome: answered, related (the sentences are the closest the articles hold),
 * clarify (a question back, with {@code options}) or declined (and why).
 *
 * @param prefix text shown before the sentences (a summary's title line), may be empty; a clarify
 *               composition has none: its question is worded from {@code options} when it becomes an answer
 */
record Composition(String prefix, List<Piece> pieces, Answer.Outcome outcome, String reason, double confidence,
                   List<String> options) {

    Composition {
        pieces = List.copyOf(pieces);
        options = options == null ? List.of() : List.copyOf(options);
    }

    /** An answer (not declined) of these sentences. */
    Composition(String prefix, List<Piece> pieces, boolean declined, String reason, double confidence) {
        this(prefix, pieces, declined ? Answer.Outcome.DECLINED : Answer.Outcome.ANSWERED, reason, confidence, List.of());
    }

    boolean declined() {
        return outcome == Answer.Outcome.DECLINED;
    }

    /**
     * A sentence and its source. {@code label} is shown before it (a section heading), may be
     * empty; {@code index} is the sentence's position in the passage (consecutive sentences
     * share a quote); {@code quote} is the part of the sentence found verbatim in the file.
     */
    record Piece(String label, String sentence, Passage passage, int index, String quote) {
    }

    static Composition decline(String reason, double confidence) {
        return new Composition("", List.of(), Answer.Outcome.DECLINED, reason, confidence, List.of());
    }
}
