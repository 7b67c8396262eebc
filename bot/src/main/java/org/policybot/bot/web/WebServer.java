package org.policybot.bot.web;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;
import io.javalin.util.JavalinBindException;
import io.javalin.util.JavalinException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.policybot.bot.answer.AnswerService;
import org.policybot.bot.answer.CachingAnswerService;
import org.policybot.bot.channel.ChannelContext;
import org.policybot.bot.channel.WebhookEndpoint;
import org.policybot.bot.documents.DocumentLibrary;
import org.policybot.bot.ratelimit.RateLimiter;
import org.policybot.config.Settings;
import org.policybot.retrieval.Retrieval;

/**
 * The one HTTP server of {@code serve}: the API, the staff page, {@code /health},
 * {@code /metrics}, admin routes and the webhook endpoints of the channels, all on the
 * configured host and port. Routes are registered in {@link #routes} and errors mapped in
 * {@link ApiErrors}; tests create it with {@link #create} like production does.
 * Javalin and Jetty types stay inside this package.
 */
public final class WebServer implements AutoCloseable {

    /** How long {@link #close()} lets requests in flight finish. */
    static final long STOP_TIMEOUT_MS = 15_000;

    /** Answers to repeated one-off questions kept for reuse (a few MB at most). */
    static final int ANSWER_CACHE_ENTRIES = 2048;

    /**
     * What the server serves.
     *
     * @param endpoints webhook endpoints of the channels (/wechat, /telegram …)
     * @param channels  names of the channels that are on, for /health
     * @param status    fields the channels add to /health, read at each call
     * @param documents the articles folder as staff change it (its changes recorded for the other replicas)
     * @param documentsApplied the number of the last shared document change applied here, for /health; empty for one process
     */
    public record Services(ChannelContext context, Retrieval retrieval, List<WebhookEndpoint> endpoints,
                           List<String> channels, Supplier<Map<String, String>> status, DocumentLibrary documents,
                           Optional<LongSupplier> documentsApplied) {
        public Services {
            endpoints = List.copyOf(endpoints);
            channels = List.copyOf(channels);
        }

        /** Services of one process: documents change this server's articles folder only. */
        public Services(ChannelContext context, Retrieval retrieval, List<WebhookEndpoint> endpoints, List<String> channels,
                        Supplier<Map<String, String>> status) {
            this(context, retrieval, endpoints, channels, status, new DocumentLibrary(retrieval.index(),
                    () -> retrieval.searcher().corpus(), context.settings().dataDir().resolve("uploads")), Optional.empty());
        }

        /** Services whose channels add nothing to /health. */
        public Services(ChannelContext context, Retrieval retrieval, List<WebhookEndpoint> endpoints, List<String> channels) {
            this(context, retrieval, endpoints, channels, Map::of);
        }
    }

    private final Javalin javalin;
    private final Settings.Http http;
    private final ConnectionDrain drain;
    private volatile boolean started;

    private WebServer(Javalin javalin, Settings.Http http, ConnectionDrain drain) {
        this.javalin = javalin;
        this.http = http;
        this.drain = drain;
    }

    /** Builds the server (not listening yet). */
    public static WebServer create(Services services) {
        Settings.Http http = services.context().settings().http();
        ConnectionDrain drain = new ConnectionDrain(Duration.ofMillis(http.drainMs()));
        return new WebServer(Javalin.create(config -> configure(config, services, drain)), http, drain);
    }

    static void configure(JavalinConfig config, Services s, ConnectionDrain drain) {
        Settings.Http http = s.context().settings().http();
        ClientAddress clients = new ClientAddress(http.clientAddressHeader());
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.maxRequestSize = http.maxBodyBytes();
        config.http.prefer405over404 = true;
        config.router.javaLangErrorHandler(ApiErrors::javaLangError);
        config.jetty.host = http.host();
        config.jetty.port = http.port();
        BodyGate bodyGate = new BodyGate(http.maxBodyBytes(), Duration.ofMillis(http.bodyTimeoutMs()),
                new BodyPermits(BodyGate.READS_PER_CLIENT), clients, new WebhookScreens(s.endpoints()),
                s.context().metrics(), DocumentRoutes.PATH);
        config.jetty.modifyServer(server -> {
            server.setErrorHandler(new JsonErrorHandler());
            // Each insert goes in front of the previous one: GracefulHandler, then the body gate, then Javalin.
            server.insertHandler(bodyGate);
            server.insertHandler(new GracefulHandler());
            server.setStopTimeout(STOP_TIMEOUT_MS);
            drain.attach(server);
        });
        HttpMetrics metrics = new HttpMetrics(s.context().metrics(), s.context().answerPool());
        config.requestLogger.http(metrics::record);
        routes(config.routes, s, metrics, clients);
    }

