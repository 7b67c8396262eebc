package org.policybot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.TestSettings;
import org.policybot.bot.channel.Html;
import org.policybot.bot.telegram.TelegramEmulator.Sent;
import org.policybot.retrieval.Retrieval;
import org.policybot.retrieval.text.ChineseText;

/**
 * What must hold when things go wrong or get big: a crash between storing and answering,
 * a slow chat beside a fast one, webhook delivery (secret, fast acknowledgement,
 * redelivery), and an answer longer than one Telegram message. Real TelegramBots against
 * the emulator, real index, real SQLite; Telegram made slow or silent at the Bot API seam.
 */
class TelegramReliabilityTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path data;

    static TelegramEmulator emulator;
    static Retrieval retrieval;

    @BeforeAll
    static void start() throws Exception {
        emulator = TelegramEmulator.start();
        retrieval = new Retrieval(TestSettings.of(data.resolve("index")));
    }

    @AfterAll
    static void stop() {
        if (retrieval != null) {
            retrieval.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void should_answer_a_stored_update_exactly_once_after_a_crash_between_storing_and_answering() throws Exception {
        String token = "100003:crash-bot";
        Path dir = data.resolve("crash");
        TelegramUser victim = TelegramUser.privateChat(31);
        TelegramUser other = TelegramUser.privateChat(32);
        SeamBotApi[] seam = new SeamBotApi[1];
        BotUnderTest first = BotUnderTest.start(emulator, retrieval, dir, token, Map.of(), Optional.empty(),
                api -> seam[0] = new SeamBotApi(api));
        try {
            seam[0].hangingChats.add(victim.chat());
            emulator.send(token, victim.message("我13年退伍的，养老保险关系要自己去接续吗？"));
            assertThat(seam[0].hung.await(15, TimeUnit.SECONDS)).as("the answer reached Telegram's door").isTrue();

            // A slow chat does not hold up another one.
            emulator.send(token, other.message("焦作欠薪维权电话多少？"));
            assertThat(emulator.awaitBotMessages(token, other.chat(), 1, WAIT)).hasSize(1);
            // The other chat's update is marked answered just after its reply reached Telegram.
            UpdateStore updates = new UpdateStore(first.database, Clock.systemUTC(), "100003");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> updates.pending().size() == 1);
            assertThat(updates.pending()).as("stored, not answered").singleElement()
                    .satisfies(u -> assertThat(u.chatId()).isEqualTo(victim.chat()));
        } finally {
            first.kill();
        }
        assertThat(emulator.takeBotMessages(token, victim.chat())).isEmpty();

        try (BotUnderTest restarted = BotUnderTest.start(emulator, retrieval, dir, token)) {
            List<Sent> answer = emulator.awaitBotMessages(token, victim.chat(), 1, WAIT);

            assertThat(answer).hasSize(1);
            assertThat(ChineseText.compact(Html.toPlainText(answer.get(0).text())))
                    .contains("2012年7月1日至2024年2月29日期间退役的");
            Thread.sleep(1500);
            assertThat(emulator.takeBotMessages(token, victim.chat())).as("answered once").isEmpty();
            assertThat(emulator.takeBotMessages(token, other.chat())).as("nothing answered twice").isEmpty();
            assertThat(new UpdateStore(restarted.database, Clock.systemUTC(), "100003").pending()).isEmpty();
        }
    }

    @Test
    void should_reject_webhook_calls_without_the_secret_and_answer_a_good_one_once_after_acknowledging_it() throws Exception {
        String token = "100004:hook-bot";
        SeamBotApi[] seam = new SeamBotApi[1];
        try (BotUnderTest bot = BotUnderTest.start(emulator, retrieval, data.resolve("hook"), token,
                Map.of("CHATBOT_TELEGRAM_MODE", "webhook", "CHATBOT_TELEGRAM_WEBHOOK_SECRET", "hook-secret_1"),
                Optional.empty(), api -> seam[0] = new SeamBotApi(api));
             JdkWebhookServer server = new JdkWebhookServer(bot.channel.endpoints().get(0))) {
            seam[0].sendDelayMillis = 1500; // Telegram is slow to take our answer
            String update = """
                    {"update_id": 900001, "message": {"message_id": 5, "date": 1760000000,
                     "from": {"id": 41, "is_bot": false, "first_name": "用户"},
                     "chat": {"id": 41, "type": "private", "first_name": "用户"},
                     "text": "焦作欠薪维权电话多少？"}}""";
            String url = server.url() + "/telegram";

            assertThat(post(url, update, null).statusCode()).isEqualTo(401);
            assertThat(post(url, update, "wrong-secret").statusCode()).isEqualTo(401);
            assertThat(post(url, "{not json", "hook-secret_1").statusCode()).isEqualTo(400);
            long started = System.nanoTime();
            HttpResponse<String> accepted = post(url, update, "hook-secret_1");
            long ackMillis = (System.nanoTime() - started) / 1_000_000;
            HttpResponse<String> again = post(url, update, "hook-secret_1");

            assertThat(accepted.statusCode()).isEqualTo(200);
            assertThat(ackMillis).as("acknowledged before the answer is sent").isLessThan(1000);
            assertThat(again.statusCode()).isEqualTo(200);
            List<Sent> answers = emulator.awaitBotMessages(token, "41", 1, WAIT);
            assertThat(answers).singleElement().satisfies(s -> assertThat(s.text()).contains("5412333"));
            Thread.sleep(2500);
            assertThat(emulator.takeBotMessages(token, "41")).as("a redelivered update is not answered again").isEmpty();
            assertThat(new UpdateStore(bot.database, Clock.systemUTC(), "100004").state(900001))
                    .contains(UpdateStore.State.ANSWERED);
        }
    }

    /** A message replying to a message replying to … {@code depth} levels down. */
    static String replyChain(long updateId, long chat, int depth) {
        String from = "\"from\": {\"id\": " + chat + ", \"is_bot\": false, \"first_name\": \"用户\"}, "
                + "\"chat\": {\"id\": " + chat + ", \"type\": \"private\", \"first_name\": \"用户\"}";
        StringBuilder json = new StringBuilder("{\"update_id\": " + updateId + ", \"message\": ");
        for (int i = 0; i < depth; i++) {
            json.append("{\"message_id\": ").append(depth - i).append(", \"date\": 1760000000, ").append(from)
                    .append(", \"text\": \"回复\"").append(i < depth - 1 ? ", \"reply_to_message\": " : "");
        }
        json.append("}".repeat(depth)).append("}");
        return json.toString();
    }

    @Test
    void should_acknowledge_and_count_poison_updates_so_telegram_does_not_deliver_them_again_for_a_day() throws Exception {
        String token = "100007:poison-bot";
        try (BotUnderTest bot = BotUnderTest.start(emulator, retrieval, data.resolve("poison"), token,
                Map.of("CHATBOT_TELEGRAM_MODE", "webhook", "CHATBOT_TELEGRAM_WEBHOOK_SECRET", "hook-secret_3"),
                Optional.empty(), api -> api);
             JdkWebhookServer server = new JdkWebhookServer(bot.channel.endpoints().get(0))) {
            String url = server.url() + "/telegram";
            String deep = replyChain(900071, 71, 500);
            String badEntity = """
                    {"update_id": 900072, "message": {"message_id": 8, "date": 1760000000,
                     "from": {"id": 72, "is_bot": false, "first_name": "用户"},
                     "chat": {"id": -1007200, "type": "supergroup", "title": "群"},
                     "text": "@TestNameBot 焦作欠薪维权电话多少？",
                     "entities": [{"type": "mention", "offset": -5, "length": 12}]}}""";
            String good = """
                    {"update_id": 900073, "message": {"message_id": 9, "date": 1760000000,
                     "from": {"id": 73, "is_bot": false, "first_name": "用户"},
                     "chat": {"id": 73, "type": "private", "first_name": "用户"},
                     "text": "焦作欠薪维权电话多少？"}}""";

            // when: each poison update is delivered twice, as Telegram does after a failure
            List<Integer> statuses = new java.util.ArrayList<>();
            for (String poison : List.of(deep, badEntity, deep, badEntity)) {
                statuses.add(post(url, poison, "hook-secret_3").statusCode());
            }
            HttpResponse<String> fine = post(url, good, "hook-secret_3");

            // then: acknowledged every time (no 5xx that Telegram would retry for 24 hours), counted, never answered
            assertThat(statuses).containsOnly(200);
            assertThat(bot.context.metrics().counter("policybot.telegram.updates", "outcome", "malformed").count())
                    .isEqualTo(4.0);
            UpdateStore updates = new UpdateStore(bot.database, Clock.systemUTC(), "100007");
            assertThat(updates.state(900072)).as("not stored, so never handed out").isEmpty();
            assertThat(fine.statusCode()).isEqualTo(200);
            assertThat(emulator.awaitBotMessages(token, "73", 1, WAIT)).singleElement()
                    .satisfies(m -> assertThat(m.text()).contains("5412333"));
            assertThat(updates.pending()).isEmpty();
        }
    }

    @Test
    void should_answer_once_an_update_that_arrives_on_the_webhook_while_the_channel_is_starting() throws Exception {
        String token = "100006:early-bot";
        SeamBotApi[] seam = new SeamBotApi[1];
        try (BotUnderTest bot = BotUnderTest.create(emulator, retrieval, data.resolve("early"), token,
                Map.of("CHATBOT_TELEGRAM_MODE", "webhook", "CHATBOT_TELEGRAM_WEBHOOK_SECRET", "hook-secret_2"),
                Optional.empty(), api -> {
                    seam[0] = new SeamBotApi(api);
                    seam[0].commandsGate = new CountDownLatch(1);
                    return seam[0];
                });
             JdkWebhookServer server = new JdkWebhookServer(bot.channel.endpoints().get(0))) {
            seam[0].sendDelayMillis = 1500; // the answer is still on its way when recovery runs
            String update = """
                    {"update_id": 900061, "message": {"message_id": 6, "date": 1760000000,
                     "from": {"id": 61, "is_bot": false, "first_name": "用户"},
                     "chat": {"id": 61, "type": "private", "first_name": "用户"},
                     "text": "焦作欠薪维权电话多少？"}}""";
            String url = server.url() + "/telegram";
            Thread starting = new Thread(bot.channel::start, "channel-start");
            starting.start();
            assertThat(seam[0].settingCommands.await(15, TimeUnit.SECONDS)).as("start() is past getMe").isTrue();

            HttpResponse<String> early = post(url, update, "hook-secret_2");
            seam[0].commandsGate.countDown();
            starting.join(15_000);
            HttpResponse<String> delivered = post(url, update, "hook-secret_2"); // Telegram delivers again

            assertThat(early.statusCode()).as("not accepted before the updates left over are handed out").isEqualTo(503);
            assertThat(delivered.statusCode()).isEqualTo(200);
            assertThat(emulator.awaitBotMessages(token, "61", 1, WAIT)).hasSize(1);
            Thread.sleep(3000);
            assertThat(emulator.takeBotMessages(token, "61")).as("answered once").isEmpty();
        }
    }

    @Test
    void should_start_nothing_new_on_a_clean_stop_and_answer_each_of_120_updates_exactly_once_after_the_restart()
            throws Exception {
        // given: 40 chats with 3 questions each, and a Telegram that takes a second to confirm each message
        String token = "100008:stop-bot";
        Path dir = data.resolve("stop");
        List<String> questions = List.of("焦作欠薪维权电话多少？", "重复交的那部分钱能退多少？", "社保关系怎么转移？",
                "我13年退伍的，养老保险关系要自己去接续吗？");
        SeamBotApi[] seam = new SeamBotApi[1];
        BotUnderTest first = BotUnderTest.start(emulator, retrieval, dir, token, Map.of(), Optional.empty(),
                api -> seam[0] = new SeamBotApi(api));
        seam[0].confirmDelayMillis = 1000;
        List<TelegramUser> users = java.util.stream.IntStream.range(0, 40).mapToObj(i -> TelegramUser.privateChat(800 + i))
                .toList();
        for (int round = 0; round < 3; round++) {
            for (int u = 0; u < users.size(); u++) {
                emulator.send(token, users.get(u).message(questions.get((u + round) % questions.size())));
            }
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> seam[0].delivered.get() >= 4);

        // when: the bot is stopped cleanly while answers are on their way and most updates wait, then started again
        first.close();
        int beforeRestart = seam[0].delivered.get();
        try (BotUnderTest restarted = BotUnderTest.start(emulator, retrieval, dir, token)) {

            // then: every update is answered once: none twice, none lost
            java.util.Map<String, Integer> perChat = new java.util.HashMap<>();
            for (TelegramUser user : users) {
                perChat.put(user.chat(), emulator.awaitBotMessages(token, user.chat(), 3, Duration.ofSeconds(30)).size());
            }
            Thread.sleep(2000);
            for (TelegramUser user : users) {
                perChat.merge(user.chat(), emulator.takeBotMessages(token, user.chat()).size(), Integer::sum);
            }
            assertThat(perChat).as("answers per chat (%d sent before the stop)", beforeRestart)
                    .allSatisfy((chat, n) -> assertThat(n).as("chat %s", chat).isEqualTo(3));
            assertThat(new UpdateStore(restarted.database, Clock.systemUTC(), "100008").pending()).isEmpty();
        }
    }

    @Test
    void should_split_an_answer_longer_than_a_message_at_sentence_ends_with_the_buttons_on_the_last_part() throws Exception {
        String token = "100002:verbose-bot";
        VerboseModel model = new VerboseModel();
        TelegramUser user = TelegramUser.privateChat(51);
        try (BotUnderTest bot = BotUnderTest.start(emulator, retrieval, data.resolve("verbose"), token, Map.of(),
                Optional.of(model), api -> api)) {

            emulator.send(token, user.message("退役军人养老保险关系怎么接续？"));

            List<Sent> parts = emulator.awaitBotMessages(token, user.chat(), 3, Duration.ofSeconds(20));
            assertThat(parts).hasSizeGreaterThanOrEqualTo(3);
            Thread.sleep(1500);
            parts.addAll(emulator.takeBotMessages(token, user.chat()));
            StringBuilder joined = new StringBuilder();
            for (int i = 0; i < parts.size(); i++) {
                String html = parts.get(i).text();
                assertThat(html.length()).isLessThanOrEqualTo(4096);
                assertThat(TelegramHtml.problems(html)).as("part %d", i).isEmpty();
                assertThat(parts.get(i).buttons().isEmpty()).isEqualTo(i < parts.size() - 1);
                if (i < parts.size() - 1) {
                    assertThat(html.replaceAll("(</[a-z]+>)+$", "")).as("part %d ends a sentence", i)
                            .containsPattern("[。！？；\\n][”’」』）)】》]*$");
                }
                joined.append(Html.toPlainText(html));
            }
            assertThat(ChineseText.compact(joined.toString())).startsWith(ChineseText.compact(model.last.text()));
            assertThat(joined.toString()).contains("A<B & C>D");
        }
    }

    private static HttpResponse<String> post(String url, String body, String secret) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            b.header(TelegramWebhook.SECRET_HEADER, secret);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
