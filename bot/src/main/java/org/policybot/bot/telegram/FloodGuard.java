package org.policybot.bot.telegram;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    static String notice(long retryAfterSeconds) {
        return "您发送得有点快，请稍等约 " + Math.max(1, retryAfterSeconds) + " 秒再提问。在此期间的消息不会被回答。";
    }
}
