package org.policybot.bot.telegram;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.policybot.bot.channel.Html;
import org.policybot.bot.privacy.Masking;
import org.policybot.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends HTML messages to Telegram the way Telegram wants to be used: split at sentence
 * boundaries under 4,096 characters, paced per chat and per group, waiting out 429's
 * retry_after, retrying network and server errors a few times with backoff, and falling
 * back to plain text if Telegram cannot parse the HTML. Failures are logged with the
 * (masked) chat id, never the text. The channel and the digest sender both use it.
 */
public final class TelegramMessenger {

    /** How the messenger waits; tests pass one that moves a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(TelegramMessenger.class);

    static final int MAX_FLOOD_WAITS = 5;
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);
    static final int MAX_ATTEMPTS = 4;
    static final long FIRST_BACKOFF_MILLIS = 500;

    private final BotApi api;
    private final Pacer pacer;
    private final Sleeper sleeper;
    private final HtmlSplitter splitter;

    TelegramMessenger(BotApi api, Pacer pacer, Sleeper sleeper, HtmlSplitter splitter) {
        this.api = api;
        this.pacer = pacer;
        this.sleeper = sleeper;
        this.splitter = splitter;
    }

    /** A messenger for the bot of the settings, with Telegram's limits. */
    public static TelegramMessenger create(Settings.Telegram settings, Clock clock) {
        return create(settings, clock, OkHttpBotApi.defaultHttpClient());
    }

    /** A messenger over a given HTTP client (tests put the emulator's fixes on it). */
    public static TelegramMessenger create(Settings.Telegram settings, Clock clock, okhttp3.OkHttpClient http) {
        if (!settings.enabled()) {
            throw new IllegalStateException("Telegram is not configured (CHATBOT_TELEGRAM_TOKEN is empty)");
        }
        BotApi api = new OkHttpBotApi(http, settings.token(), OkHttpBotApi.telegramUrl(settings.apiUrl()));
        return new TelegramMessenger(api, Pacer.telegramLimits(clock), Thread::sleep, new HtmlSplitter());
    }

    /**
     * Sends an HTML message (split when long) to a chat id or "@channel".
     *
     * @return the ids of the messages sent, in order
     */
    public List<Long> sendHtml(String chatId, String html) throws TelegramSendException, InterruptedException {
        return send(chatId, html, null, List.of());
    }

    /**
     * Sends an HTML message, split when long: the first part replies to {@code replyTo}
     * (when not null), the last part carries the keyboard.
     */
    public List<Long> send(String chatId, String html, Integer replyTo, List<List<Button>> keyboard)
            throws TelegramSendException, InterruptedException {
        List<String> parts = splitter.split(html);
        List<Long> ids = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            OutgoingMessage m = new OutgoingMessage(chatId, parts.get(i), i == 0 ? replyTo : null,
                    i == parts.size() - 1 ? keyboard : List.of());
            ids.add(deliver(m));
        }
        return ids;
    }

    private long deliver(OutgoingMessage message) throws TelegramSendException, InterruptedException {
        OutgoingMessage m = message;
        int floodWaits = 0;
        int failures = 0;
        boolean plain = false;
        while (true) {
            long wait = pacer.reserve(m.chatId());
            if (wait > 0) {
                sleeper.sleep(wait);
            }
            try {
                return api.sendMessage(m);
            } catch (BotApiException e) {
                if (e.isFloodControl() && floodWaits < MAX_FLOOD_WAITS
                        && e.retryAfterSeconds() <= MAX_RETRY_AFTER.toSeconds()) {
                    floodWaits++;
                    Duration retryAfter = Duration.ofSeconds(Math.max(1, e.retryAfterSeconds()));
                    log.info("Telegram asked to wait {} s before writing to chat {}", retryAfter.toSeconds(),
                            Masking.maskId(m.chatId()));
                    pacer.pause(m.chatId(), retryAfter);
                    continue;
                }
                if (e.isBadHtml() && !plain) {
                    plain = true;
                    log.warn("Telegram could not parse our HTML for chat {}; sending plain text: {}",
                            Masking.maskId(m.chatId()), e.getMessage());
                    m = new OutgoingMessage(m.chatId(), Html.escape(Html.toPlainText(m.html())), m.replyTo(), m.keyboard());
                    continue;
                }
                if (e.isTransient() && ++failures < MAX_ATTEMPTS) {
                    sleeper.sleep(FIRST_BACKOFF_MILLIS << (failures - 1));
                    continue;
                }
                log.warn("Message to Telegram chat {} not delivered (code {}): {}", Masking.maskId(m.chatId()), e.code(),
                        e.getMessage());
                throw new TelegramSendException("message to chat " + Masking.maskId(m.chatId()) + " not delivered", e.code(), e);
            }
        }
    }
}
