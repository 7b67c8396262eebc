package org.policybot.bot;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.policybot.bot.answer.AnswerService;
import org.policybot.bot.answer.DefaultAnswerService;
import org.policybot.bot.answer.ExampleQuestions;
import org.policybot.bot.channel.Channel;
import org.policybot.bot.channel.ChannelContext;
import org.policybot.bot.channel.WebhookEndpoint;
import org.policybot.bot.digest.DigestScheduler;
import org.policybot.bot.digest.DigestSender;
import org.policybot.bot.digest.DigestService;
import org.policybot.bot.digest.DigestWording;
import org.policybot.bot.digest.Digests;
import org.policybot.bot.documents.DocumentFollower;
import org.policybot.bot.documents.DocumentLibrary;
import org.policybot.bot.documents.DocumentTable;
import org.policybot.bot.messages.Messages;
import org.policybot.bot.ratelimit.RateLimiter;
import org.policybot.bot.store.ConversationStore;
import org.policybot.bot.store.Database;
import org.policybot.bot.store.QuestionLog;
import org.policybot.bot.telegram.TelegramChannel;
import org.policybot.bot.telegram.TelegramDigestSender;
import org.policybot.bot.telegram.TelegramMessenger;
import org.policybot.bot.web.WebServer;
import org.policybot.bot.wechat.WechatChannel;
import org.policybot.bot.wecom.WecomDigestSender;
import org.policybot.bot.wecom.WecomRobotSender;
import org.policybot.config.Settings;
import org.policybot.retrieval.Retrieval;
import org.policybot.retrieval.ingest.Article;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code serve} runs, wired with constructors in one place: database, index,
 * answer service, shared rate limiter and answer pool, metrics, then the web server and
 * every configured channel. Tests build it with their own settings and clock.
 */
