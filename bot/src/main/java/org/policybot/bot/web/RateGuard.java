package org.policybot.bot.web;

import io.javalin.http.Context;
import io.javalin.http.TooManyRequestsResponse;
import org.policybot.bot.ratelimit.RateLimiter;

/**
 * The shared per-user rate limit applied to HTTP callers: the {@code user} they name, else
 * their address. NOTE: behind a reverse proxy every caller has the proxy's address, so
 * callers should send {@code user}; {@code X-Forwarded-For} is not trusted.
 */
final class RateGuard {

    private final RateLimiter limiter;

    RateGuard(RateLimiter limiter) {
        this.limiter = limiter;
    }

    /** Takes a token or answers 429 with {@code Retry-After}. */
    void check(Context ctx, String user) {
        String key = user == null || user.isBlank() ? "http-ip:" + ctx.ip() : "http:" + user;
        RateLimiter.Decision d = limiter.tryAcquire(key);
        if (!d.allowed()) {
            ctx.header("Retry-After", Long.toString(d.retryAfterSeconds()));
            throw new TooManyRequestsResponse("请求太频繁，请 " + d.retryAfterSeconds() + " 秒后再试");
        }
    }
}
