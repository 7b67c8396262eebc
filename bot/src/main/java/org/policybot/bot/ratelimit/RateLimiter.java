package org.policybot.bot.ratelimit;

import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import org.policybot.bot.store.Sql;
import org.policybot.bot.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-user token buckets, shared by every channel so a user cannot flood one channel by
 * using another: {@code burst} requests at once, refilled at {@code perMinute}.
 *
 * <p>Callers name the user (an HTTP caller may send any {@code user}), so the number of
 * buckets is capped: a new user past the cap takes the place of the least recently seen
 * one. NOTE: that user starts afresh if it comes back; with a cap far above the number of
 * people active within a refill period, only made-up names are forgotten. On PostgreSQL the
 * buckets live in the database ({@link SharedBuckets}), so every replica counts a user's
 * requests together.
 */
public final class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

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
    /** The buckets in the database, or null when they are kept here only. */
    private final SharedBuckets shared;
    private final java.util.concurrent.atomic.AtomicBoolean sharedFailing = new java.util.concurrent.atomic.AtomicBoolean();

    public RateLimiter(Clock clock, int perMinute, int burst) {
        this(clock, perMinute, burst, MAX_TRACKED, null);
    }

    /**
     * Buckets in the database when it is PostgreSQL (shared by every replica on it); in this
     * process's memory with SQLite, which one process uses. While PostgreSQL cannot be reached
     * the buckets of this process's memory limit the requests it receives.
     */
    public RateLimiter(Clock clock, int perMinute, int burst, Sql database) {
        this(clock, perMinute, burst, MAX_TRACKED, database == null || database.isSqlite() ? null : new SharedBuckets(database));
    }

    RateLimiter(Clock clock, int perMinute, int burst, int maxTracked) {
        this(clock, perMinute, burst, maxTracked, null);
    }

    private RateLimiter(Clock clock, int perMinute, int burst, int maxTracked, SharedBuckets shared) {
        if (perMinute < 1 || burst < 1 || maxTracked < 1) {
            throw new IllegalArgumentException("perMinute, burst and maxTracked must be positive");
        }
        this.clock = clock;
        this.perMilli = perMinute / 60_000.0;
        this.burst = burst;
        this.maxTracked = maxTracked;
        this.shared = shared;
    }

    /** Whether the buckets are in the database, shared by the replicas on it. */
    public boolean shared() {
        return shared != null;
    }

    /** Takes one token from the user's bucket if it has one. */
    public Decision tryAcquire(String user) {
        if (shared != null) {
            try {
                Decision d = shared.tryAcquire(user, clock.millis(), perMilli, burst);
                if (sharedFailing.compareAndSet(true, false)) {
                    log.info("Rate-limit buckets are shared in the database again");
                }
                return d;
            } catch (StoreException e) {
                if (sharedFailing.compareAndSet(false, true)) {
                    log.warn("Rate-limit buckets cannot be read from the database ({}); counting in this replica's memory "
                            + "until it works again", e.getMessage());
                }
            }
        }
        return tryAcquireHere(user);
    }

    private synchronized Decision tryAcquireHere(String user) {
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
        Taken t = take(b.tokens, now - b.updated, perMilli, burst);
        b.tokens = t.tokens();
        b.updated = now;
        return t.decision();
    }

    /** A bucket after one request: the tokens it has left, and whether the request may go. */
    record Taken(double tokens, Decision decision) {
    }

    /**
     * The token-bucket arithmetic, wherever the bucket is kept: refilled for the time since it
     * was last touched (up to {@code burst}), then one token taken if there is one, else how
     * many seconds until there is.
     */
    static Taken take(double tokens, long elapsedMillis, double perMilli, int burst) {
        double refilled = Math.min(burst, tokens + Math.max(0, elapsedMillis) * perMilli);
        if (refilled >= 1) {
            return new Taken(refilled - 1, new Decision(true, 0));
        }
        long wait = (long) Math.ceil((1 - refilled) / perMilli / 1000.0);
        return new Taken(refilled, new Decision(false, Math.max(1, wait)));
    }

    /** Drops buckets that are full again (idle users), to bound memory (and the shared table). */
    public void evictIdle() {
        long now = clock.millis();
        synchronized (this) {
            buckets.values().removeIf(b -> b.tokens + (now - b.updated) * perMilli >= burst);
        }
        if (shared != null) {
            try {
                shared.evictIdle(now, perMilli, burst);
            } catch (StoreException e) {
                log.debug("Idle rate-limit buckets not removed from the database: {}", e.getMessage());
            }
        }
    }

    public synchronized int trackedUsers() {
        return buckets.size();
    }
}
