package org.policybot.bot.ratelimit;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-user token buckets, shared by every channel so a user cannot flood one channel by
 * using another: {@code burst} requests at once, refilled at {@code perMinute}.
 */
public final class RateLimiter {

    /** The outcome of one request: allowed, or how long to wait. */
    public record Decision(boolean allowed, long retryAfterSeconds) {
    }

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }

    private final Clock clock;
    private final double perMilli;
    private final int burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(Clock clock, int perMinute, int burst) {
        if (perMinute < 1 || burst < 1) {
            throw new IllegalArgumentException("perMinute and burst must be positive");
        }
        this.clock = clock;
        this.perMilli = perMinute / 60_000.0;
        this.burst = burst;
    }

    /** Takes one token from the user's bucket if it has one. */
    public Decision tryAcquire(String user) {
        long now = clock.millis();
        Bucket b = buckets.computeIfAbsent(user, u -> new Bucket(burst, now));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (now - b.updated) * perMilli);
            b.updated = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return new Decision(true, 0);
            }
            long wait = (long) Math.ceil((1 - b.tokens) / perMilli / 1000.0);
            return new Decision(false, Math.max(1, wait));
        }
    }

    /** Drops buckets that are full again (idle users), to bound memory. */
    public void evictIdle() {
        long now = clock.millis();
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().tokens + (now - e.getValue().updated) * perMilli >= burst;
            }
        });
    }

    public int trackedUsers() {
        return buckets.size();
    }
}
