package org.policybot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.policybot.bot.messages.Messages;
import org.policybot.bot.ratelimit.RateLimiter;

class FloodGuardTest {

    final MutableClock clock = new MutableClock(0);
    final FloodGuard guard = new FloodGuard(new RateLimiter(clock, 1, 2));

    @Test
    void should_notify_once_per_flood_and_again_for_the_next_flood() {
        assertThat(guard.check("telegram:1").kind()).isEqualTo(FloodGuard.Kind.ALLOW);
        assertThat(guard.check("telegram:1").kind()).isEqualTo(FloodGuard.Kind.ALLOW);
        FloodGuard.Verdict over = guard.check("telegram:1");
        assertThat(over.kind()).isEqualTo(FloodGuard.Kind.NOTIFY);
        assertThat(over.retryAfterSeconds()).isPositive();
        assertThat(guard.check("telegram:1").kind()).isEqualTo(FloodGuard.Kind.DROP);
        assertThat(guard.check("telegram:2").kind()).as("other users are not limited").isEqualTo(FloodGuard.Kind.ALLOW);

        clock.advance(60_000);
        assertThat(guard.check("telegram:1").kind()).isEqualTo(FloodGuard.Kind.ALLOW);
        assertThat(guard.check("telegram:1").kind()).isEqualTo(FloodGuard.Kind.NOTIFY);
    }

    @Test
    void should_say_how_long_to_wait_in_chinese() {
        assertThat(FloodGuard.notice(Messages.bundled(), 30)).contains("30 秒");
    }
}
