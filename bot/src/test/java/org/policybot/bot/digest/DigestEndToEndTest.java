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
import org.policybot.bot.Main;
import org.policybot.bot.Retrieval;
import org.policybot.bot.TestSettings;
import org.policybot.bot.answer.DeclinePolicy;
import org.policybot.bot.answer.DefaultAnswerService;
import org.policybot.bot.answer.ExtractiveComposer;
import org.policybot.bot.answer.SummaryComposer;
import org.policybot.bot.store.Database;
import org.policybot.bot.store.SubscriptionStore;
import org.policybot.bot.telegram.TelegramEmulator;
import org.policybot.bot.telegram.TelegramMessenger;
import org.policybot.bot.wecom.WecomRobotSender;
import org.policybot.config.Settings;

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
                new ExtractiveComposer(DeclinePolicy.calibrated()), new SummaryComposer(), Optional.empty(), null, articles);
        digests = Digests.create(settings, db, answers, () -> retrieval.searcher().corpus(), WecomRobotSender.create(),
                Optional.of(TelegramMessenger.create(settings.telegram(), Clock.systemUTC(), TelegramEmulator.botHttpClient())),
                Clock.systemUTC());
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

    /** A local stand-in for a WeCom group robot webhook: records posts, can refuse the next ones. */
    static final class RobotListener implements AutoCloseable {
        final List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failNext = new AtomicInteger();
        private final HttpServer server;

        RobotListener() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/cgi-bin/webhook/send", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String reply;
                if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    reply = "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}";
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
