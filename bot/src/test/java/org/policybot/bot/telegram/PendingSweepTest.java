package org.policybot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.policybot.bot.TestSettings;
import org.policybot.bot.store.SessionLock;
import org.policybot.bot.store.TestDatabases;
import org.policybot.bot.telegram.TelegramEmulator.Sent;
import org.policybot.bot.telegram.UpdateStore.StoredUpdate;
import org.policybot.config.Settings;
import org.policybot.retrieval.Retrieval;

/**
 * Webhook updates stored but left unanswered by a replica that died are answered by a live
 * replica's sweep ({@code CHATBOT_TELEGRAM_PENDING_SWEEP_SECONDS}), though no new update of
 * the chat comes; a chat another replica is handling (its lock held) is left to it; and
 * updates that merely wait behind a slow answer are not answered twice, on PostgreSQL or
 * SQLite. The dead replica is played by rows written straight into the shared table, as its
 * intake wrote them before it died.
 */
class PendingSweepTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String SECRET = "sweep-secret_1";

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

    static Map<String, String> webhook(Settings.Database db) {
        Map<String, String> env = new HashMap<>(Map.of("CHATBOT_TELEGRAM_MODE", "webhook",
                "CHATBOT_TELEGRAM_WEBHOOK_SECRET", SECRET, "CHATBOT_TELEGRAM_PENDING_SWEEP_SECONDS", "1"));
        env.put("CHATBOT_DB_URL", db.url());
        env.put("CHATBOT_DB_USER", db.user());
        env.put("CHATBOT_DB_PASSWORD", db.password());
        return env;
    }

    @Test
    void should_answer_in_order_what_a_dead_replica_left_unanswered_though_no_new_update_of_the_chat_comes() throws Exception {
        // given: a live replica, and the rows a replica that died had stored: two updates of one
        // chat and one of a chat whose lock another (live) replica holds
        String token = "100031:sweep-bot";
        Settings.Database db = TestDatabases.fresh(TestDatabases.Kind.POSTGRESQL, data);
        try (BotUnderTest live = BotUnderTest.start(emulator, retrieval, data.resolve("live"), token, webhook(db),
                Optional.empty(), UnaryOperator.identity());
             SessionLock busy = new SessionLock(live.database, SessionLock.key("telegram-chat:100031:" + 71002))) {
            assertThat(busy.tryAcquire()).isTrue();
            UpdateStore deadReplica = new UpdateStore(live.database, Clock.systemUTC(), "100031");
            deadReplica.storeNew(List.of(stored(810_001, 71001, "/orphan71001n0"), stored(810_002, 71001, "/orphan71001n1"),
                    stored(810_003, 71002, "/orphan71002n0")));

            // then: the sweep answers the dead replica's chat, oldest update first, once each
            List<Sent> got = emulator.awaitBotMessages(token, "71001", 2, WAIT);
            assertThat(numbers(got, "/orphan71001n")).isEqualTo(List.of(0, 1));
            // and: the chat whose lock is held waits for its holder
            Thread.sleep(3000);
            assertThat(emulator.takeBotMessages(token, "71002")).as("left to the replica holding the chat").isEmpty();
            assertThat(deadReplica.state(810_003)).contains(UpdateStore.State.RECEIVED);

            // when: that replica lets go without answering (it died too)
            busy.release();

            // then: the next sweep answers it
            assertThat(numbers(emulator.awaitBotMessages(token, "71002", 1, WAIT), "/orphan71002n")).isEqualTo(List.of(0));
            Thread.sleep(2500); // a few more sweeps
            assertThat(emulator.takeBotMessages(token, "71001")).as("nothing answered twice").isEmpty();
            assertThat(emulator.takeBotMessages(token, "71002")).as("nothing answered twice").isEmpty();
            assertThat(deadReplica.pending()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("org.policybot.bot.store.TestDatabases#kinds")
    void should_answer_once_the_updates_that_wait_longer_than_the_sweep_period_behind_a_slow_reply(TestDatabases.Kind kind)
            throws Exception {
        // given: Telegram takes 2.5 s per message, the sweep looks every second
        String token = kind == TestDatabases.Kind.SQLITE ? "100032:slow-sqlite" : "100033:slow-postgres";
        Path dir = data.resolve("slow-" + kind);
        Settings.Database db = TestDatabases.fresh(kind, dir);
        SeamBotApi[] seam = new SeamBotApi[1];
        try (BotUnderTest bot = BotUnderTest.start(emulator, retrieval, dir, token, webhook(db), Optional.empty(),
                api -> seam[0] = new SeamBotApi(api));
             JdkWebhookServer server = new JdkWebhookServer(bot.channel.endpoints().get(0))) {
            seam[0].sendDelayMillis = 2500;

            // when: three updates of one chat arrive at once
            for (int k = 0; k < 3; k++) {
                assertThat(post(server.url() + "/telegram", TelegramEmulator.commandUpdate(820_000 + k, 72001, "/slow72001n" + k)).statusCode())
                        .isEqualTo(200);
            }

            // then: each is answered once, in order, though the last waited several sweeps
            List<Sent> got = emulator.awaitBotMessages(token, "72001", 3, WAIT);
            Thread.sleep(3500); // time for a second answer to arrive
            got.addAll(emulator.takeBotMessages(token, "72001"));
            assertThat(numbers(got, "/slow72001n")).isEqualTo(List.of(0, 1, 2));
        }
    }

    static StoredUpdate stored(long updateId, long chat, String text) {
        return new StoredUpdate(updateId, String.valueOf(chat), TelegramEmulator.commandUpdate(updateId, chat, text));
    }


    /** The numbers after {@code prefix} in the replies, in the order they were sent. */
    static List<Integer> numbers(List<Sent> replies, String prefix) {
        List<Integer> out = new ArrayList<>();
        Pattern p = Pattern.compile(Pattern.quote(prefix) + "(\\d+)");
        for (Sent s : replies) {
            Matcher m = p.matcher(s.text());
            assertThat(m.find()).as(s.text()).isTrue();
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }

    static HttpResponse<String> post(String url, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header(TelegramWebhook.SECRET_HEADER, SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
