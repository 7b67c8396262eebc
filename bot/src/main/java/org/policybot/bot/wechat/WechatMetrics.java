package org.policybot.bot.wechat;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * Counters an operator watches for the WeChat channel: messages by kind, refused requests
 * by status, retries de-duplicated, and how answers reached users (passive reply,
 * customer-service API, kept for the next message, deferred past the time budget).
 */
final class WechatMetrics {

    private final MeterRegistry registry;

    WechatMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void message(WechatMessage.Kind kind) {
        registry.counter("policybot.wechat.messages", "kind", kind.name().toLowerCase(Locale.ROOT)).increment();
    }

    void refused(int status) {
        registry.counter("policybot.wechat.refused", "status", Integer.toString(status)).increment();
    }

    void retry() {
        registry.counter("policybot.wechat.retries").increment();
    }

    void reply(String way) {
        registry.counter("policybot.wechat.replies", "way", way).increment();
    }
}
