package org.policybot.bot.telegram;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows "typing…" while an answer is composed: Telegram shows it for about five seconds,
 * so it is sent at once and repeated every four seconds until the answer is ready.
 * Failures only cost the indicator and are not retried.
 */
final class TypingIndicator {

    /** Stops the indicator. */
    interface Session extends AutoCloseable {
        @Override
        void close();
    }

    static final Duration TELEGRAM_PERIOD = Duration.ofSeconds(4);
    private static final Logger log = LoggerFactory.getLogger(TypingIndicator.class);

    private final BotApi api;
    private final ScheduledExecutorService scheduler;
    private final Duration period;

    TypingIndicator(BotApi api, ScheduledExecutorService scheduler, Duration period) {
        this.api = api;
        this.scheduler = scheduler;
        this.period = period;
    }

    Session start(String chatId) {
        ScheduledFuture<?> task = scheduler.scheduleAtFixedRate(() -> {
            try {
                api.sendTyping(chatId);
            } catch (BotApiException e) {
                log.debug("Typing indicator not shown: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return () -> task.cancel(false);
    }
}
