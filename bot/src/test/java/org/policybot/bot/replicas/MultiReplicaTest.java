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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.App;
import org.policybot.bot.TestSettings;
import org.policybot.bot.digest.DigestService;
import org.policybot.bot.store.TestDatabases;
import org.policybot.bot.telegram.TelegramEmulator;
import org.policybot.bot.wechat.WechatSide;
import org.policybot.config.Settings;

/**
 * Two {@code serve} replicas on one PostgreSQL behind nginx, as {@code deploy/} sets them up:
 * the real application twice in this JVM (own ports, data folders, articles folders (copies of
 * one seed) and replica names; one database), nginx with the deployed server block, WeChat's signed
 * deliveries, the Telegram Bot API emulator and a WeCom robot stand-in. Each test sends what
 * the platforms send, spread over both replicas, and counts what came out.
 *
 * <p>In one JVM: the replicas share no state in memory (no static singletons: {@code App}
 * wires everything per instance), so in-process they can only meet in PostgreSQL, as
 * separate processes do; and it saves a minute of start-up per replica. Every answer waits
 * {@link #MODEL_DELAY} for a language model that then fails (the extractive answer is
 * given), so a redelivery reaches the other replica while the first is still computing.
 */
class MultiReplicaTest {

    static final Duration MODEL_DELAY = Duration.ofMillis(1200);
    static final String BOT_TOKEN = "100088:replica-bot";
    static final String HOOK_SECRET = "replica-hook_secret";
    static final String ADMIN_TOKEN = "replica-admin-token-0001";
    static final String DIGEST_GROUP = "-100888";
    static final String LONG_TITLE = "退役军人社会保险接续办理指南";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;

    /** The seed each replica's articles folder is copied from. */
    static Path articles;
    static HttpServer slowModel;
    static HttpServer robot;
    static final List<String> robotMessages = Collections.synchronizedList(new ArrayList<>());
    static TelegramEmulator emulator;
    static App a;
    static App b;
    static Nginx nginx;