    /** Every route of the server, in one place. */
    static void routes(RoutesConfig routes, Services s, HttpMetrics metrics, ClientAddress clients) {
        ChannelContext c = s.context();
        Settings settings = c.settings();
        Bodies bodies = new Bodies();
        Settings.RateLimit limits = settings.rateLimit();
        RateGuard guard = new RateGuard(c.rateLimiter(),
                new RateLimiter(c.clock(), limits.perAddressPerMinute(), limits.perAddressBurst()), clients);
        // A cached answer holds for one generation on one day: which documents are in force, and "去年", change with the day.
        AnswerService answers = c.answersFor("http", new CachingAnswerService(c.answers(),
                () -> s.retrieval().searcher().corpus().generation() + "@" + java.time.LocalDate.now(c.clock()), ANSWER_CACHE_ENTRIES,
                settings.llm().provider() != Settings.LlmProvider.NONE));
        AskRoute ask = new AskRoute(answers, c.answerPool(), guard, bodies);
        SearchRoute search = new SearchRoute(c.searcher(), settings.retrieval().defaultK(), guard, c.metrics());
        CorpusRoutes corpus = new CorpusRoutes(() -> s.retrieval().searcher().corpus(), c.clock());
        List<String> channels = new ArrayList<>(List.of("http"));
        channels.addAll(s.channels());
        HealthRoute health = new HealthRoute(() -> s.retrieval().searcher().corpus(), channels, s.status(),
                settings.llm().provider().name().toLowerCase(Locale.ROOT), c.clock(), settings.replicaId(), c.database()::available,
                s.documentsApplied());
        AdminRoutes admin = new AdminRoutes(settings.admin().token(), s.retrieval().index(), c.questionLog());
        DocumentRoutes documents = new DocumentRoutes(s.documents(), admin, settings.http().maxUploadBytes(), c.clock());
        StaticAssets assets = new StaticAssets(c.messages());

        routes.before(ctx -> ctx.header("X-Content-Type-Options", "nosniff"));
        routes.before(ApiErrors::requireDecodablePath);
        assets.assets().forEach((path, asset) -> routes.get(path, ctx -> assets.serve(ctx, asset)));
        routes.post("/api/ask", ask::handle);
        routes.get("/api/search", search::handle);
        routes.get("/api/articles/{id}", corpus::article);
        routes.get("/api/passages/{id}", corpus::passage);
        routes.get("/health", health::handle);
        routes.get("/metrics", metrics::scrape);
        routes.post("/api/admin/reindex", admin.guarded(admin::reindex));
        routes.get("/api/admin/unanswered", admin.guarded(admin::unanswered));
        routes.get(DocumentRoutes.PATH, admin.guarded(documents::list));
        routes.post(DocumentRoutes.PATH, admin.guarded(documents::upload));
        routes.delete(DocumentRoutes.PATH + "/{name}", admin.guarded(documents::remove));
        mountEndpoints(routes, s.endpoints(), bodies, clients);
        ApiErrors.register(routes, settings.http().maxBodyBytes());
    }

    private static void mountEndpoints(RoutesConfig routes, List<WebhookEndpoint> endpoints, Bodies bodies,
                                       ClientAddress clients) {
        Set<String> taken = new HashSet<>(List.of("/", "/app.js", "/app.css", "/health", "/metrics"));
        for (WebhookEndpoint e : endpoints) {
            if (!e.path().startsWith("/") || e.path().startsWith("/api/") || !taken.add(e.path())) {
                throw new IllegalArgumentException("channel " + e.name() + " cannot use the route " + e.path());
            }
            for (String method : e.methods()) {
                routes.addHttpHandler(HandlerType.findOrCreate(method.toUpperCase(Locale.ROOT)), e.path(),
                        WebhookAdapter.handler(e, bodies, clients));
            }
        }
    }

    /**
     * Fails at once, with the same one-line message as {@link #start()}, when the configured
     * address cannot be bound, so {@code serve} says so before it spends time building the
     * index. The socket is closed again at once; a port taken in between is still reported
     * by {@link #start()}. Port 0 (any free port) always passes.
     */
    public static void checkCanListen(Settings.Http http) {
        if (http.port() == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(http.host()), http.port()));
        } catch (IOException | SecurityException e) {
            throw cannotListen(http, e);
        }
    }

    private static WebServerException cannotListen(Settings.Http http, Exception cause) {
        return new WebServerException("cannot listen on " + http.host() + ":" + http.port()
                + ": the port is in use or the address is not local (set CHATBOT_HTTP_HOST / CHATBOT_HTTP_PORT)", cause);
    }

    /** Starts listening; a taken port or bad host fails with a one-line message. */
    public WebServer start() {
        try {
            javalin.start();
        } catch (JavalinBindException e) {
            throw cannotListen(http, e);
        } catch (JavalinException e) {
            throw new WebServerException("cannot start the HTTP server on " + http.host() + ":" + http.port() + ": "
                    + e.getMessage(), e);
        }
        started = true;
        return this;
    }

    /** The port listened on (the real one when the settings say 0). */
    public int port() {
        return javalin.port();
    }

    /** The staff page's address. */
    public String url() {
        String host = http.host().contains(":") ? "[" + http.host() + "]" : http.host();
        return "http://" + host + ":" + port() + "/";
    }

    /**
     * Stops accepting connections, lets open connections bring their last requests for up to
     * {@code drain-ms} ({@link ConnectionDrain}), then lets requests in flight finish (up to 15 s).
     */
    @Override
    public void close() {
        if (started) {
            started = false;
            drain.run();
            javalin.stop();
        }
    }
}
