package org.policybot.bot.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import org.policybot.bot.channel.Channel;
import org.policybot.bot.channel.ChannelContext;
import org.policybot.bot.channel.Clarifications;
import org.policybot.bot.channel.ThrottledLog;
import org.policybot.bot.channel.WebhookEndpoint;
import org.policybot.bot.store.AdvisoryLocks;
import org.policybot.bot.store.DatabaseUnavailableException;
import org.policybot.bot.store.SessionLock;
import org.policybot.bot.store.SubscriptionStore;
import org.policybot.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.util.DefaultGetUpdatesGenerator;
import org.telegram.telegrambots.longpolling.util.ExponentialBackOff;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * The Telegram bot: long polling (default) or the {@code POST /telegram} webhook, every
 * update stored before it is acknowledged, handled on our own executor (serial per chat,
 * parallel across chats), answered through {@link TelegramMessenger}. Created by
 * {@code App} when {@code CHATBOT_TELEGRAM_TOKEN} is set. Polling on PostgreSQL, where
 * several replicas may run, only the replica that leads ({@link PollingLeadership}) polls
 * and answers what the inbox holds unanswered.
 */
public final class TelegramChannel implements Channel {

    private static final Logger log = LoggerFactory.getLogger(TelegramChannel.class);
    private static final long DRAIN_MILLIS = 10_000;

    private final Settings.Telegram settings;
    private final OkHttpClient http;
    private final boolean ownsHttp;
    private final ObjectMapper json;
    private final BotApi api;
    private final BotIdentitySource identity;
    private final Commands commands;
    private final UpdateStore updates;
    private final CitationStore citations;
    private final ChoiceStore choices;
    private final ChatExecutor executor;
    private final ScheduledExecutorService scheduler;
    private final UpdateIntake intake;
    private final PollingReceiver receiver;
    private final TelegramWebhook webhook;
    /** Null unless the webhook on PostgreSQL. */
    private final AdvisoryLocks chatLocks;
    /** Null unless polling on PostgreSQL. */
    private final PollingLeadership leadership;
    /** Null unless the webhook on PostgreSQL: looks for updates a replica that died left unanswered. */
    private final ScheduledExecutorService sweeper;
    private final ThrottledLog sweepFailures = new ThrottledLog(log, Duration.ofMinutes(1));
    private ScheduledExecutorService pollThread;
    private TelegramBotsLongPollingApplication polling;

    /** The channel for the settings of the context, talking to the configured Bot API server. */
    public static TelegramChannel create(ChannelContext context) {
        OkHttpClient http = OkHttpBotApi.defaultHttpClient();
        return new TelegramChannel(context, api(context, http), http, true);
    }

    /** The same with an HTTP client of the caller's (a proxy, or a test's interceptors), left open on close. */
    public static TelegramChannel create(ChannelContext context, OkHttpClient http) {
        return new TelegramChannel(context, api(context, http), http, false);
    }

    static BotApi api(ChannelContext context, OkHttpClient http) {
        Settings.Telegram t = context.settings().telegram();
        return new OkHttpBotApi(http, t.token(), OkHttpBotApi.telegramUrl(t.apiUrl()));
    }

