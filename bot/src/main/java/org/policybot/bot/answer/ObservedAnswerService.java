package org.policybot.bot.answer;

import java.time.Duration;
import java.util.List;

/**
 * A channel's view of an answer service: every answer is timed and handed, with the
 * channel's name, to each observer in turn (question log, metrics). The one decorator
 * around the shared service; a cache, when a channel has one, sits inside it.
 */
public final class ObservedAnswerService implements AnswerService {

    private final AnswerService inner;
    private final String channel;
    private final List<AnswerObserver> observers;

    public ObservedAnswerService(AnswerService inner, String channel, List<AnswerObserver> observers) {
        this.inner = inner;
        this.channel = channel;
        this.observers = List.copyOf(observers);
    }

    @Override
    public Answer answer(Question question) {
        long start = System.nanoTime();
        Answer a = inner.answer(question);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        for (AnswerObserver o : observers) {
            o.answered(channel, question, a, took);
        }
        return a;
    }

    @Override
    public Answer summarize(String topic) {
        return inner.summarize(topic);
    }
}
