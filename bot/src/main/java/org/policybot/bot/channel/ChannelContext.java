package org.policybot.bot.channel;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.policybot.bot.answer.AnswerService;
import org.policybot.bot.answer.ObservedAnswerService;
import org.policybot.bot.answer.QuestionRecorder;
import org.policybot.bot.messages.Messages;
import org.policybot.bot.metrics.AnswerMetrics;
import org.policybot.bot.ratelimit.RateLimiter;
import org.policybot.bot.store.ConversationStore;
import org.policybot.bot.store.Sql;
import org.policybot.bot.store.QuestionLog;
import org.policybot.config.Settings;
import org.policybot.retrieval.search.PassageSearcher;

/**
 * What every channel may use, built once by {@code App}: settings, the database (as {@link Sql}), the
 * answer service (observed under the channel's name by {@link #answersFor}),
 * the searcher, the shared per-user rate limiter, the bounded answer pool, metrics, clock,
 * and the texts users read (with the example questions).
 * {@link #answersFor(String)} gives a channel the answer service that records and counts.
 */
public record ChannelContext(
        Settings settings,
        Sql database,
        AnswerService answers,
        PassageSearcher searcher,
        QuestionLog questionLog,
        ConversationStore conversations,
        RateLimiter rateLimiter,
        ExecutorService answerPool,
        MeterRegistry metrics,
        Clock clock,
        Messages messages) {

    /** The answer service that records questions (masked) and counts answers under this channel's name. */
    public AnswerService answersFor(String channel) {
        return answersFor(channel, answers);
    }

    /** The same around another answer service (such as a cache in front of the shared one). */
    public AnswerService answersFor(String channel, AnswerService inner) {
        AnswerMetrics counted = new AnswerMetrics(metrics);
        return new ObservedAnswerService(inner, channel, List.of(new QuestionRecorder(questionLog),
                (name, question, answer, took) -> counted.answered(name, answer, took)));
    }
}
