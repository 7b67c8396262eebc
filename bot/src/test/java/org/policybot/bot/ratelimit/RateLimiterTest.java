package org.policybot.bot.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Per-user buckets stay bounded in number however many names callers make up. */
class RateLimiterTest {

    final Clock clock = Clock.fixed(Instant.parse("2026-03-02T08:00:00Z"), ZoneOffset.UTC);

    @Test
    void should_track_at_most_the_cap_of_users_however_many_names_arrive() {
        // given
        RateLimiter limiter = new RateLimiter(clock, 1, 2);

        // when: each request names a new user, none of them idle yet
        for (int i = 0; i < RateLimiter.MAX_TRACKED + 500; i++) {
            limiter.tryAcquire("http:made-up-" + i);
        }

        // then
        assertThat(limiter.trackedUsers()).isEqualTo(RateLimiter.MAX_TRACKED);
    }

    @Test
    void should_keep_limiting_a_recently_active_user_when_making_room() {
        // given: room for two users; "flooder" has used its only token
        RateLimiter limiter = new RateLimiter(clock, 1, 1, 2);
        assertThat(limiter.tryAcquire("flooder").allowed()).isTrue();
        assertThat(limiter.tryAcquire("quiet").allowed()).isTrue();
        assertThat(limiter.tryAcquire("flooder").allowed()).isFalse();

        // when: a third user needs a bucket
        assertThat(limiter.tryAcquire("newcomer").allowed()).isTrue();

        // then: the least recently used bucket went, not the flooder's
        assertThat(limiter.trackedUsers()).isEqualTo(2);
        assertThat(limiter.tryAcquire("flooder").allowed()).isFalse();
    }
}