    @BeforeAll
    static void start() throws Exception {
        Settings.Database db = TestDatabases.fresh(TestDatabases.Kind.POSTGRESQL, dir);
        articles = Files.createDirectories(dir.resolve("articles"));
        try (Stream<Path> files = Files.list(TestSettings.bundledArticles())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).toList()) {
                Files.copy(f, articles.resolve(f.getFileName()));
            }
        }
        Files.writeString(articles.resolve("100_guide.md"), longArticle());
        slowModel = slowModel();
        robot = robot();
        emulator = TelegramEmulator.start();
        Map<String, String> env = new HashMap<>();
        env.put("CHATBOT_DB_URL", db.url());
        env.put("CHATBOT_DB_USER", db.user());
        env.put("CHATBOT_DB_PASSWORD", db.password());
        env.put("CHATBOT_WECHAT_TOKEN", WechatSide.TOKEN);
        env.put("CHATBOT_TELEGRAM_TOKEN", BOT_TOKEN);
        env.put("CHATBOT_TELEGRAM_API_URL", emulator.apiUrl());
        env.put("CHATBOT_TELEGRAM_MODE", "webhook");
        env.put("CHATBOT_TELEGRAM_WEBHOOK_SECRET", HOOK_SECRET);
        env.put("CHATBOT_LLM_PROVIDER", "openai");
        env.put("CHATBOT_LLM_BASE_URL", "http://127.0.0.1:" + slowModel.getAddress().getPort() + "/v1");
        env.put("CHATBOT_LLM_API_KEY", "test-key");
        env.put("CHATBOT_LLM_MODEL", "slow");
        env.put("CHATBOT_LLM_TIMEOUT_MS", "10000");
        env.put("CHATBOT_EXAMPLES", "焦作欠薪维权电话多少？");
        env.put("CHATBOT_DIGEST_WECOM_WEBHOOKS", "http://127.0.0.1:" + robot.getAddress().getPort()
                + "/cgi-bin/webhook/send?key=replica-robot");
        env.put("CHATBOT_DIGEST_TELEGRAM_CHATS", DIGEST_GROUP);
        env.put("CHATBOT_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("CHATBOT_HTTP_CLIENT_ADDRESS_HEADER", "X-Forwarded-For");
        env.putAll(TestSettings.NO_RATE_LIMITS);
        env.put("CHATBOT_DB_DOCUMENTS_FOLLOW_MS", "500");
        a = replica("replica-a", env);
        b = replica("replica-b", env);
        nginx = Nginx.start(repositoryRoot(), List.of(a.port(), b.port()));
    }

    static App replica(String name, Map<String, String> shared) throws IOException {
        Map<String, String> env = new HashMap<>(shared);
        env.put("CHATBOT_REPLICA_ID", name);
        Path data = Files.createDirectories(dir.resolve(name));
        Path own = Files.createDirectories(dir.resolve(name + "-articles"));
        try (Stream<Path> files = Files.list(articles)) {
            for (Path f : files.toList()) {
                Files.copy(f, own.resolve(f.getFileName()));
            }
        }
        return App.start(TestSettings.of(data, own, env), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {nginx, a, b, emulator}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing the rest anyway
            }
        }
        if (slowModel != null) {
            slowModel.stop(0);
        }
        if (robot != null) {
            robot.stop(0);
        }
    }

    @Test
    void should_spread_requests_round_robin_over_both_replicas_through_nginx() throws Exception {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = get(nginx.url() + "/health");
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode health = JSON.readTree(r.body());
            assertThat(health.path("database").asText()).isEqualTo("ok");
            seen.add(health.path("replica").asText());
        }

        assertThat(seen).containsExactlyInAnyOrder("replica-a", "replica-b");
    }

    @Test
    void should_compute_each_wechat_message_once_whichever_replicas_its_three_deliveries_reach() throws Exception {
        // given: 20 messages, each delivered through nginx, then to replica A, then to replica B
        // while the first delivery is still being answered, as WeChat's retries would arrive
        List<String> questions = List.of("焦作欠薪维权电话多少？", "我2013年退伍的，养老保险关系要自己去接续吗？",
                "退役军人养老保险关系怎么转移接续？", "重复缴费的养老保险怎么退？", "社保关系转移需要带什么材料？");
        double before = wechatAnswers(a) + wechatAnswers(b);
        WechatSide viaNginx = new WechatSide(nginx.url() + "/wechat", false);
        WechatSide toA = new WechatSide(a.url() + "wechat", false);
        WechatSide toB = new WechatSide(b.url() + "wechat", false);
        ExecutorService pool = Executors.newFixedThreadPool(24);
        List<List<Future<WechatSide.Reply>>> deliveries = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                String user = "oReplicaUser_" + i;
                long msgId = 77_000_000L + i;
                String question = questions.get(i % questions.size());
                List<Future<WechatSide.Reply>> three = new ArrayList<>();
                int n = 0;
                for (WechatSide side : List.of(viaNginx, toA, toB)) {
                    long delay = 300L * n++;
                    three.add(pool.submit(() -> {
                        Thread.sleep(delay);
                        return side.text(user, msgId, question);
                    }));
                }
                deliveries.add(three);
                Thread.sleep(250);
            }

            // then: every delivery is answered with the one answer (or "success" while it is computed)
            for (List<Future<WechatSide.Reply>> three : deliveries) {
                List<WechatSide.Reply> replies = new ArrayList<>();
                for (Future<WechatSide.Reply> f : three) {
                    replies.add(f.get(30, TimeUnit.SECONDS));
                }
                assertThat(replies).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
                List<String> texts = replies.stream().filter(r -> !r.isSuccess()).map(WechatSide.Reply::content).distinct().toList();
                assertThat(texts).as("the deliveries of one message get one answer").hasSize(1);
                assertThat(texts.get(0)).isNotBlank();
            }
        } finally {
            pool.shutdownNow();
        }
        // and: 20 answers were computed in all, not one per replica that saw the message
        assertThat(wechatAnswers(a) + wechatAnswers(b) - before).isEqualTo(20.0);
    }

    @Test
    void should_give_the_next_part_of_a_long_answer_on_more_sent_to_the_other_replica() {
        WechatSide toA = new WechatSide(a.url() + "wechat", false);
        WechatSide toB = new WechatSide(b.url() + "wechat", false);
        String question = "总结一下" + LONG_TITLE;
        // the parts as one replica gives them
        List<String> expected = new ArrayList<>();
        expected.add(toA.text("oMoreControl", 78_000_001L, question).content());
        expected.add(toA.text("oMoreControl", 78_000_002L, "更多").content());
        assertThat(expected.get(0)).as("a reply in parts").endsWith("（回复\"更多\"查看剩余内容）");

        // when: the question reaches A, "更多" reaches B, and WeChat's retry of that "更多" reaches A
        String first = toA.text("oMoreUser", 78_000_101L, question).content();
        String more = toB.text("oMoreUser", 78_000_102L, "更多").content();
        String retried = toA.text("oMoreUser", 78_000_102L, "更多").content();

        assertThat(first).isEqualTo(expected.get(0));
        assertThat(more).isEqualTo(expected.get(1)).isNotEqualTo(first);
        assertThat(retried).isEqualTo(more);
    }

    @Test
    void should_answer_each_telegram_update_once_and_in_order_when_every_update_reaches_both_replicas() throws Exception {
        // given: 10 private chats, 20 updates each; every update is delivered to one replica and
        // again to the other (each chat's updates in order, as Telegram sends them)
        int chats = 10;
        int perChat = 20;
        ExecutorService pool = Executors.newFixedThreadPool(chats);
        List<Future<List<Integer>>> senders = new ArrayList<>();
        for (int c = 0; c < chats; c++) {
            long chat = 880_000 + c;
            int index = c;
            senders.add(pool.submit(() -> {
                List<Integer> statuses = new ArrayList<>();
                for (int k = 0; k < perChat; k++) {
                    String update = TelegramEmulator.commandUpdate(9_000_000L + k * chats + index, chat, "/q" + chat + "n" + k);
                    App first = (k + index) % 2 == 0 ? a : b;
                    App second = first == a ? b : a;
                    statuses.add(postUpdate(first, update));
                    statuses.add(postUpdate(second, update));
                }
                return statuses;
            }));
        }
        for (Future<List<Integer>> f : senders) {
            assertThat(f.get(60, TimeUnit.SECONDS)).containsOnly(200);
        }
        pool.shutdown();

        // then: each chat gets exactly one reply per update, in the order of its updates
        for (int c = 0; c < chats; c++) {
            String chat = String.valueOf(880_000 + c);
            List<TelegramEmulator.Sent> got = emulator.awaitBotMessages(BOT_TOKEN, chat, perChat, Duration.ofSeconds(90));
            Thread.sleep(c == 0 ? 3000 : 0); // time for a second answer to any update to arrive
            got.addAll(emulator.takeBotMessages(BOT_TOKEN, chat));
            List<Integer> order = new ArrayList<>();
            Pattern p = Pattern.compile("/q" + chat + "n(\\d+)");
            for (TelegramEmulator.Sent s : got) {
                Matcher m = p.matcher(s.text());
                assertThat(m.find()).as(s.text()).isTrue();
                order.add(Integer.parseInt(m.group(1)));
            }
            List<Integer> expected = new ArrayList<>();
            for (int k = 0; k < perChat; k++) {
                expected.add(k);
            }
            assertThat(order).as("chat " + chat + ": one reply per update, in update order").isEqualTo(expected);
        }
    }

    @Test
    void should_send_each_new_article_version_once_per_target_when_both_replicas_run_the_digest_at_once() throws Exception {
        // given: a new article, indexed by both replicas
        String title = "我市开通退役军人社保接续绿色通道";
        for (App r : List.of(a, b)) {
            Files.writeString(r.retrieval().index().articlesDir().resolve("101_green.md"), "# " + title + "\n\n本报记者 杜 玲\n\n"
                    + "为方便退役军人办理社会保险关系接续，市人社局在政务服务中心开通绿色通道。退役军人可在一个窗口办理养老、医疗和失业保险的接续手续。\n\n"
                    + "据介绍，绿色通道每周一至周五开放，今年以来已为120名退役军人办理接续业务。\n");
            assertThat(post(r.url() + "api/admin/reindex", "", Map.of("Authorization", "Bearer " + ADMIN_TOKEN)).statusCode())
                    .isEqualTo(200);
        }

        // when: both replicas run the digest at the same moment, twice
        List<DigestService.TargetResult> results = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<List<DigestService.TargetResult>>> runs = new ArrayList<>();
            for (App r : List.of(a, b)) {
                Callable<List<DigestService.TargetResult>> run = () -> {
                    go.await();
                    return r.digests().run(false);
                };
                runs.add(pool.submit(run));
            }
            go.countDown();
            for (Future<List<DigestService.TargetResult>> f : runs) {
                results.addAll(f.get(60, TimeUnit.SECONDS));
            }
            pool.shutdown();
        }

        // then: each target got the article once, from one of the replicas
        assertThat(results).filteredOn(r -> r.status() == DigestService.Status.SENT)
                .extracting(r -> r.target().kind()).containsExactlyInAnyOrder("telegram", "wecom");
        assertThat(results).filteredOn(r -> r.status() == DigestService.Status.FAILED).isEmpty();
        assertThat(robotMessages).filteredOn(m -> m.contains(title)).hasSize(1);
        List<TelegramEmulator.Sent> group = emulator.awaitBotMessages(BOT_TOKEN, DIGEST_GROUP, 1, Duration.ofSeconds(20));
        Thread.sleep(1000);
        group.addAll(emulator.takeBotMessages(BOT_TOKEN, DIGEST_GROUP));
        assertThat(group).filteredOn(m -> m.text().contains(title)).hasSize(1);
    }

    @Test
    void should_let_the_other_replica_answer_from_a_document_uploaded_on_one_and_stop_once_it_is_deleted_there() throws Exception {
        // given: a made-up notice uploaded through replica A's documents route
        String file = "200_taiji.md";
        String question = "太极拳交流大会的报名电话是多少？";
        String notice = "# 我市举办第三届太极拳交流大会\n\n本报记者 李 明\n\n"
                + "第三届太极拳交流大会将于十月在市体育中心举行，面向全市太极拳爱好者开放报名。\n\n"
                + "太极拳交流大会的报名电话为0391-5550123，报名截止到九月三十日。\n";
        String boundary = "replica-upload-boundary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file + "\"\r\n"
                + "Content-Type: text/markdown\r\n\r\n" + notice + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> uploaded = post(a.url() + "api/admin/documents", body, Map.of("Authorization", "Bearer " + ADMIN_TOKEN,
                "Content-Type", "multipart/form-data; boundary=" + boundary));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);

        // then: replica B answers from it within 10 s
        assertThat(citesWithin(b, question, file, true, Duration.ofSeconds(10))).as("B cites the upload").isTrue();
        assertThat(Files.readString(b.retrieval().index().articlesDir().resolve(file))).isEqualTo(notice);
        assertThat(JSON.readTree(get(b.url() + "health").body()).path("documents").asLong()).isPositive();

        // when: it is deleted through replica B
        HttpResponse<String> deleted = HTTP.send(HttpRequest.newBuilder(URI.create(b.url() + "api/admin/documents/" + file))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + ADMIN_TOKEN).DELETE().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);

        // then: replica A no longer cites it within 10 s, and its folder no longer has it
        assertThat(citesWithin(a, question, file, false, Duration.ofSeconds(10))).as("A stops citing it").isTrue();
        assertThat(a.retrieval().index().articlesDir().resolve(file)).doesNotExist();
    }

    /** Asks the replica until whether its answer cites {@code file} is {@code wanted}; false if that does not happen in time. */
    static boolean citesWithin(App replica, String question, String file, boolean wanted, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        do {
            HttpResponse<String> r = post(replica.url() + "api/ask", JSON.writeValueAsString(Map.of("question", question)),
                    Map.of("Content-Type", "application/json"));
            boolean cites = false;
            for (JsonNode c : JSON.readTree(r.body()).path("citations")) {
                cites |= file.equals(c.path("file").asText());
            }
            if (r.statusCode() == 200 && cites == wanted) {
                return true;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return false;
    }

    /** Answers composed for WeChat by a replica, from its /metrics. */
    static double wechatAnswers(App replica) throws Exception {
        double sum = 0;
        for (String line : get(replica.url() + "metrics").body().split("\n")) {
            if (line.startsWith("policybot_answers_total{") && line.contains("channel=\"wechat\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    static int postUpdate(App replica, String update) throws Exception {
        return post(replica.url() + "telegram", update, Map.of("X-Telegram-Bot-Api-Secret-Token", HOOK_SECRET,
                "Content-Type", "application/json")).statusCode();
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> post(String url, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(r::header);
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A model endpoint that takes {@link #MODEL_DELAY} and then fails, so the extractive answer is given. */
    static HttpServer slowModel() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(MODEL_DELAY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"error\":{\"message\":\"overloaded\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(503, body.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        });
        s.setExecutor(Executors.newCachedThreadPool());
        s.start();
        return s;
    }

    /** A WeCom group robot: keeps the markdown of every message posted to it. */
    static HttpServer robot() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/cgi-bin/webhook/send", exchange -> {
            JsonNode posted = JSON.readTree(exchange.getRequestBody().readAllBytes());
            robotMessages.add(posted.path("markdown").path("content").asText());
            byte[] body = "{\"errcode\":0,\"errmsg\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        });
        s.start();
        return s;
    }

    /** A made-up guide whose summary quotes long sentences: more than one WeChat reply. */
    static String longArticle() {
        StringBuilder s = new StringBuilder("# " + LONG_TITLE + "\n\n本报记者 王 平\n\n");
        String[] topics = {"养老保险", "医疗保险", "失业保险", "工伤保险", "住房公积金", "职业年金"};
        for (int i = 0; i < topics.length; i++) {
            s.append("## ").append(i + 1).append("、").append(topics[i]).append("接续\n\n");
            s.append("退役军人办理").append(topics[i]).append("关系接续时，应当在退役后九十日内持本人身份证、退役证件和原单位出具的缴费凭证，")
                    .append("到安置地社会保险经办机构的政务服务窗口提出申请，经办机构在受理之日起十五个工作日内核对军队转来的缴费记录和个人账户储存额，")
                    .append("将服役期间的缴费年限与地方缴费年限合并计算，并通过短信告知本人办理结果，逾期未办理的可以在补办时一并说明原因。\n\n");
        }
        return s.toString();
    }

    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("deploy/ not found above " + Path.of("").toAbsolutePath());
    }
}
