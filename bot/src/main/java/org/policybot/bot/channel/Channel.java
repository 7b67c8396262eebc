package org.policybot.bot.channel;

import java.util.List;
import java.util.Map;

/**
 * A way users reach the bot (Telegram, WeChat, the digest scheduler…), started by
 * {@code serve} when configured. Channels that receive HTTP calls expose endpoints, which
 * the web server mounts.
 */
public interface Channel extends AutoCloseable {

    /** Name for logs and /health. */
    String name();

    /** Starts background work (polling, schedules). Called once, after the web server started. */
    void start();

    /** HTTP routes this channel needs on the shared server. */
    default List<WebhookEndpoint> endpoints() {
        return List.of();
    }

    /** Fields this channel adds to /health (names in camelCase, such as {@code telegramPolling}). */
    default Map<String, String> status() {
        return Map.of();
    }

    /**
     * Takes no new work from now on (stops polling, starts no queued message), so that the
     * stop waits only for work in flight. Called on every channel before the web server
     * stops; {@link #close()} follows.
     */
    default void stopIntake() {
    }

    /** Stops background work; in-flight work may finish. */
    @Override
    void close();
}
