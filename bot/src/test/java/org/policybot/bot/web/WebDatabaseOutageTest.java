package org.policybot.bot.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.App;
import org.policybot.bot.TestSettings;
import org.policybot.bot.store.TestDatabases;
import org.policybot.config.Settings;

/**
 * A replica on PostgreSQL while PostgreSQL restarts: the real server (production wiring) on a
 * PostgreSQL server of the test's own, which the test stops ({@code pg_ctl stop -m fast}) and
 * starts again. The routes that need the database answer 503 quickly, questions are still
 * answered from the index, {@code /health} says the database is unavailable, and once
 * PostgreSQL is back everything works again without restarting the replica.
 */
class WebDatabaseOutageTest {

    static final String TOKEN = "admin-token-for-outage-0123456789";
    static final String UNANSWERED = "/api/admin/unanswered";
    /** A behavioural bound, generous on a busy 2-core machine: the wait for a connection is 2 s. */
    static final Duration QUICKLY = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    TestDatabases.Server postgresql;
    App app;
    Http http;

    @BeforeEach
    void start() throws IOException {
        postgresql = TestDatabases.ownServer();
        Settings.Database db = postgresql.freshDatabase();
        Map<String, String> env = new HashMap<>(RunningApp.NO_RATE_LIMITS);
        env.putAll(Map.of("CHATBOT_DB_URL", db.url(), "CHATBOT_DB_USER", db.user(), "CHATBOT_ADMIN_TOKEN", TOKEN,
                "CHATBOT_REPLICA_ID", "replica-a"));
        app = App.start(TestSettings.of(Files.createDirectories(dir.resolve("data")), env), Clock.systemUTC());
        http = new Http(app.port());
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (postgresql != null) {
            postgresql.close();
        }
    }

    @Test
    void should_answer_503_quickly_while_postgresql_is_down_and_work_again_once_it_is_back() {
        // given: a replica that works on PostgreSQL
        assertThat(unanswered().status()).isEqualTo(200);
        JsonNode health = http.get("/health").json();
        assertThat(health.path("database").asText()).isEqualTo("ok");
        assertThat(health.path("replica").asText()).isEqualTo("replica-a");
        assertThat(health.path("indexGeneration").asText()).isEqualTo(app.retrieval().searcher().corpus().generation());

        // when: PostgreSQL stops
        postgresql.stopFast();

        // then: the report that is all database answers 503 at once, every time, without details
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            Http.Reply r = unanswered();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(r.status()).as("attempt %d", i).isEqualTo(503);
            assertThat(r.error()).isEqualTo("数据库暂时不可用，请稍后再试");
            assertThat(r.header("Retry-After")).isEqualTo("5");
            assertThat(r.body()).doesNotContain("Exception", "jdbc", "org.");
            assertThat(took).as("attempt %d took %s", i, took).isLessThan(QUICKLY);
        }
        // and a question in a conversation is still answered, without the memory, as quickly
        long start = System.nanoTime();
        Http.Reply asked = http.ask("{\"question\": \"退役军人养老保险怎么接续？\", \"conversationId\": \"c1\"}");
        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.json().path("answer").asText()).isNotBlank();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(QUICKLY);
        // and /health still answers 200, saying the database is unavailable
        Awaitility.await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
            Http.Reply h = http.get("/health");
            assertThat(h.status()).isEqualTo(200);
            assertThat(h.json().path("status").asText()).isEqualTo("ok");
            assertThat(h.json().path("database").asText()).isEqualTo("unavailable");
        });

        // when: PostgreSQL is back
        postgresql.start();

        // then: the same replica serves the report again within seconds, and says so on /health
        Awaitility.await().atMost(10, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> unanswered().status() == 200);
        assertThat(http.get("/health").json().path("database").asText()).isEqualTo("ok");
        assertThat(http.ask("{\"question\": \"那要带什么材料？\", \"conversationId\": \"c1\"}").status()).isEqualTo(200);
    }

    private Http.Reply unanswered() {
        return http.get(UNANSWERED, "Authorization", "Bearer " + TOKEN);
    }
}
