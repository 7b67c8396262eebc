package org.policybot.bot.answer;

import java.util.List;
import java.util.Objects;

/**
 * What the bot says to a question: the text with citation markers ("[1]"), the numbered
 * citations, whether the articles do not cover the question (declined), and who wrote it.
 *
 * @param confidence 0 to 1: how well the cited sentences cover the question (for
 *                   staff reports of weak answers; not shown to citizens)
 */
public record Answer(String question, String text, List<Citation> citations, boolean declined, Mode mode,
                     double confidence) {

    /** Who composed the answer. */
    public enum Mode {
        EXTRACTIVE, LLM;

        /** The value used in JSON ("extractive", "llm"). */
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Answer {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(mode, "mode");
        citations = List.copyOf(citations);
        question = question == null ? "" : question;
    }

    /**
     * The standard answer when the articles do not cover a question: says so and names the
     * 12333 hotline. {@code mode} tells who decided (the extractive composer or the model).
     */
    public static Answer declined(String question, Mode mode, double confidence) {
        return new Answer(question, Answers.DECLINE_TEXT, List.of(), true, mode, confidence);
    }
}
