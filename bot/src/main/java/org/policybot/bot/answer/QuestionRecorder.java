package org.policybot.bot.answer;

import java.time.Duration;
import org.policybot.bot.privacy.Masking;
import org.policybot.bot.store.QuestionLog;

/**
 * Records every question (masked) and its outcome in the question log: an observer of each
 * channel's answers ({@link ObservedAnswerService}), under the channel's name.
 */
public final class QuestionRecorder implements AnswerObserver {

    /** Answers below this confidence are reported to staff as weak. */
    static final double LOW_CONFIDENCE = 0.5;

    private final QuestionLog log;

    public QuestionRecorder(QuestionLog log) {
        this.log = log;
    }

    @Override
    public void answered(String channel, Question question, Answer a, Duration took) {
        QuestionLog.Outcome outcome = switch (a.outcome()) {
            case DECLINED -> QuestionLog.Outcome.DECLINED;
            case RELATED -> QuestionLog.Outcome.RELATED;
            case CLARIFY -> QuestionLog.Outcome.CLARIFY;
            case ANSWERED -> a.confidence() < LOW_CONFIDENCE ? QuestionLog.Outcome.LOW_CONFIDENCE : QuestionLog.Outcome.ANSWERED;
        };
        if (!question.text().isBlank()) {
            log.record(channel, Masking.mask(question.text().strip()), outcome, a.confidence(), a.mode().json());
        }
    }
}
