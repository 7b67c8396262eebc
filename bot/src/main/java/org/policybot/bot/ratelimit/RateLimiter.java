package org.policybot.bot.ratelimit;

import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Per-user token buckets, shared by every channel so a user cannot flood one channel by
 * using another: {@code burst} requests at once, refilled at {@code perMinute}.
 *
 * <p>Callers name the user (an HTTP caller may send any {@code user}), so the number of
 * buckets is capped: a new user past the cap takes the place of the least recently seen
 * one. NOTE: that user starts afresh if it comes back; with a cap far above the number of
 * people active within a refill period, only made-up names are forgotten.
 */
public final class RateLimiter {

    /** Buckets kept at most by default: a few megabytes. */
    public static final int MAX_TRACKED = 100_000;

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
    private final int maxTracked;
    /** In access order: the least recently seen user first. Guarded by {@code this}. */
    private final LinkedHashMap<String, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true);

    public RateLimiter(Clock clock, int perMinute, int burst) {
        this(clock, perMinute, burst, MAX_TRACKED);
    }

    RateLimiter(Clock clock, int perMinute, int burst, int maxTracked) {
        if (perMinute < 1 || burst < 1 || maxTracked < 1) {
            throw new IllegalArgumentException("perMinute, burst and maxTracked must be positive");
        }
        this.clock = clock;
        this.perMilli = perMinute / 60_000.0;
        this.burst = burst;
        this.maxTracked = maxTracked;
    }

    /** Takes one token from the user's bucket if it has one. */
    public synchronized Decision tryAcquire(String user) {
        long now = clock.millis();
        Bucket b = buckets.get(user);
        if (b == null) {
            if (buckets.size() >= maxTracked) {
                Iterator<Bucket> eldest = buckets.values().iterator();
                eldest.next();
                eldest.remove();
            }
            b = new Bucket(burst, now);
            buckets.put(user, b);
        }
        b.tokens = Math.min(burst, b.tokens + (now - b.updated) * perMilli);
        b.updated = now;
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return new Decision(true, 0);
        }
        long wait = (long) Math.ceil((1 - b.tokens) / perMilli / 1000.0);
        return new Decision(false, Math.max(1, wait));
    }

    /** Drops buckets that are full again (idle users), to bound memory. */
    public synchronized void evictIdle() {
        long now = clock.millis();
        buckets.values().removeIf(b -> b.tokens + (now - b.updated) * perMilli >= burst);
    }

    public synchronized int trackedUsers() {
        return buckets.size();
    }
}
