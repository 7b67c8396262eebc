package org.policybot.bot.answer;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the bot says to a question: the text with citation markers ("[1]"), the numbered
 * citations, the outcome (answered, related, clarify, declined), and who wrote it.
 *
 * @param confidence 0 to 1: the calibrated probability that the answer is right
 * @param options    for {@link Outcome#CLARIFY}: the choices the question must pick from
 */
public record Answer(String question, String text, List<Citation> citations, Outcome outcome, Mode mode,
                     double confidence, List<String> options) {

    /** Who composed the answer. */
    public enum Mode {
        EXTRACTIVE, LLM;

        /** The value used in JSON ("extractive", "llm"). */
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * How the articles cover the question: they answer it; they hold only related sentences
     * (shown as such, with the 12333 hint); the answer depends on something the question does
     * not say (a region, a period); or nothing relevant.
     */
    public enum Outcome {
        ANSWERED, RELATED, CLARIFY, DECLINED;

        /** The value used in JSON ("answered", "related", "clarify", "declined"). */
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Outcome fromJson(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    /** Ends the text of every answer a language model wrote, as bundled (a deployment may reword it: {@link AnswerTexts}). */
    public static final String AI_LABEL = AnswerTexts.BUNDLED.aiLabel();

    /** Before the sentences of a related answer, as bundled: the articles do not state what was asked. */
    public static final String RELATED_PREFIX = AnswerTexts.BUNDLED.relatedPrefix();
    /** After them, as bundled: where to get a definite answer. */
    public static final String RELATED_HINT = AnswerTexts.BUNDLED.relatedHint();

    public Answer {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(outcome, "outcome");
        citations = List.copyOf(citations);
        options = options == null ? List.of() : List.copyOf(options);
        question = question == null ? "" : question;
    }

    /** An answered or declined answer (the two outcomes of replies that are not about the articles' coverage). */
    public Answer(String question, String text, List<Citation> citations, boolean declined, Mode mode, double confidence) {
        this(question, text, citations, declined ? Outcome.DECLINED : Outcome.ANSWERED, mode, confidence, List.of());
    }

    /** True exactly when the outcome is {@link Outcome#DECLINED} (kept for older clients). */
    public boolean declined() {
        return outcome == Outcome.DECLINED;
    }

    /** This answer with another outcome. */
    public Answer withOutcome(Outcome o) {
        return new Answer(question, text, citations, o, mode, confidence, options);
    }
}
