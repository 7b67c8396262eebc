package org.policybot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TypingIndicatorTest {

    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final ScriptedBotApi api = new ScriptedBotApi();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void should_show_typing_at_once_repeat_it_while_composing_and_stop_when_done() throws Exception {
        TypingIndicator typing = new TypingIndicator(api, scheduler, Duration.ofMillis(50));

        TypingIndicator.Session session = typing.start("5");
        await().atMost(Duration.ofSeconds(5)).until(() -> api.typing.size() >= 3);
        session.close();
        int shown = api.typing.size();
        Thread.sleep(200);

        assertThat(api.typing).containsOnly("5");
        assertThat(api.typing.size()).isLessThanOrEqualTo(shown + 1);
    }

    @Test
    void should_repeat_every_four_seconds_for_telegram() {
        assertThat(TypingIndicator.TELEGRAM_PERIOD).isEqualTo(Duration.ofSeconds(4));
    }
}
