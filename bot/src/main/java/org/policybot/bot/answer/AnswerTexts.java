package org.policybot.bot.answer;

import org.policybot.bot.messages.Messages;
import org.policybot.retrieval.ingest.Validity;

/**
 * The fixed texts of answers (the {@code answer.*} keys of the messages bundle): the decline
 * with its 12333 hint, the framing of a related answer, the language model's label, the
 * replies to an empty question, a greeting or thanks, the questions back, and the notes on a
 * cited document that is not in force ({@link Validity}, patterns with values). Built from the
 * deployment's {@link Messages}, so rewording them needs no build.
 */
public record AnswerTexts(String decline, String relatedPrefix, String relatedHint, String aiLabel, String empty,
                          String whichArticle, String clarify, String greeting, String thanks, ValidityNotes validity) {

    /**
     * The patterns of the notes on a cited document not in force: {@code {0}} its citation
     * number, {@code {1}} the day (worded by {@code date}: {@code {0}} year, {@code {1}} month,
     * {@code {2}} day) or the replacement's title, {@code {2}} the citation number of the
     * document in force (the {@code …Current} forms, used when it is cited too).
     */
    public record ValidityNotes(String expired, String expiredCurrent, String superseded, String supersededCurrent,
                                String notYetInForce, String date) {
    }

    /** The bundled wording (what a deployment gets unless its messages file rewords it). */
    public static final AnswerTexts BUNDLED = from(Messages.bundled());

    public static AnswerTexts from(Messages m) {
        return new AnswerTexts(m.text("answer.decline"), m.text("answer.related-prefix"), m.text("answer.related-hint"),
                m.text("answer.ai-label"), m.text("answer.empty"), m.text("answer.which-article"), m.text("answer.clarify"),
                m.text("answer.greeting"), m.text("answer.thanks"),
                new ValidityNotes(m.text("answer.validity.expired"), m.text("answer.validity.expired-current"),
                        m.text("answer.validity.superseded"), m.text("answer.validity.superseded-current"),
                        m.text("answer.validity.not-yet"), m.text("answer.validity.date")));
    }

    /**
     * The note on the document cited as {@code [n]}, not in force for the reason {@code status}
     * gives; {@code current} is the citation number of the document in force instead, or null.
     */
    String validityNote(int n, Validity.Status status, Integer current) {
        String day = status.date().map(d -> Messages.format(validity.date(), d.getYear(), d.getMonthValue(), d.getDayOfMonth())).orElse("");
        return switch (status.kind()) {
            case EXPIRED -> current == null ? Messages.format(validity.expired(), n, day)
                    : Messages.format(validity.expiredCurrent(), n, day, current);
            case SUPERSEDED -> current == null ? Messages.format(validity.superseded(), n, status.by())
                    : Messages.format(validity.supersededCurrent(), n, status.by(), current);
            case NOT_YET_IN_FORCE -> Messages.format(validity.notYetInForce(), n, day);
            case IN_FORCE -> "";
        };
    }

    /** The standard answer when the articles do not cover a question; {@code mode} tells who decided. */
    public Answer declined(String question, Answer.Mode mode, double confidence) {
        return new Answer(question, decline, java.util.List.of(), true, mode, confidence);
    }
}
