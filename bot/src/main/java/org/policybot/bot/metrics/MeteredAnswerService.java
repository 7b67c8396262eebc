package org.policybot.bot.metrics;

import java.time.Duration;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.AnswerService;
import org.policybot.bot.answer.Question;

/** Counts every answer of a channel in {@link AnswerMetrics}, around any answer service. */
public final class MeteredAnswerService implements AnswerService {

    private final AnswerService inner;
    private final AnswerMetrics metrics;
    private final String channel;

    public MeteredAnswerService(AnswerService inner, AnswerMetrics metrics, String channel) {
        this.inner = inner;
        this.metrics = metrics;
        this.channel = channel;
    }

    @Override
    public Answer answer(Question question) {
        long start = System.nanoTime();
        Answer a = inner.answer(question);
        metrics.answered(channel, a, Duration.ofNanos(System.nanoTime() - start));
        return a;
    }

    @Override
    public Answer summarize(String topic) {
        return inner.summarize(topic);
    }
}
