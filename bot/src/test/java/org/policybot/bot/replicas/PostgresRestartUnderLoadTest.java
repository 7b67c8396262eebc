package org.policybot.bot.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.App;
import org.policybot.bot.TestSettings;
import org.policybot.bot.store.TestDatabases;
import org.policybot.config.Settings;

/**
 * PostgreSQL restarted while two replicas behind nginx are under load: the real application twice
 * in this JVM on a PostgreSQL server of the test's own, nginx with {@code deploy/nginx-policybot.conf},
 * and client threads that keep sending questions, health checks and the unanswered report (a
 * route that is all database) through nginx. The test stops PostgreSQL as an administrator's
 * restart does, keeps it down for a while, starts it again, and counts every response. While it
 * is down the report answers 503 with {@code Retry-After}, quickly, and questions and health
 * checks are still answered; once it is back everything succeeds again without restarting a
 * replica; nothing ever answers 500 or hangs.
 */
class PostgresRestartUnderLoadTest {

    static final String ADMIN_TOKEN = "restart-under-load-admin-token-01";
    static final String UNANSWERED = "/api/admin/unanswered";
    static final ObjectMapper JSON = new ObjectMapper();
    /** A behavioural bound, generous on a busy 2-core machine: the wait for a connection is 2 s. */
    static final Duration QUICKLY = Duration.ofSeconds(5);
    /** How long after PostgreSQL is back every request must succeed again (a replica checks every second). */
    static final Duration RECOVERY = Duration.ofSeconds(10);
    static final Duration BEFORE = Duration.ofSeconds(4);
    static final Duration DOWN = Duration.ofSeconds(6);
    static final Duration AFTER_RECOVERY = Duration.ofSeconds(4);
    static final int CLIENTS = 4;
    static final List<String> QUESTIONS = List.of("退役军人养老保险关系怎么转移接续？", "重复缴费的养老保险怎么退？",
            "12333热线能办什么业务", "服役年限能算失业保险缴费年限吗");

    @TempDir
    Path dir;

    TestDatabases.Server postgresql;
    App a;
    App b;
    Nginx nginx;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One response (or failure to get one) the load saw. */
    record Outcome(String route, long startedNanos, long endedNanos, int status, String retryAfter, String body,
                   String failure) {

        Duration took() {
            return Duration.ofNanos(endedNanos - startedNanos);
        }

        String kind() {
            if (failure != null) {
                return "failed";
            }
            return status / 100 == 2 ? "2xx" : status == 503 ? "503" : "other";
        }

        @Override
        public String toString() {
            return route + " " + (failure != null ? failure : status + " " + body) + " in " + took().toMillis() + " ms";
        }
    }

    @BeforeEach
    void start() throws Exception {
        postgresql = TestDatabases.ownServer();
        Settings.Database db = postgresql.freshDatabase();
        Map<String, String> env = new HashMap<>();
        env.put("CHATBOT_DB_URL", db.url());
        env.put("CHATBOT_DB_USER", db.user());
        env.put("CHATBOT_DB_PASSWORD", db.password());
        env.put("CHATBOT_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("CHATBOT_HTTP_CLIENT_ADDRESS_HEADER", "X-Forwarded-For");
        env.putAll(TestSettings.NO_RATE_LIMITS);
        a = replica("replica-a", env);
        b = replica("replica-b", env);
        nginx = Nginx.start(MultiReplicaTest.repositoryRoot(), List.of(a.port(), b.port()));
    }

    App replica(String name, Map<String, String> shared) throws Exception {
        Map<String, String> env = new HashMap<>(shared);
        env.put("CHATBOT_REPLICA_ID", name);
        return App.start(TestSettings.of(Files.createDirectories(dir.resolve(name)), env), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {nginx, a, b, postgresql}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing the rest anyway
            }
        }
    }

    @Test
    void should_answer_503_quickly_while_postgresql_restarts_under_load_and_succeed_again_once_it_is_back() throws Exception {
        // given: both replicas serving through nginx on PostgreSQL, under load
        Map<String, String> generations = generations();
        assertThat(generations.keySet()).containsExactly("replica-a", "replica-b");
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> loops = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            int client = i;
            loops.add(clients.submit(() -> {
                for (int n = client; running.get(); n++) {
                    outcomes.add(switch (n % 3) {
                        case 0 -> ask(QUESTIONS.get(n % QUESTIONS.size()), "conv-" + client);
                        case 1 -> send("GET /health", HttpRequest.newBuilder(URI.create(nginx.url() + "/health")).GET());
                        default -> send("GET " + UNANSWERED, HttpRequest.newBuilder(URI.create(nginx.url() + UNANSWERED))
                                .header("Authorization", "Bearer " + ADMIN_TOKEN).GET());
                    });
                }
            }));
        }
        Thread.sleep(BEFORE.toMillis());

        // when: PostgreSQL stops (as for a restart), stays down, and starts again
        long stopping = System.nanoTime();
        postgresql.stopFast();
        long down = System.nanoTime();
        Thread.sleep(DOWN.toMillis());
        long starting = System.nanoTime();
        postgresql.start();
        long up = System.nanoTime();
        Thread.sleep(RECOVERY.plus(AFTER_RECOVERY).toMillis());
        running.set(false);
        for (Future<?> loop : loops) {
            loop.get(30, TimeUnit.SECONDS);
        }
        clients.shutdown();

