package org.policybot.bot.answer;

import org.policybot.bot.privacy.Masking;
import org.policybot.bot.store.QuestionLog;

/**
 * Records every question (masked) and its outcome in the question log, around any answer
 * service. Each channel wraps the shared service with its own channel name.
 */
public final class RecordingAnswerService implements AnswerService {

    /** Answers below this confidence are reported to staff as weak. */
    static final double LOW_CONFIDENCE = 0.5;

    private final AnswerService inner;
    private final QuestionLog log;
    private final String channel;

    public RecordingAnswerService(AnswerService inner, QuestionLog log, String channel) {
        this.inner = inner;
        this.log = log;
        this.channel = channel;
    }

    @Override
    public Answer answer(Question question) {
        Answer a = inner.answer(question);
        QuestionLog.Outcome outcome = switch (a.outcome()) {
            case DECLINED -> QuestionLog.Outcome.DECLINED;
            case RELATED -> QuestionLog.Outcome.RELATED;
            case CLARIFY -> QuestionLog.Outcome.CLARIFY;
            case ANSWERED -> a.confidence() < LOW_CONFIDENCE ? QuestionLog.Outcome.LOW_CONFIDENCE : QuestionLog.Outcome.ANSWERED;
        };
        if (!question.text().isBlank()) {
            log.record(channel, Masking.mask(question.text().strip()), outcome, a.confidence(), a.mode().json());
        }
        return a;
    }

    @Override
    public Answer summarize(String topic) {
        return inner.summarize(topic);
    }
}
