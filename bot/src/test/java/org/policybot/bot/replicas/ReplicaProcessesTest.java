package org.policybot.bot.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.TestSettings;
import org.policybot.bot.store.TestDatabases;
import org.policybot.bot.telegram.TelegramEmulator;
import org.policybot.config.Settings;

/**
 * {@code kill -9} of a replica, with the replicas in JVMs of their own on one PostgreSQL, as
 * {@code deploy/} runs them: what {@link MultiReplicaTest} cannot do in one JVM. The Telegram
 * Bot API emulator plays Telegram, nginx (the deployed server block) sits in front in webhook
 * mode. Each test counts, at the emulator, the updates never answered (lost: must be none)
 * and the updates answered twice (the crash window: a reply sent just before its replica died
 * and not yet recorded as sent is sent again by the replica that takes over; at most one per
 * chat, and no more than the dead replica could be answering at once), and prints both.
 */
class ReplicaProcessesTest {

    static final String HOOK_SECRET = "kill-hook_secret";
    /** Threads a replica answers chats on: the most chats whose reply a killed replica can have in flight. */
    static final int POOL = 4;
    /** Between a chat's updates: the run lasts several seconds, so the kill falls among deliveries and replies. */
    static final Duration SEND_GAP = Duration.ofMillis(300);
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path dir;

