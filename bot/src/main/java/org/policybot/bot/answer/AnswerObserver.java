package org.policybot.bot.answer;

import java.time.Duration;

/** Told of every answer a channel gives: the question log, the metrics. */
@FunctionalInterface
public interface AnswerObserver {

    void answered(String channel, Question question, Answer answer, Duration took);
}
