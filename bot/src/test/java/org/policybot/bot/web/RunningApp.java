package org.policybot.bot.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.policybot.bot.App;
import org.policybot.bot.TestSettings;

/**
 * A server through the production wiring ({@link App#start}) for a test class: a real
 * Javalin server on a random port, the real index over the bundled articles and a real
 * SQLite database in a folder of its own, started before the class and stopped after it.
 * Register it with {@code @RegisterExtension static final RunningApp server = ...}.
 */
final class RunningApp implements BeforeAllCallback, AfterAllCallback {

    /** Rate limits out of the way, for tests that ask many questions from one address. */
    static final Map<String, String> NO_RATE_LIMITS = TestSettings.NO_RATE_LIMITS;

    private final Map<String, String> env;
    /** Whether the server reads a copy of the bundled articles (data/articles) that the test may change. */
    private final boolean ownArticles;
    private Path data;
    private App app;
    private Http http;
    /** Nested test classes see the extension too: one server for the outer class and all of them. */
    private int depth;

    private RunningApp(Map<String, String> env) {
        this(env, false);
    }

    private RunningApp(Map<String, String> env, boolean ownArticles) {
        this.env = Map.copyOf(env);
        this.ownArticles = ownArticles;
    }

    /** The same server over a copy of the bundled articles in its data folder, for tests that add or remove files. */
    RunningApp withOwnArticles() {
        return new RunningApp(env, true);
    }

    /** With these settings only. */
    static RunningApp with(Map<String, String> env) {
        return new RunningApp(env);
    }

    /** Without rate limits. */
    static RunningApp withoutRateLimits() {
        return new RunningApp(NO_RATE_LIMITS);
    }

    /** Without rate limits, and with these settings too. */
    static RunningApp withoutRateLimits(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(NO_RATE_LIMITS);
        all.putAll(env);
        return new RunningApp(all);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (depth++ > 0) {
            return;
        }
        data = Files.createTempDirectory("policybot-web-");
        if (ownArticles) {
            Path articles = Files.createDirectories(data.resolve("articles"));
            try (Stream<Path> files = Files.list(TestSettings.bundledArticles())) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, articles.resolve(f.getFileName().toString()));
                }
            }
            app = App.start(TestSettings.of(data, articles, env), Clock.systemUTC());
        } else {
            app = App.start(TestSettings.of(data, env), Clock.systemUTC());
        }
        http = new Http(app.port());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (--depth > 0) {
            return;
        }
        if (app != null) {
            app.close();
        }
        try (Stream<Path> files = Files.walk(data)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    App app() {
        return app;
    }

    Http http() {
        return http;
    }

    Path data() {
        return data;
    }

    /** The articles folder of a server made {@link #withOwnArticles()}. */
    Path articles() {
        return data.resolve("articles");
    }

    int port() {
        return app.port();
    }
}
