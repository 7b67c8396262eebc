package org.policybot.bot.telegram;

import java.time.Clock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's own identity, asked from Telegram at start and again (at most once a minute)
 * while Telegram has not answered, so a network failure at start does not leave groups
 * unable to mention the bot.
 */
final class BotIdentitySource implements Supplier<BotIdentity> {

    static final BotIdentity UNKNOWN = new BotIdentity(0, "");
    private static final Logger log = LoggerFactory.getLogger(BotIdentitySource.class);
    private static final long RETRY_MILLIS = 60_000;

    private final BotApi api;
    private final Clock clock;
    private volatile BotIdentity identity = UNKNOWN;
    private volatile long lastAttempt = Long.MIN_VALUE / 2;

    BotIdentitySource(BotApi api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    @Override
    public BotIdentity get() {
        if (identity == UNKNOWN && clock.millis() - lastAttempt >= RETRY_MILLIS) {
            refresh();
        }
        return identity;
    }

    synchronized void refresh() {
        lastAttempt = clock.millis();
        try {
            identity = api.getMe();
            log.info("Telegram bot @{} ({})", identity.username(), identity.id());
        } catch (BotApiException e) {
            log.warn("Telegram getMe failed, groups cannot mention the bot until it answers: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
