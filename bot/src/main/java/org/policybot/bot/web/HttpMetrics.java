package org.policybot.bot.web;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Request counts and latency per route ({@code policybot_http_requests_seconds{method,route,status}},
 * labelled by the route pattern and the standard methods only, so ids in paths and made-up
 * methods do not multiply series), the answer pool's load, JVM memory and threads, and the
 * Prometheus text for {@code GET /metrics}.
 */
final class HttpMetrics {

    private static final Set<String> LABELLED_METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

    private final MeterRegistry registry;

    HttpMetrics(MeterRegistry registry, ExecutorService answerPool) {
        this.registry = registry;
        if (answerPool instanceof ThreadPoolExecutor pool) {
            Gauge.builder("policybot.answer.pool.active", pool, ThreadPoolExecutor::getActiveCount)
                    .description("answers being composed").register(registry);
            Gauge.builder("policybot.answer.pool.queued", pool, p -> p.getQueue().size())
                    .description("answers waiting for a thread").register(registry);
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Called by Javalin's request logger once the response is complete (async ones too). */
    void record(Context ctx, Float millis) {
        var endpoint = ctx.endpoints().matchedHttpEndpoint();
        String route = endpoint == null ? "unmatched" : endpoint.path;
        Timer.builder("policybot.http.requests")
                .description("HTTP requests by route")
                .tag("method", methodLabel(ctx.method().name()))
                .tag("route", route)
                .tag("status", Integer.toString(ctx.statusCode()))
                .publishPercentiles(0.5, 0.99)
                .register(registry)
                .record(Duration.ofNanos((long) (millis * 1_000_000)));
    }

    /**
     * The method as a label: the standard ones by name, any other token (Javalin accepts
     * whatever the request line says) as "OTHER", so callers cannot create series at will.
     */
    static String methodLabel(String method) {
        return LABELLED_METHODS.contains(method) ? method : "OTHER";
    }

    /** Prometheus text format, or a note when the registry is not a Prometheus one. */
    void scrape(Context ctx) {
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(prometheus.scrape());
        } else {
            JsonResponses.error(ctx, 501, "指标未启用");
        }
    }
}