public final class App implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(App.class);
    /** The data folder's file with the number of the last shared document change applied. */
    static final String DOCUMENTS_APPLIED = "documents.applied";

    private final Settings settings;
    private final Database database;
    private final Retrieval retrieval;
    private final ChannelContext context;
    private final ThreadPoolExecutor answerPool;
    private final ScheduledExecutorService housekeeping;
    /** Its own thread: a rebuild after other replicas' changes does not hold up housekeeping. */
    private final ScheduledExecutorService following;
    private final List<Channel> channels = new ArrayList<>();
    private final DigestService digests;
    private final DocumentLibrary documents;
    /** Follows the documents changed on other replicas; empty for one process (SQLite). */
    private final Optional<DocumentFollower> documentFollower;
    private volatile String observedGeneration = "";
    private WebServer web;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** @param opened where each resource is put as it is opened, so a failure part way can close them */
    private App(Settings settings, Clock clock, Retrieval retrieval, Database database, Messages texts, Deque<AutoCloseable> opened) {
        this.settings = settings;
        this.retrieval = retrieval;
        this.database = database;
        ConversationStore conversations = new ConversationStore(database, clock, settings.conversation().maxTurns(),
                Duration.ofMinutes(settings.conversation().ttlMinutes()));
        QuestionLog questionLog = new QuestionLog(database, clock);
        opened.push(questionLog);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        FunctionCounter.builder("policybot.question.log.dropped", questionLog, QuestionLog::dropped)
                .description("question log entries dropped because the database could not keep up").register(metrics);
        DefaultAnswerService answers = AnswerPath.create(settings, retrieval.searcher(), metrics, conversations, texts, clock);
        this.answerPool = new ThreadPoolExecutor(settings.answer().poolSize(), settings.answer().poolSize(), 60, TimeUnit.SECONDS,
                settings.answer().queueSize() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(settings.answer().queueSize()),
                named("answer"),
                new ThreadPoolExecutor.AbortPolicy());
        opened.push(answerPool::shutdownNow);
        this.context = new ChannelContext(settings, database, answers, retrieval.searcher(), questionLog, conversations,
                new RateLimiter(clock, settings.rateLimit().perMinute(), settings.rateLimit().burst(), database), answerPool, metrics, clock,
                messages(texts, answers, () -> retrieval.searcher().corpus().articles().values()));
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(named("housekeeping"));
        opened.push(housekeeping::shutdownNow);
        this.following = Executors.newSingleThreadScheduledExecutor(named("documents"));
        opened.push(following::shutdownNow);
        DigestWording wording = new DigestWording(texts);
        this.digests = Digests.create(settings, database, answers::digestSummary, () -> retrieval.searcher().corpus(),
                digestSenders(settings, clock, wording), clock, wording);
        opened.push(() -> channels.forEach(Channel::close));
        Optional<DocumentTable> shared = database.isSqlite() ? Optional.empty() : Optional.of(new DocumentTable(database));
        this.documents = new DocumentLibrary(retrieval.index(), () -> retrieval.searcher().corpus(),
                settings.dataDir().resolve("uploads"), shared);
        this.documentFollower = shared.map(t -> new DocumentFollower(t, documents, retrieval.index(),
                settings.dataDir().resolve(DOCUMENTS_APPLIED)));
        createChannels();
    }

    /**
     * The channels the settings turn on, each created from the shared context. One line per
     * channel; a channel that is not configured is not created.
     */
    private void createChannels() {
        if (settings.telegram().enabled()) {
            channels.add(TelegramChannel.create(context));
        }
        if (settings.wechat().enabled()) {
            channels.add(WechatChannel.create(context));
        }
        settings.digest().schedule().ifPresent(cron ->
                channels.add(new DigestScheduler(digests, cron, settings.digest().zone(), context.clock())));
    }

    /** Builds and starts everything the settings turn on; on failure, closes what was opened. */
    public static App start(Settings settings, Clock clock) {
        // A taken port is reported before the index is built, not a minute later.
        WebServer.checkCanListen(settings.http());
        // So is a messages file that rewords a text the bundle does not have. Read once, used by everything.
        Messages texts = Messages.load(settings.texts());
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        App app;
        try {
            Retrieval retrieval = new Retrieval(settings);
            opened.push(retrieval);
            Database database = Database.open(settings.database());
            opened.push(database);
            applySharedDocuments(settings, database, retrieval);
            retrieval.searcher();
            app = new App(settings, clock, retrieval, database, texts, opened);
        } catch (RuntimeException e) {
            closeAll(opened, e);
            throw e;
        }
        try {
            app.startAll();
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    /**
     * On PostgreSQL, the documents other replicas uploaded or deleted go into this replica's
     * articles folder before its first build (a new replica may start with an empty folder). A
     * database out of reach is logged and left to the follower, which keeps trying.
     */
    private static void applySharedDocuments(Settings settings, Database database, Retrieval retrieval) {
        if (database.isSqlite()) {
            return;
        }
        try {
            DocumentFollower.applyBeforeFirstBuild(new DocumentTable(database), retrieval.index().articlesDir(),
                    settings.dataDir().resolve(DOCUMENTS_APPLIED));
        } catch (IOException | RuntimeException e) {
            log.warn("Could not apply the documents shared by other replicas before the first build ({}); "
                    + "they are applied once that works", e.getMessage());
        }
    }

    /** Closes the newest first; their failures are added to the one that stopped construction. */
    private static void closeAll(Deque<AutoCloseable> opened, RuntimeException failure) {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    private void startAll() {
        observeArticles();
        digests.registerNewTargets();
        warmUp();
        List<WebhookEndpoint> endpoints = new ArrayList<>();
        channels.forEach(c -> endpoints.addAll(c.endpoints()));
        web = WebServer.create(new WebServer.Services(context, retrieval, endpoints,
                channels.stream().map(Channel::name).toList(), this::channelStatus, documents,
                documentFollower.map(f -> f::applied))).start();
        log.info("HTTP API and staff page on {}", web.url());
        retrieval.index().watch(housekeeping, 2000);
        documentFollower.ifPresent(f -> f.start(following, settings.database().documentsFollowMs()));
        housekeeping.scheduleWithFixedDelay(this::observeArticles, 5, 5, TimeUnit.SECONDS);
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                context.rateLimiter().evictIdle();
                context.conversations().purgeExpired();
                context.questionLog().purgeOlderThan(Duration.ofDays(settings.questionLog().retentionDays()));
            } catch (RuntimeException e) {
                log.warn("Housekeeping failed: {}", e.getMessage());
            }
        }, 1, 1, TimeUnit.MINUTES);
        for (Channel c : channels) {
            c.start();
            log.info("Channel on: {}", c.name());
        }
    }

    /** What the channels add to /health. */
    private Map<String, String> channelStatus() {
        Map<String, String> all = new TreeMap<>();
        channels.forEach(c -> all.putAll(c.status()));
        return all;
    }

    /** How many example questions the welcome texts show when they are chosen from the corpus. */
    static final int EXAMPLES = 3;

    /**
     * The texts users read (the bundle, reworded by the settings' messages file) with the
     * example questions: the settings' own, or when they name none, questions over the
     * corpus's headings that the answer service answers. Tests wire channels with it too.
     */
    public static Messages messages(Messages messages, AnswerService answers, Supplier<Collection<Article>> articles) {
        if (!messages.examples().isEmpty()) {
            return messages;
        }
        long start = System.nanoTime();
        List<String> chosen = ExampleQuestions.choose(answers, articles.get(), EXAMPLES);
        log.info("Example questions chosen from the corpus in {} ms: {}", (System.nanoTime() - start) / 1_000_000, chosen);
        return messages.withExamples(chosen);
    }

    /**
     * Answers the first example question before users ask, so the first real answer does not
     * pay for loading dictionaries and compiling hot code (WeChat allows 5 seconds in all).
     * Examples chosen from the corpus were answered once already, when they were chosen.
     */
    private void warmUp() {
        List<String> examples = context.messages().examples();
        if (examples.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        context.answers().answer(org.policybot.bot.answer.Question.of(examples.get(0)));
        log.info("Warm-up answer took {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    /** Lets digests know when each article version first appeared (see DigestService#observe). */
    private void observeArticles() {
        try {
            String generation = retrieval.searcher().corpus().generation();
            if (!generation.equals(observedGeneration)) {
                digests.observe();
                observedGeneration = generation;
            }
        } catch (RuntimeException e) {
            log.warn("Could not record the article versions for digests: {}", e.getMessage());
        }
    }

    public DigestService digests() {
        return digests;
    }

    public ChannelContext context() {
        return context;
    }

    public Settings settings() {
        return settings;
    }

    /** The index and searcher (for admin reindex and /health). */
    public Retrieval retrieval() {
        return retrieval;
    }

    public List<Channel> channels() {
        return List.copyOf(channels);
    }

    /** The staff page's address, such as "http://127.0.0.1:8080/". */
    public String url() {
        return web.url();
    }

    /** The port the HTTP server listens on (the real one when the settings say 0). */
    public int port() {
        return web.port();
    }

    static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Stops taking work everywhere first (channels stop polling and starting queued messages),
     * so what follows waits only for work in flight; then stops the HTTP server (requests in
     * flight finish), then the channels (answers in progress finish); lets queued answers
     * finish, closes the index and the database.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Channel c : channels) {
            try {
                c.stopIntake();
            } catch (RuntimeException e) {
                log.warn("Stopping {} from taking work failed: {}", c.name(), e.getMessage());
            }
        }
        if (web != null) {
            try {
                web.close();
            } catch (RuntimeException e) {
                log.warn("Stopping the HTTP server failed: {}", e.getMessage());
            }
        }
        for (Channel c : channels) {
            try {
                c.close();
            } catch (RuntimeException e) {
                log.warn("Closing {} failed: {}", c.name(), e.getMessage());
            }
        }
        housekeeping.shutdownNow();
        following.shutdownNow();
        answerPool.shutdown();
        try {
            if (!answerPool.awaitTermination(10, TimeUnit.SECONDS)) {
                answerPool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        retrieval.close();
        context.questionLog().close();
        database.close();
        log.info("Stopped");
    }

    /** One digest sender per platform: Telegram when it is configured, WeCom group robots always. */
    public static List<DigestSender> digestSenders(Settings settings, Clock clock, DigestWording wording) {
        List<DigestSender> senders = new ArrayList<>();
        if (settings.telegram().enabled()) {
            senders.add(new TelegramDigestSender(TelegramMessenger.create(settings.telegram(), clock), wording));
        }
        senders.add(new WecomDigestSender(WecomRobotSender.create(), wording));
        return senders;
    }
}