    TelegramChannel(ChannelContext context, BotApi api, OkHttpClient http, boolean ownsHttp) {
        this.settings = context.settings().telegram();
        if (!settings.enabled()) {
            throw new IllegalStateException("Telegram is not configured (CHATBOT_TELEGRAM_TOKEN is empty)");
        }
        this.http = http;
        this.ownsHttp = ownsHttp;
        this.api = api;
        this.json = UpdateJson.mapper();
        this.identity = new BotIdentitySource(api, context.clock());
        this.updates = new UpdateStore(context.database(), context.clock(), botId(settings.token()));
        this.citations = new CitationStore(context.database(), context.clock(), json);
        this.choices = new ChoiceStore(context.database(), context.clock(), json);
        this.scheduler = Executors.newScheduledThreadPool(1, daemon("telegram-timer"));
        this.executor = new ChatExecutor(context.settings().answer().poolSize(), daemon("telegram-chat"));
        AnswerFormatter formatter = new AnswerFormatter(context.messages());
        AnswerReplies replies = new AnswerReplies(context.answersFor("telegram"), citations, choices,
                new Clarifications(context.conversations()), formatter);
        this.commands = Commands.standard(replies, context.searcher(), context.settings().retrieval().defaultK(), formatter,
                new SubscriptionStore(context.database(), context.clock()), context.conversations(), api, context.messages());
        TelegramMessenger messenger = new TelegramMessenger(api, Pacer.telegramLimits(context.clock()), Thread::sleep,
                new HtmlSplitter());
        UpdateHandler handler = new UpdateHandler(json, new UpdateParser(), identity, commands, replies, citations, formatter,
                new FloodGuard(context.rateLimiter()), new TypingIndicator(api, scheduler, TypingIndicator.TELEGRAM_PERIOD),
                messenger, api, updates, context.metrics(), context.messages());
        // Webhook calls reach every replica behind the load balancer: on PostgreSQL a chat's
        // updates are then handled under a lock of the chat's, in order (polling has one leader).
        this.chatLocks = settings.mode() == Settings.TelegramMode.WEBHOOK && !context.database().isSqlite()
                ? new AdvisoryLocks(context.database()) : null;
        this.intake = new UpdateIntake(updates, executor, handler, json, context.metrics(), chatLocks, botId(settings.token()));
        this.sweeper = chatLocks == null ? null : Executors.newSingleThreadScheduledExecutor(daemon("telegram-sweep"));
        this.leadership = settings.mode() == Settings.TelegramMode.POLLING && !context.database().isSqlite()
                ? new PollingLeadership(new SessionLock(context.database(), PollingLeadership.lockKey(botId(settings.token()))),
                        Duration.ofSeconds(settings.leaderRetrySeconds()), new PollingLeadership.Role() {
                            @Override
                            public void lead() {
                                TelegramChannel.this.lead();
                            }

                            @Override
                            public void standDown() {
                                TelegramChannel.this.standDown();
                            }
                        }, daemon("telegram-leader"))
                : null;
        this.receiver = leadership == null ? new PollingReceiver(intake) : new PollingReceiver(intake, leadership::leading);
        this.webhook = new TelegramWebhook(settings.webhookSecret(), intake, UpdateJson.webhookReader());
    }

    @Override
    public String name() {
        return "telegram";
    }