    static Path articles;
    static Settings.Database db;
    static TelegramEmulator emulator;
    static HttpServer model;
    /** While set, the model takes a request and never answers it: the answer of that replica stays in flight. */
    static final AtomicBoolean modelHangs = new AtomicBoolean();
    static final CountDownLatch modelAsked = new CountDownLatch(1);
    final List<AutoCloseable> running = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabases.fresh(TestDatabases.Kind.POSTGRESQL, dir);
        articles = Files.createDirectories(dir.resolve("articles"));
        try (Stream<Path> files = Files.list(TestSettings.bundledArticles())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).toList()) {
                Files.copy(f, articles.resolve(f.getFileName()));
            }
        }
        emulator = TelegramEmulator.start();
        model = model();
    }

    @AfterEach
    void stopReplicas() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception ignored) {
                // closing the rest anyway
            }
        }
        running.clear();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
        if (model != null) {
            model.stop(0);
        }
    }

    Map<String, String> env(String token) {
        Map<String, String> env = new HashMap<>();
        env.put("CHATBOT_DB_URL", db.url());
        env.put("CHATBOT_DB_USER", db.user());
        env.put("CHATBOT_DB_PASSWORD", db.password());
        env.put("CHATBOT_TELEGRAM_TOKEN", token);
        env.put("CHATBOT_TELEGRAM_API_URL", emulator.apiUrl());
        env.put("CHATBOT_ANSWER_POOL_SIZE", String.valueOf(POOL));
        env.put("CHATBOT_EXAMPLES", "焦作欠薪维权电话多少？");
        env.putAll(TestSettings.NO_RATE_LIMITS);
        return env;
    }

    /** Starts the replicas side by side and waits until each takes requests. */
    List<ReplicaProcess> replicas(String test, Map<String, Map<String, String>> envs) throws Exception {
        long start = System.nanoTime();
        List<ReplicaProcess> started = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : envs.entrySet()) {
            ReplicaProcess r = ReplicaProcess.start(e.getKey(), dir.resolve(test).resolve(e.getKey()), articles, e.getValue());
            running.add(r);
            started.add(r);
        }
        for (ReplicaProcess r : started) {
            r.awaitReady(120);
        }
        System.out.printf("ReplicaProcessesTest %s: %d replica JVMs took requests %d ms after they were started%n", test,
                started.size(), (System.nanoTime() - start) / 1_000_000);
        return started;
    }

    @Test
    void should_lose_no_webhook_update_and_repeat_at_most_the_replies_in_flight_when_a_replica_is_killed_mid_run()
            throws Exception {
        // given: three replicas taking webhook calls behind nginx; replica B's model hangs once
        // armed, so the answer it is composing when it dies stays unsent
        String token = "100091:kill-webhook";
        Map<String, String> shared = env(token);
        shared.put("CHATBOT_TELEGRAM_MODE", "webhook");
        shared.put("CHATBOT_TELEGRAM_WEBHOOK_SECRET", HOOK_SECRET);
        shared.put("CHATBOT_TELEGRAM_PENDING_SWEEP_SECONDS", "1");
        Map<String, String> withModel = new HashMap<>(shared);
        withModel.put("CHATBOT_LLM_PROVIDER", "openai");
        withModel.put("CHATBOT_LLM_BASE_URL", "http://127.0.0.1:" + model.getAddress().getPort() + "/v1");
        withModel.put("CHATBOT_LLM_API_KEY", "test-key");
        withModel.put("CHATBOT_LLM_MODEL", "hangs");
        withModel.put("CHATBOT_LLM_TIMEOUT_MS", "120000");
        Map<String, Map<String, String>> envs = new LinkedHashMap<>();
        envs.put("replica-a", shared);
        envs.put("replica-b", withModel);
        envs.put("replica-c", shared);
        List<ReplicaProcess> replicas = replicas("webhook", envs);
        ReplicaProcess victim = replicas.get(1);
        Nginx nginx = Nginx.start(MultiReplicaTest.repositoryRoot(), replicas.stream().map(ReplicaProcess::port).toList());
        running.add(nginx);

        // when: 10 chats send 20 updates each, every update delivered to one replica and again to
        // another; half-way, a question of an eleventh chat reaches B alone and B is killed
        // while composing its answer. Deliveries that fail are delivered again through nginx,
        // as Telegram retries a webhook call that failed.
        int chats = 10;
        int perChat = 20;
        AtomicInteger delivered = new AtomicInteger();
        CountDownLatch halfway = new CountDownLatch(1);
        AtomicInteger redelivered = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(chats + 1);
        List<Future<?>> senders = new ArrayList<>();
        for (int c = 0; c < chats; c++) {
            long chat = 910_000 + c;
            int index = c;
            senders.add(pool.submit(() -> {
                for (int k = 0; k < perChat; k++) {
                    String update = TelegramEmulator.commandUpdate(5_000_000L + k * chats + index, chat, "/q" + chat + "n" + k);
                    int first = (k + index) % replicas.size();
                    deliver(replicas.get(first), update, nginx, redelivered);
                    deliver(replicas.get((first + 1) % replicas.size()), update, nginx, redelivered);
                    if (delivered.incrementAndGet() == chats * perChat / 2) {
                        halfway.countDown();
                    }
                    Thread.sleep(SEND_GAP.toMillis());
                }
                return null;
            }));
        }
        String lonely = "919999";
        assertThat(halfway.await(120, TimeUnit.SECONDS)).as("half the updates delivered").isTrue();
        modelHangs.set(true);
        assertThat(postUpdate(victim.url(), question(5_999_999L, Long.parseLong(lonely), "重复缴费的养老保险怎么退？")))
                .isEqualTo(200);
        assertThat(modelAsked.await(30, TimeUnit.SECONDS)).as("B composes the lonely chat's answer").isTrue();
        victim.kill();
        long killed = System.nanoTime();
        List<TelegramEmulator.Sent> lonelyReplies = collect(token, lonely, 1);
        long lonelyMillis = (System.nanoTime() - killed) / 1_000_000;
        for (Future<?> f : senders) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        // then: every update of every chat answered, in order; repeats only of replies in flight
        int lost = 0;
        int twice = 0;
        List<String> report = new ArrayList<>();
        for (int c = 0; c < chats; c++) {
            String chat = String.valueOf(910_000 + c);
            List<Integer> order = numbers(collect(token, chat, perChat), "/q" + chat + "n");
            int distinct = (int) order.stream().distinct().count();
            lost += perChat - distinct;
            twice += order.size() - distinct;
            assertThat(order.size() - distinct).as("chat %s answered twice at most its reply in flight: %s", chat, order)
                    .isLessThanOrEqualTo(1);
            assertThat(collapseRepeats(order)).as("chat %s: in update order, each once but for a repeat in place: %s", chat,
                    order).isEqualTo(range(perChat));
            report.add(chat + "=" + order.size());
        }
        lonelyReplies.addAll(emulator.takeBotMessages(token, lonely));
        System.out.printf("ReplicaProcessesTest webhook kill -9: %d updates in %d chats, each delivered twice (%d deliveries "
                        + "redelivered through nginx); lost %d, answered twice %d; the question the killed replica was "
                        + "answering, its chat's last update, answered %d time(s) by a survivor, %d ms after the kill%n",
                chats * perChat + 1, chats + 1, redelivered.get(), lost + (lonelyReplies.isEmpty() ? 1 : 0), twice,
                lonelyReplies.size(), lonelyMillis);
        assertThat(lost).as("updates never answered").isZero();
        assertThat(twice).as("updates answered twice: only replies the killed replica had in flight").isLessThanOrEqualTo(POOL);
        assertThat(lonelyReplies).as("the question B was answering when it died, with no later update of its chat")
                .hasSize(1);
        assertThat(unanswered(token)).as("updates left unanswered in the database").isZero();
        assertThat(replicas.get(0).alive() && replicas.get(2).alive()).isTrue();
    }

    @Test
    void should_hand_polling_to_the_standby_within_30_s_when_the_leader_is_killed_and_answer_each_message_once()
            throws Exception {
        // given: two replicas polling one bot on one PostgreSQL; exactly one of them polls
        String token = "100092:kill-polling";
        Map<String, String> env = env(token);
        env.put("CHATBOT_TELEGRAM_MODE", "polling");
        env.put("CHATBOT_TELEGRAM_LEADER_RETRY_SECONDS", "1");
        Map<String, Map<String, String>> envs = new LinkedHashMap<>();
        envs.put("poller-a", env);
        envs.put("poller-b", env);
        List<ReplicaProcess> replicas = replicas("polling", envs);
        ReplicaProcess leader = awaitLeader(replicas, Duration.ofSeconds(30));
        ReplicaProcess standby = replicas.get(0) == leader ? replicas.get(1) : replicas.get(0);
        Thread.sleep(2000); // a few attempts of the standby
        assertThat(polling(leader)).isEqualTo("leader");
        assertThat(polling(standby)).as("exactly one replica polls").isEqualTo("standby");

        int chats = 6;
        Map<String, List<TelegramEmulator.Sent>> got = new LinkedHashMap<>();
        List<String> chatIds = new ArrayList<>();
        for (int c = 0; c < chats; c++) {
            chatIds.add(String.valueOf(920_000 + c));
            got.put(chatIds.get(c), new ArrayList<>());
        }
        // messages 0-1 of each chat before the kill, answered
        sendRound(token, chatIds, 0, 2);
        awaitReplies(token, got, 2, Duration.ofSeconds(60));

        // when: messages 2-4 arrive, and the leader is killed once it has answered a few of them
        sendRound(token, chatIds, 2, 3);
        awaitTotal(token, got, chats * 2 + 3, Duration.ofSeconds(30));
        leader.kill();
        long killed = System.nanoTime();
        // message 5 in the gap, before the standby polls
        sendRound(token, chatIds, 5, 1);
        ReplicaProcess next = awaitLeader(List.of(standby), Duration.ofSeconds(30));
        long takeoverMillis = (System.nanoTime() - killed) / 1_000_000;
        // message 6 after
        sendRound(token, chatIds, 6, 1);

        // then: the standby took over within 30 s; every message answered, in order, once but for the crash window
        int perChat = 7;
        awaitReplies(token, got, perChat, Duration.ofSeconds(60));
        Thread.sleep(1500); // time for any repeat to arrive
        int lost = 0;
        int twice = 0;
        for (String chat : chatIds) {
            got.get(chat).addAll(emulator.takeBotMessages(token, chat));
            List<Integer> order = numbers(got.get(chat), "/p" + chat + "n");
            int distinct = (int) order.stream().distinct().count();
            lost += perChat - distinct;
            twice += order.size() - distinct;
            assertThat(order.size() - distinct).as("chat %s answered twice at most its reply in flight: %s", chat, order)
                    .isLessThanOrEqualTo(1);
            assertThat(collapseRepeats(order)).as("chat %s: in order, each once but for a repeat in place: %s", chat, order)
                    .isEqualTo(range(perChat));
        }
        System.out.printf("ReplicaProcessesTest polling kill -9 of the leader: %d messages in %d chats (before, during, in "
                + "the gap, after); standby polling %d ms after the kill; lost %d, answered twice %d%n",
                chats * perChat, chats, takeoverMillis, lost, twice);
        assertThat(next).isSameAs(standby);
        assertThat(takeoverMillis).as("the standby polls within 30 s of the kill").isLessThan(30_000);
        assertThat(lost).as("messages never answered").isZero();
        assertThat(twice).as("messages answered twice: only replies the killed leader had in flight").isLessThanOrEqualTo(POOL);
        assertThat(unanswered(token)).as("updates left unanswered in the database").isZero();
    }

    /** The replica that reports itself the polling leader on /health, once one does. */
    static ReplicaProcess awaitLeader(List<ReplicaProcess> replicas, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            for (ReplicaProcess r : replicas) {
                if ("leader".equals(polling(r))) {
                    return r;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no replica polls after " + limit.toSeconds() + " s");
    }

    /** {@code telegramPolling} of the replica's /health. */
    static String polling(ReplicaProcess r) throws Exception {
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(r.url() + "health"))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(health.body()).path("telegramPolling").asText();
    }

    /** Messages {@code from} to {@code from + count - 1} of each chat, as its user sends them (commands the bot echoes). */
    static void sendRound(String token, List<String> chats, int from, int count) {
        for (int k = from; k < from + count; k++) {
            for (String chat : chats) {
                String text = "/p" + chat + "n" + k;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("from", Map.of("id", Long.parseLong(chat), "first_name", "用户", "is_bot", false));
                m.put("chat", Map.of("id", Long.parseLong(chat), "type", "private", "first_name", "用户"));
                m.put("date", System.currentTimeMillis() / 1000);
                m.put("text", text);
                m.put("entities", List.of(Map.of("type", "bot_command", "offset", 0, "length", text.length())));
                emulator.send(token, m);
            }
        }
    }

    /** Takes the bot's replies into {@code got} until each chat has {@code count}, or the limit passes. */
    static void awaitReplies(String token, Map<String, List<TelegramEmulator.Sent>> got, int count, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        for (Map.Entry<String, List<TelegramEmulator.Sent>> e : got.entrySet()) {
            while (e.getValue().size() < count && System.nanoTime() < deadline) {
                e.getValue().addAll(emulator.takeBotMessages(token, e.getKey()));
                if (e.getValue().size() < count) {
                    Thread.sleep(100);
                }
            }
        }
    }

    /** Takes the bot's replies into {@code got} until there are {@code total} in all, or the limit passes. */
    static void awaitTotal(String token, Map<String, List<TelegramEmulator.Sent>> got, int total, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            int n = 0;
            for (Map.Entry<String, List<TelegramEmulator.Sent>> e : got.entrySet()) {
                e.getValue().addAll(emulator.takeBotMessages(token, e.getKey()));
                n += e.getValue().size();
            }
            if (n >= total) {
                return;
            }
            Thread.sleep(50);
        }
    }

    /**
     * Delivers an update to a replica as Telegram would: a call that fails (the replica died,
     * nginx found no replica) is delivered again through nginx until it is acknowledged.
     */
    static void deliver(ReplicaProcess to, String update, Nginx nginx, AtomicInteger redelivered) throws InterruptedException {
        try {
            if (postUpdate(to.url(), update) == 200) {
                return;
            }
        } catch (IOException failed) {
            // refused or cut off: redelivered below
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            redelivered.incrementAndGet();
            try {
                if (postUpdate(nginx.url() + "/", update) == 200) {
                    return;
                }
            } catch (IOException failed) {
                // nginx itself did not answer: again
            }
            Thread.sleep(200);
        }
        throw new AssertionError("an update was not acknowledged through nginx within 60 s");
    }

    static int postUpdate(String base, String update) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "telegram")).timeout(Duration.ofSeconds(10))
                .header("X-Telegram-Bot-Api-Secret-Token", HOOK_SECRET).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(update, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** Waits for {@code count} replies in the chat, then a little longer for any repeat. */
    static List<TelegramEmulator.Sent> collect(String token, String chat, int count) throws InterruptedException {
        List<TelegramEmulator.Sent> got = emulator.awaitBotMessages(token, chat, count, Duration.ofSeconds(90));
        Thread.sleep(500);
        got.addAll(emulator.takeBotMessages(token, chat));
        return got;
    }

    static List<Integer> numbers(List<TelegramEmulator.Sent> replies, String prefix) {
        List<Integer> out = new ArrayList<>();
        Pattern p = Pattern.compile(Pattern.quote(prefix) + "(\\d+)");
        for (TelegramEmulator.Sent s : replies) {
            Matcher m = p.matcher(s.text());
            assertThat(m.find()).as(s.text()).isTrue();
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }

    /** The sequence with each run of one repeated value kept once: a reply sent again right after itself. */
    static List<Integer> collapseRepeats(List<Integer> order) {
        List<Integer> out = new ArrayList<>();
        for (Integer n : order) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(n)) {
                out.add(n);
            }
        }
        return out;
    }

    static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    static String question(long updateId, long chat, String text) {
        return "{\"update_id\": " + updateId + ", \"message\": {\"message_id\": " + updateId + ", \"date\": 1760000000, "
                + "\"from\": {\"id\": " + chat + ", \"is_bot\": false, \"first_name\": \"用户\"}, "
                + "\"chat\": {\"id\": " + chat + ", \"type\": \"private\", \"first_name\": \"用户\"}, "
                + "\"text\": \"" + text + "\"}}";
    }

    /** Updates of the bot still stored as received, not answered. */
    static int unanswered(String token) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement ps = c.prepareStatement(
                     "SELECT count(*) FROM telegram_updates WHERE bot_id = ? AND state = 'RECEIVED'")) {
            ps.setString(1, token.substring(0, token.indexOf(':')));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * A model endpoint: fails at once (the extractive answer is given) until {@link #modelHangs}
     * is set; then it takes the request and never answers, so the answer stays in flight.
     */
    static HttpServer model() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (modelHangs.get()) {
                modelAsked.countDown();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            byte[] body = "{\"error\":{\"message\":\"overloaded\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(503, body.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        });
        s.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hanging-model");
            t.setDaemon(true);
            return t;
        }));
        s.start();
        return s;
    }
}
