package org.policybot.bot.answer;

import org.policybot.bot.messages.Messages;

/**
 * The fixed texts of answers (the {@code answer.*} keys of the messages bundle): the decline
 * with its 12333 hint, the framing of a related answer, the language model's label, the
 * replies to an empty question, a greeting or thanks, and the questions back. Built from the
 * deployment's {@link Messages}, so rewording them needs no build.
 */
public record AnswerTexts(String decline, String relatedPrefix, String relatedHint, String aiLabel, String empty,
                          String whichArticle, String clarify, String greeting, String thanks) {

    /** The bundled wording (what a deployment gets unless its messages file rewords it). */
    public static final AnswerTexts BUNDLED = from(Messages.bundled());

    public static AnswerTexts from(Messages m) {
        return new AnswerTexts(m.text("answer.decline"), m.text("answer.related-prefix"), m.text("answer.related-hint"),
                m.text("answer.ai-label"), m.text("answer.empty"), m.text("answer.which-article"), m.text("answer.clarify"),
                m.text("answer.greeting"), m.text("answer.thanks"));
    }

    /** The standard answer when the articles do not cover a question; {@code mode} tells who decided. */
    public Answer declined(String question, Answer.Mode mode, double confidence) {
        return new Answer(question, decline, java.util.List.of(), true, mode, confidence);
    }
}
