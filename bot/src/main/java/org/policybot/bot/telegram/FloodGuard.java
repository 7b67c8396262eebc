package org.policybot.bot.telegram;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.policybot.bot.messages.Messages;
import org.policybot.bot.ratelimit.RateLimiter;

/**
 * The shared per-user rate limit, told to the user once per flood: the first message over
 * the limit gets a polite notice, the rest of the flood is dropped silently.
 */
final class FloodGuard {

    enum Kind { ALLOW, NOTIFY, DROP }

    record Verdict(Kind kind, long retryAfterSeconds) {
    }

    private final RateLimiter limiter;
    private final Map<String, Boolean> noticed = new ConcurrentHashMap<>();

    FloodGuard(RateLimiter limiter) {
        this.limiter = limiter;
    }

    Verdict check(String user) {
        RateLimiter.Decision d = limiter.tryAcquire(user);
        if (d.allowed()) {
            noticed.remove(user);
            return new Verdict(Kind.ALLOW, 0);
        }
        boolean first = noticed.putIfAbsent(user, Boolean.TRUE) == null;
        return new Verdict(first ? Kind.NOTIFY : Kind.DROP, d.retryAfterSeconds());
    }

    /** What a flooding user is told once: how long to wait. */
    static String notice(Messages messages, long retryAfterSeconds) {
        return messages.text("telegram.flood", Math.max(1, retryAfterSeconds));
    }
}
