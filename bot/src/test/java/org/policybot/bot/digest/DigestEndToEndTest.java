package org.policybot.bot.digest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.TestSettings;
import org.policybot.bot.answer.DefaultAnswerService;
import org.policybot.bot.cli.Main;
import org.policybot.bot.store.Database;
import org.policybot.bot.store.SubscriptionStore;
import org.policybot.bot.telegram.TelegramDigestSender;
import org.policybot.bot.telegram.TelegramEmulator;
import org.policybot.bot.telegram.TelegramMessenger;
import org.policybot.bot.wecom.WecomDigestSender;
import org.policybot.bot.wecom.WecomRobotSender;
import org.policybot.config.Settings;
import org.policybot.retrieval.Retrieval;

/**
 * Digests delivered for real: to a configured Telegram group and a subscribed chat through
 * the Telegram Bot API emulator, and to a WeCom group robot through a local HTTP listener.
 * The steps build on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DigestEndToEndTest {

    static final String TOKEN = "100077:digest-bot";
    static final String GROUP = "-100777";
    static final String SUBSCRIBER = "4242";

    @TempDir
    static Path dir;

    static TelegramEmulator emulator;
    static RobotListener robot;
    static Path articles;
    static Settings settings;
    static Retrieval retrieval;
    static Database db;
    static DigestService digests;
    static Map<String, String> env;

    @BeforeAll
    static void start() throws Exception {
        emulator = TelegramEmulator.start();
        robot = new RobotListener();
        articles = Files.createDirectories(dir.resolve("articles"));
        try (Stream<Path> files = Files.list(TestSettings.bundledArticles())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).toList()) {
                Files.copy(f, articles.resolve(f.getFileName()));
            }
        }
        env = new HashMap<>();
        env.put("CHATBOT_ARTICLES_DIR", articles.toString());
        env.put("CHATBOT_DATA_DIR", dir.resolve("data").toString());
        env.put("CHATBOT_RETRIEVAL_VECTORS", "false");
        env.put("CHATBOT_TELEGRAM_TOKEN", TOKEN);
        env.put("CHATBOT_TELEGRAM_API_URL", emulator.apiUrl());
        env.put("CHATBOT_DIGEST_TELEGRAM_CHATS", GROUP);
        env.put("CHATBOT_DIGEST_WECOM_WEBHOOKS", robot.url());
        settings = TestSettings.of(dir.resolve("data"), env);
        retrieval = new Retrieval(settings);
        db = Database.open(settings.database());
        DefaultAnswerService answers = new DefaultAnswerService(retrieval.searcher(),
                Optional.empty(), null, articles);
        digests = Digests.create(settings, db, answers::digestSummary, () -> retrieval.searcher().corpus(),
                List.of(new TelegramDigestSender(TelegramMessenger.create(settings.telegram(), Clock.systemUTC(),
                        TelegramEmulator.botHttpClient())), new WecomDigestSender(WecomRobotSender.create())),
                Clock.systemUTC(), DigestWording.BUNDLED);
        // What a server does when it starts: note the article versions, register the configured targets.
        digests.observe();
        digests.registerNewTargets();
    }

    @AfterAll
    static void stop() {
        db.close();
        retrieval.close();
        robot.close();
        emulator.close();
    }

    static final String NEW_ARTICLE = "# 我市开通退役军人社保接续绿色通道\n\n本报记者 杜 玲\n\n"
            + "为方便退役军人办理社会保险关系接续，市人社局在政务服务中心开通绿色通道。退役军人可在一个窗口办理养老、医疗和失业保险的接续手续。\n\n"
            + "据介绍，绿色通道每周一至周五开放，今年以来已为120名退役军人办理接续业务。\n\n"
            + "市人社局提醒，办理时请携带身份证和退役证件。\n";

    @Test
    @Order(1)
    void should_send_a_new_article_once_to_each_target_with_a_citation() throws Exception {
        new SubscriptionStore(db, Clock.systemUTC()).subscribe("telegram", SUBSCRIBER);
        Thread.sleep(5);
        Files.writeString(articles.resolve("005_green.txt"), NEW_ARTICLE);
        retrieval.index().rebuild();

        List<DigestService.TargetResult> results = digests.run(false);

        assertThat(results).extracting(r -> r.target().kind() + ":" + r.status())
                .containsExactly("telegram:SENT", "wecom:SENT", "telegram:SENT");
        for (String chat : List.of(GROUP, SUBSCRIBER)) {
            List<TelegramEmulator.Sent> got = emulator.awaitBotMessages(TOKEN, chat, 1, Duration.ofSeconds(10));
            assertThat(got).singleElement().satisfies(m -> {
                assertThat(m.parseMode()).isEqualTo("HTML");
                assertThat(m.text()).contains("我市开通退役军人社保接续绿色通道").contains("[1]").contains("新文章");
            });
        }
        assertThat(robot.received).singleElement().satisfies(body -> {
            assertThat(body.path("msgtype").asText()).isEqualTo("markdown");
            assertThat(body.path("markdown").path("content").asText()).contains("我市开通退役军人社保接续绿色通道").contains("[1]")
                    .contains("<font color=\"comment\">原文出处：[1] 第");
        });
    }

    @Test
    @Order(2)
    void should_send_nothing_when_nothing_is_new() throws Exception {
        List<DigestService.TargetResult> results = digests.run(false);

        assertThat(results).extracting(DigestService.TargetResult::status).containsOnly(DigestService.Status.NOTHING_NEW);
        assertThat(emulator.takeBotMessages(TOKEN, GROUP)).isEmpty();
        assertThat(robot.received).hasSize(1);
    }

    @Test
    @Order(3)
    void should_preview_without_sending_anything() throws Exception {
        Files.writeString(articles.resolve("005_green.txt"), NEW_ARTICLE.replace("市人社局提醒，办理时请携带身份证和退役证件。",
                "市人社局提醒，绿色通道还可预约上门服务，行动不便的老兵可拨打12333预约。"));
        retrieval.index().rebuild();
        StringWriter out = new StringWriter();

        int code = Main.run(new String[] {"digest", "--preview"}, env, dir.resolve("data"), new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true));

        assertThat(code).isZero();
        assertThat(out.toString()).contains("preview").contains("有更新").contains("预约上门服务");
        Thread.sleep(500);
        assertThat(emulator.takeBotMessages(TOKEN, GROUP)).isEmpty();
        assertThat(robot.received).hasSize(1);
    }

    @Test
    @Order(4)
    void should_send_a_changed_entry_and_retry_a_target_that_failed() throws Exception {
        robot.failNext.set(1);

        List<DigestService.TargetResult> first = digests.run(false);
        List<DigestService.TargetResult> second = digests.run(false);

        assertThat(first).extracting(r -> r.target().kind() + ":" + r.status())
                .containsExactly("telegram:SENT", "wecom:FAILED", "telegram:SENT");
        assertThat(second).extracting(r -> r.target().kind() + ":" + r.status())
                .containsExactly("telegram:NOTHING_NEW", "wecom:SENT", "telegram:NOTHING_NEW");
        assertThat(emulator.awaitBotMessages(TOKEN, GROUP, 1, Duration.ofSeconds(10))).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("有更新").contains("新增1段").contains("删去1段"));
        assertThat(robot.received).hasSize(2);
        assertThat(robot.received.get(1).path("markdown").path("content").asText()).contains("有更新");
    }

    /** A batch of new articles, long enough together to need several WeCom messages. */
    static String batchArticle(int i) {
        return "# 第" + i + "批社保业务“一网通办”事项公布\n\n本报记者 张 明\n\n"
                + "为进一步方便群众办事，市人社局近日公布第" + i + "批社会保险业务“一网通办”事项清单，涉及养老保险关系转移接续、失业保险金申领和工伤保险待遇核定等多项业务。\n\n"
                + "群众可通过政务服务网或手机客户端在线提交第" + i + "批清单中的事项申请，材料齐全的业务原则上在五个工作日内办结，办理进度可以随时在线查询。\n\n"
                + "市人社局有关负责人表示，第" + i + "批事项上线后，全市社会保险业务网上可办率将进一步提高，群众办事少跑腿、不跑腿将成为常态。\n\n"
                + "对于不熟悉网上操作的老年人，各经办窗口仍保留线下办理渠道，并安排专人提供帮办代办服务。\n";
    }

    @Test
    @Order(5)
    void should_resume_a_digest_that_failed_partway_with_only_the_articles_not_yet_delivered() throws Exception {
        for (int i = 1; i <= 8; i++) {
            Files.writeString(articles.resolve("1" + i + "_batch.txt"), batchArticle(i));
        }
        retrieval.index().rebuild();
        robot.received.clear();
        robot.acceptThenFail.set(1); // the first message arrives, the second is refused this time

        List<DigestService.TargetResult> first = digests.run(false);
        List<DigestService.TargetResult> second = digests.run(false);

        assertThat(first.get(1).status()).isEqualTo(DigestService.Status.FAILED);
        assertThat(first.get(1).detail()).contains("1 of");
        assertThat(second.get(1).status()).isEqualTo(DigestService.Status.SENT);
        assertThat(robot.received).hasSizeGreaterThanOrEqualTo(2);
        String all = String.join("\n", robot.received.stream().map(b -> b.path("markdown").path("content").asText()).toList());
        for (int i = 1; i <= 8; i++) {
            String title = "第" + i + "批社保业务“一网通办”事项公布";
            assertThat(all.split(java.util.regex.Pattern.quote(title), -1)).as("%s reaches the group exactly once", title).hasSize(2);
        }
        emulator.awaitBotMessages(TOKEN, GROUP, 1, Duration.ofSeconds(10));
    }

    @Test
    @Order(6)
    void should_pause_a_robot_that_wecom_says_is_gone_and_not_fail_every_later_run() throws Exception {
        Files.writeString(articles.resolve("020_pension.txt"), DigestServiceTest.DATED_ARTICLE);
        retrieval.index().rebuild();
        robot.gone = true;
        robot.posts.set(0);

        List<DigestService.TargetResult> first = digests.run(false);
        int postsAfterFirst = robot.posts.get();
        List<DigestService.TargetResult> second = digests.run(false);
        StringWriter out = new StringWriter();
        int code = Main.run(new String[] {"digest"}, env, dir.resolve("data"), new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true));

        assertThat(first).extracting(r -> r.target().kind() + ":" + r.status())
                .containsExactly("telegram:SENT", "wecom:FAILED", "telegram:SENT");
        assertThat(first.get(1).detail()).contains("refused permanently").contains("93000");
        assertThat(postsAfterFirst).as("93000 is not retried within the run").isEqualTo(1);
        assertThat(second.get(1).status()).isEqualTo(DigestService.Status.PAUSED);
        assertThat(second.get(1).detail()).contains("93000").contains("added back");
        assertThat(robot.posts.get()).as("a paused robot is not tried again").isEqualTo(1);
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("wecom:").contains(": paused (0 篇)");
        emulator.awaitBotMessages(TOKEN, GROUP, 1, Duration.ofSeconds(10));
        emulator.awaitBotMessages(TOKEN, SUBSCRIBER, 1, Duration.ofSeconds(10));
    }

    @Test
    @Order(7)
    void should_unsubscribe_a_chat_that_blocked_the_bot_and_keep_sending_to_the_others() throws Exception {
        emulator.failChat(TOKEN, SUBSCRIBER, 403, "Forbidden: bot was blocked by the user");
        Files.writeString(articles.resolve("021_pension.txt"), DigestServiceTest.DATED_ARTICLE.replace("我省", "本市")
                .replace("省人社厅", "市人社局"));
        retrieval.index().rebuild();
        SubscriptionStore subscriptions = new SubscriptionStore(db, Clock.systemUTC());

        List<DigestService.TargetResult> first = digests.run(false);
        List<DigestService.TargetResult> second = digests.run(false);

        assertThat(first).extracting(r -> r.target().kind() + ":" + r.status())
                .containsExactly("telegram:SENT", "wecom:PAUSED", "telegram:FAILED");
        assertThat(first.get(2).detail()).contains("refused permanently").contains("403").contains("blocked");
        assertThat(subscriptions.isSubscribed("telegram", SUBSCRIBER)).isFalse();
        assertThat(second).extracting(r -> r.target().kind() + ":" + r.status())
                .containsExactly("telegram:NOTHING_NEW", "wecom:PAUSED");
        assertThat(emulator.awaitBotMessages(TOKEN, GROUP, 1, Duration.ofSeconds(10))).hasSize(1);
    }

    /** A local stand-in for a WeCom group robot webhook: records posts, can refuse the next ones. */
    static final class RobotListener implements AutoCloseable {
        final List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failNext = new AtomicInteger();
        /** When not negative: posts to accept before refusing one (then back to -1). */
        final AtomicInteger acceptThenFail = new AtomicInteger(-1);
        final AtomicInteger posts = new AtomicInteger();
        /** The robot was removed from the group: WeCom answers 93000 (invalid webhook) to everything. */
        volatile boolean gone;
        private final HttpServer server;

        RobotListener() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/cgi-bin/webhook/send", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String reply;
                int before = acceptThenFail.getAndUpdate(n -> n > 0 ? n - 1 : -1);
                posts.incrementAndGet();
                if (gone) {
                    reply = "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}";
                } else if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 || before == 0) {
                    reply = "{\"errcode\":40058,\"errmsg\":\"invalid parameter\"}"; // refused this time only
                } else {
                    received.add(new ObjectMapper().readTree(body));
                    reply = "{\"errcode\":0,\"errmsg\":\"ok\"}";
                }
                byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(bytes);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/cgi-bin/webhook/send?key=test-robot-key";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
