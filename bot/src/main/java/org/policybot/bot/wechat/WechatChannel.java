package org.policybot.bot.wechat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.policybot.bot.channel.Channel;
import org.policybot.bot.channel.ChannelContext;
import org.policybot.bot.channel.Clarifications;
import org.policybot.bot.channel.WebhookEndpoint;
import org.policybot.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WeChat Official Account channel: one endpoint, {@code /wechat}, that the web server
 * mounts. Questions are answered from the shared answer service with per-OpenID memory
 * ("wechat:&lt;openid&gt;") and the shared rate limiter; late answers go out through the
 * customer-service API when AppID and AppSecret are configured. Created by {@code App}
 * when {@code CHATBOT_WECHAT_TOKEN} is set; WxJava types stay inside this package.
 */
public final class WechatChannel implements Channel {

    private static final Logger log = LoggerFactory.getLogger(WechatChannel.class);

    /** Time to compose a passive reply; WeChat gives up after 5 s. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(4);
    /** How far a request's timestamp may be from our clock. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** Stored messages are kept this long (WeChat retries within 15 s; the user's next message may take longer). */
    static final Duration RETENTION = Duration.ofDays(2);
    /** How often this process notes in the database that it is alive, for replicas waiting on its answers. */
    static final Duration HEARTBEAT = Duration.ofSeconds(2);

    private final WechatEndpoint endpoint;
    private final WechatStore store;
    private final NonceStore nonces;
    private final ChannelContext context;
    private final ScheduledExecutorService background;
    private final Optional<WxCustomerService> customerService;

    private WechatChannel(ChannelContext context, Settings.Wechat settings, Duration budget) {
        this.context = context;
        // Unique per start: a restarted replica does not wait for the answers its previous run was computing.
        this.store = new WechatStore(context.database(), context.clock(),
                context.settings().replicaId() + "/" + java.util.UUID.randomUUID());
        heartbeat();
        this.nonces = new NonceStore(context.database(), context.clock());
        this.background = Executors.newScheduledThreadPool(2, daemon());
        this.customerService = WxCustomerService.configured(settings)
                ? Optional.of(new WxCustomerService(settings)) : Optional.empty();
        WechatMetrics metrics = new WechatMetrics(context.metrics());
        WechatTexts texts = new WechatTexts(context.messages());
        AnswerFlow flow = new AnswerFlow(context.answersFor("wechat"), new Clarifications(context.conversations()), store,
                context.rateLimiter(), context.answerPool(), background, customerService.map(c -> c), metrics, texts);
        RequestSignature signature = new RequestSignature(settings.token(), context.clock(), MAX_CLOCK_SKEW);
        this.endpoint = new WechatEndpoint(signature, nonces, new WechatCodec(settings, signature), new WechatDialog(flow, texts),
                metrics, budget, context.settings().http().maxBodyBytes());
        if (customerService.isEmpty()) {
            log.info("WeChat: no AppID/AppSecret, answers later than {} s wait for the user's next message",
                    budget.toSeconds());
        }
    }

    /** The channel of the settings, with the standard 4-second budget. */
    public static WechatChannel create(ChannelContext context) {
        return create(context, context.settings().wechat(), DEFAULT_BUDGET);
    }

    /** The channel with explicit WeChat settings and reply budget (tests use a short one). */
    public static WechatChannel create(ChannelContext context, Settings.Wechat settings, Duration budget) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("the WeChat token is not set");
        }
        return new WechatChannel(context, settings, budget);
    }

    @Override
    public String name() {
        return "wechat";
    }

    private void heartbeat() {
        try {
            store.heartbeat();
        } catch (RuntimeException e) {
            log.debug("WeChat: noting this replica as alive failed: {}", e.getMessage());
        }
    }

    @Override
    public void start() {
        background.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(() -> {
            try {
                int purged = store.purgeBefore(context.clock().millis() - RETENTION.toMillis());
                log.debug("WeChat: purged {} old messages", purged);
            } catch (RuntimeException e) {
                log.warn("WeChat: purging old messages failed: {}", e.getMessage());
            }
        }, 1, 60, TimeUnit.MINUTES);
        background.scheduleWithFixedDelay(() -> {
            try {
                nonces.purgeExpired();
            } catch (RuntimeException e) {
                log.warn("WeChat: purging old nonces failed: {}", e.getMessage());
            }
        }, 5, 5, TimeUnit.MINUTES);
    }

    @Override
    public List<WebhookEndpoint> endpoints() {
        return List.of(endpoint);
    }

    @Override
    public void close() {
        background.shutdown();
        try {
            if (!background.awaitTermination(5, TimeUnit.SECONDS)) {
                background.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            background.shutdownNow();
        }
        customerService.ifPresent(WxCustomerService::close);
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "wechat-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