    @Override
    public void start() {
        identity.refresh();
        try {
            api.setCommands(commands.menu());
        } catch (BotApiException e) {
            log.warn("Telegram did not take the command menu (commands still work): {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (leadership == null) {
            intake.recover();
        }
        scheduler.scheduleWithFixedDelay(this::housekeeping, 1, 60, TimeUnit.MINUTES);
        if (leadership != null) {
            // Recovery is the leader's: a standby would hand out what the leader is answering.
            leadership.start();
            log.info("Telegram polling on PostgreSQL: this replica polls while it holds the bot's lock, and stands by until then");
        } else if (settings.mode() == Settings.TelegramMode.POLLING) {
            startPolling();
        } else {
            webhook.open(); // only now: an update stored before recovery would be handed out twice
            log.info("Telegram webhook mode: updates arrive on POST /telegram (register it with setWebhook and the secret)");
            if (sweeper != null) {
                long period = settings.pendingSweepSeconds();
                sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Hands out the chats whose updates wait, stored at least one sweep period ago, unanswered:
     * with no lock holder, their replica died, and without this they would wait for the chat's
     * next update or that replica's restart.
     */
    private void sweep() {
        try {
            int chats = intake.resumeWaiting(Duration.ofSeconds(settings.pendingSweepSeconds()));
            if (chats > 0) {
                log.debug("Looked for Telegram updates left unanswered in {} chat(s)", chats);
            }
        } catch (DatabaseUnavailableException e) {
            log.debug("Telegram updates left unanswered are looked for again once the database answers: {}", e.getMessage());
        } catch (RuntimeException e) {
            sweepFailures.warn("Looking for Telegram updates left unanswered failed (tried again every "
                    + settings.pendingSweepSeconds() + " s): " + e.getMessage());
        }
    }

    /** Becoming the leader: hand out what the inbox holds unanswered (the old leader's too), then poll. */
    private void lead() {
        executor.resume();
        intake.recover();
        startPolling();
    }

    /** No longer the leader: poll no more, and leave the queued updates to the new leader. */
    private void standDown() {
        stopPolling();
        executor.pause();
    }

    private synchronized void startPolling() {
        TelegramUrl url = OkHttpBotApi.telegramUrl(settings.apiUrl());
        pollThread = Executors.newSingleThreadScheduledExecutor(daemon("telegram-poll"));
        polling = new TelegramBotsLongPollingApplication(() -> json, () -> http, () -> pollThread, ExponentialBackOff::new);
        DefaultGetUpdatesGenerator requests = new DefaultGetUpdatesGenerator();
        Function<Integer, GetUpdates> generator = leadership == null ? requests : offset -> {
            // Each poll first checks the lock's session: without the lock, no getUpdates goes out.
            if (!leadership.confirm()) {
                throw new IllegalStateException("this replica no longer holds the Telegram polling lock");
            }
            return requests.apply(offset);
        };
        try {
            receiver.session(polling.registerBot(settings.token(), () -> url, generator, receiver));
        } catch (TelegramApiException e) {
            stopPolling();
            throw new IllegalStateException("Telegram long polling could not start: " + e.getMessage(), e);
        }
    }

    private void housekeeping() {
        try {
            updates.purgeHandled(Duration.ofDays(7));
            citations.purge(Duration.ofDays(30));
            choices.purge(Duration.ofDays(30));
        } catch (RuntimeException e) {
            log.warn("Telegram housekeeping failed: {}", e.getMessage());
        }
    }

    @Override
    public List<WebhookEndpoint> endpoints() {
        return settings.mode() == Settings.TelegramMode.WEBHOOK ? List.of(webhook) : List.of();
    }

    /**
     * Stops polling and starts no more updates (webhook calls are still stored and
     * acknowledged, and answered after the restart); answers in progress go on.
     */
    @Override
    public void stopIntake() {
        if (leadership != null) {
            leadership.stop(); // keeps the lock until the answers in progress are done
        }
        stopPolling();
        if (sweeper != null) {
            sweeper.shutdown(); // a look under way ends; none starts
        }
        executor.stopStarting();
    }

    /** {@code telegramPolling}: "leader" while this replica polls, "standby" while another may; nothing in webhook mode. */
    @Override
    public Map<String, String> status() {
        if (settings.mode() != Settings.TelegramMode.POLLING) {
            return Map.of();
        }
        return Map.of("telegramPolling", leadership == null || leadership.leading() ? "leader" : "standby");
    }

    /**
     * Stops taking updates and lets the answers in progress finish (up to 10 s); updates not
     * started wait for the next start.
     */
    @Override
    public void close() {
        stopIntake();
        executor.shutdown(DRAIN_MILLIS);
        if (sweeper != null) {
            try {
                sweeper.awaitTermination(SessionLock.CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (leadership != null) {
            leadership.close(); // only now may another replica recover what is left
        }
        if (chatLocks != null) {
            chatLocks.close(); // after the answers in progress: their chats stay locked until then
        }
        scheduler.shutdownNow();
        if (ownsHttp) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /** Stops at once, abandoning answers in progress as a crash would (for recovery tests). */
    void kill() {
        if (leadership != null) {
            leadership.abandon();
        }
        stopPolling();
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        executor.shutdownNow();
        if (chatLocks != null) {
            chatLocks.close();
        }
        scheduler.shutdownNow();
    }

    private synchronized void stopPolling() {
        if (polling != null) {
            try {
                polling.close();
            } catch (Exception e) {
                log.warn("Stopping Telegram polling: {}", e.getMessage());
            }
            pollThread.shutdownNow();
            polling = null;
        }
    }

    /** The numeric bot id that starts the token ("123456:ABC…" → "123456"); update ids are per bot. */
    static String botId(String token) {
        int colon = token.indexOf(':');
        return colon > 0 ? token.substring(0, colon) : token;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