        List<Outcome> all = new ArrayList<>(outcomes);
        System.out.println(counts(all, stopping, down, starting, up));

        // then: nothing failed, hung or answered anything but 2xx or 503
        assertThat(all).filteredOn(o -> o.kind().equals("failed") || o.kind().equals("other")).isEmpty();
        // and a 503 is the database's, from a route that needs it, with Retry-After and no details
        assertThat(all).filteredOn(o -> o.status() == 503).isNotEmpty().allSatisfy(o -> {
            assertThat(o.route()).isEqualTo("GET " + UNANSWERED);
            assertThat(o.retryAfter()).isEqualTo("5");
            assertThat(o.body()).contains("数据库暂时不可用").doesNotContain("Exception", "jdbc", "org.");
        });
        // and before the stop everything succeeded
        assertThat(all).filteredOn(o -> o.endedNanos() < stopping).isNotEmpty().allSatisfy(o -> assertThat(o.status()).isEqualTo(200));
        // and while PostgreSQL was down the report answered 503 quickly, questions and health checks 200
        List<Outcome> whileDown = all.stream().filter(o -> o.startedNanos() > down && o.endedNanos() < starting).toList();
        assertThat(whileDown).filteredOn(o -> o.route().equals("GET " + UNANSWERED)).hasSizeGreaterThan(10)
                .allSatisfy(o -> {
                    assertThat(o.status()).as(o.toString()).isEqualTo(503);
                    assertThat(o.took()).as(o.toString()).isLessThan(QUICKLY);
                });
        assertThat(whileDown).filteredOn(o -> !o.route().equals("GET " + UNANSWERED)).hasSizeGreaterThan(10)
                .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo(200));
        // and from RECOVERY after PostgreSQL was back, every request succeeded again
        long recovered = up + RECOVERY.toNanos();
        assertThat(all).filteredOn(o -> o.startedNanos() > recovered).hasSizeGreaterThan(10)
                .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo(200));
        // and the same replicas serve, with the index they had: neither was restarted
        assertThat(generations()).isEqualTo(generations);
        assertThat(a.port()).isPositive();
        assertThat(b.port()).isPositive();
    }

    /** Each replica's name and index generation, from its own /health (database ok). */
    Map<String, String> generations() throws Exception {
        Map<String, String> seen = new TreeMap<>();
        for (App r : List.of(a, b)) {
            HttpResponse<String> h = http.send(HttpRequest.newBuilder(URI.create(r.url() + "health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode health = JSON.readTree(h.body());
            assertThat(health.path("database").asText()).isEqualTo("ok");
            seen.put(health.path("replica").asText(), health.path("indexGeneration").asText());
        }
        return seen;
    }

    Outcome ask(String question, String conversation) {
        String body = "{\"question\": \"" + question + "\", \"conversationId\": \"" + conversation + "\"}";
        return send("POST /api/ask", HttpRequest.newBuilder(URI.create(nginx.url() + "/api/ask"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    Outcome send(String route, HttpRequest.Builder request) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Outcome(route, started, System.nanoTime(), r.statusCode(),
                    r.headers().firstValue("Retry-After").orElse(null), r.body(), null);
        } catch (Exception e) {
            return new Outcome(route, started, System.nanoTime(), 0, null, "", e.toString());
        }
    }

    /** Responses by phase, route and kind (2xx, 503, other, failed), for the test's output. */
    static String counts(List<Outcome> all, long stopping, long down, long starting, long up) {
        Map<String, Map<String, Integer>> table = new TreeMap<>();
        Set<String> kinds = new TreeSet<>(List.of("2xx", "503", "other", "failed"));
        for (Outcome o : all) {
            String phase = o.startedNanos() < stopping ? "1 before" : o.startedNanos() < up ? "2 stopping/down/starting" : "3 after";
            table.computeIfAbsent(phase + " | " + o.route(), k -> new TreeMap<>()).merge(o.kind(), 1, Integer::sum);
        }
        StringBuilder out = new StringBuilder(String.format("PostgreSQL restart under load: stop took %d ms, down %d ms, start took %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(down - stopping), TimeUnit.NANOSECONDS.toMillis(starting - down),
                TimeUnit.NANOSECONDS.toMillis(up - starting)));
        Map<String, Integer> total = new TreeMap<>();
        table.forEach((row, byKind) -> {
            out.append(String.format("  %-48s", row));
            for (String k : kinds) {
                out.append(String.format(" %s=%d", k, byKind.getOrDefault(k, 0)));
                total.merge(k, byKind.getOrDefault(k, 0), Integer::sum);
            }
            out.append('\n');
        });
        long lastFailure = all.stream().filter(o -> o.startedNanos() > up && o.status() != 200).mapToLong(Outcome::endedNanos).max().orElse(up);
        out.append("  total ").append(total).append(String.format("; last non-2xx %d ms after PostgreSQL was back",
                TimeUnit.NANOSECONDS.toMillis(lastFailure - up)));
        return out.toString();
    }
}
