package org.policybot.bot.llm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * What operators watch on the model path, registered once so every series shows (at zero)
 * from start-up. Prometheus names: {@code policybot_llm_fallbacks_total{reason}},
 * {@code policybot_llm_answers_total{outcome}}, {@code policybot_llm_removed_citations_total},
 * {@code policybot_llm_unsupported_figures_total}, {@code policybot_llm_request_seconds}.
 */
final class LlmMetrics {

    /** Why the extractive answer was given instead of the model's. */
    enum Fallback {
        TIMEOUT, HTTP_ERROR, EMPTY, NO_VALID_CITATION, ERROR;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Fallback, Counter> fallbacks = new EnumMap<>(Fallback.class);
    private final Counter answered;
    private final Counter refused;
    private final Counter removedCitations;
    private final Counter unsupportedFigures;
    private final Timer requests;

    LlmMetrics(MeterRegistry registry) {
        for (Fallback f : Fallback.values()) {
            fallbacks.put(f, Counter.builder("policybot_llm_fallbacks").tag("reason", f.tag())
                    .description("Questions answered extractively because the model's answer could not be used")
                    .register(registry));
        }
        answered = Counter.builder("policybot_llm_answers").tag("outcome", "answered")
                .description("Answers written by the model").register(registry);
        refused = Counter.builder("policybot_llm_answers").tag("outcome", "refused")
                .description("Answers written by the model").register(registry);
        removedCitations = Counter.builder("policybot_llm_removed_citations")
                .description("Citation markers removed because they pointed to no usable passage").register(registry);
        unsupportedFigures = Counter.builder("policybot_llm_unsupported_figures")
                .description("Figures in model answers that no cited passage states (flagged in the text)").register(registry);
        requests = Timer.builder("policybot_llm_request")
                .description("Time the model took to answer (including failures)").register(registry);
    }

    void fallback(Fallback reason) {
        fallbacks.get(reason).increment();
    }

    void answered(int removed, int unsupported) {
        answered.increment();
        removedCitations.increment(removed);
        unsupportedFigures.increment(unsupported);
    }

    void refused() {
        refused.increment();
    }

    Timer requests() {
        return requests;
    }
}
