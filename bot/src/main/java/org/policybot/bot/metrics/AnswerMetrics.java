package org.policybot.bot.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.policybot.bot.answer.Answer;

/**
 * The meters that tell how answering goes, whatever the channel: answers by mode,
 * declines, citations per answer, time to answer, and fallbacks from the language model.
 * Names as Prometheus shows them: {@code policybot_answers_total{channel,mode}},
 * {@code policybot_answer_declines_total{channel}}, {@code policybot_answer_citations_*{channel}},
 * {@code policybot_answer_seconds_*{channel}}, {@code policybot_llm_fallbacks_total{reason}}.
 */
public final class AnswerMetrics {

    /**
     * Counter the language-model answerer increments with a {@code reason} tag whenever it
     * falls back to the extractive answer. NOTE: Prometheus needs every meter of one name to
     * have the same tag keys, so it is pre-registered with {@code reason="none"}, never untagged
     * (an untagged one would make every later tagged increment a silent no-op).
     */
    public static final String LLM_FALLBACKS = "policybot_llm_fallbacks";

    private final MeterRegistry registry;

    public AnswerMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.counter(LLM_FALLBACKS, "reason", "none");
    }

    /** Counts one answer given on a channel and how long it took. */
    public void answered(String channel, Answer answer, Duration took) {
        registry.counter("policybot.answers", "channel", channel, "mode", answer.mode().json()).increment();
        if (answer.declined()) {
            registry.counter("policybot.answer.declines", "channel", channel).increment();
        }
        DistributionSummary.builder("policybot.answer.citations")
                .description("citations per answer")
                .tag("channel", channel)
                .register(registry)
                .record(answer.citations().size());
        Timer.builder("policybot.answer")
                .description("time to compose an answer")
                .tag("channel", channel)
                .register(registry)
                .record(took);
    }
}
