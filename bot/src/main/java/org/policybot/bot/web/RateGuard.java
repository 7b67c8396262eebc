package org.policybot.bot.web;

import io.javalin.http.Context;
import io.javalin.http.TooManyRequestsResponse;
import org.policybot.bot.ratelimit.RateLimiter;

/**
 * The rate limit applied to HTTP callers, in two buckets that must both have a token: the
 * client address's ({@code chatbot.rate-limit.per-address-*}), whatever user the request
 * names, so a caller cannot escape the limit by making up a new {@code user} each time; and
 * the shared per-user one of every channel, for the {@code user} it names, else for its
 * address. The address is the connection's, or the one a trusted proxy puts in
 * {@code chatbot.http.client-address-header}.
 */
final class RateGuard {

    private static final long EVICT_EVERY_NANOS = 60_000_000_000L;

    private final RateLimiter users;
    private final RateLimiter addresses;
    private final ClientAddress clients;
    private long evictedAt = System.nanoTime();

    /**
     * @param users     the per-user limiter shared with the channels
     * @param addresses this server's own per-address limiter
     */
    RateGuard(RateLimiter users, RateLimiter addresses, ClientAddress clients) {
        this.users = users;
        this.addresses = addresses;
        this.clients = clients;
    }

    /** Takes a token from the address's bucket and the user's, or answers 429 with {@code Retry-After}. */
    void check(Context ctx, String user) {
        String address = clients.of(ctx);
        evictIdleAddresses();
        refuseUnlessAllowed(ctx, addresses.tryAcquire(address));
        String key = user == null || user.isBlank() ? "http-ip:" + address : "http:" + user;
        refuseUnlessAllowed(ctx, users.tryAcquire(key));
    }

    private static void refuseUnlessAllowed(Context ctx, RateLimiter.Decision d) {
        if (!d.allowed()) {
            ctx.header("Retry-After", Long.toString(d.retryAfterSeconds()));
            throw new TooManyRequestsResponse("请求太频繁，请 " + d.retryAfterSeconds() + " 秒后再试");
        }
    }

    /**
     * Forgets addresses whose bucket is full again, once a minute. NOTE: done here rather than
     * by the application's housekeeping because this limiter belongs to the web server; it
     * costs one pass over the buckets a minute.
     */
    private void evictIdleAddresses() {
        long now = System.nanoTime();
        synchronized (this) {
            if (now - evictedAt < EVICT_EVERY_NANOS) {
                return;
            }
            evictedAt = now;
        }
        addresses.evictIdle();
    }
}
