package org.policybot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.TestSettings;
import org.policybot.bot.store.TestDatabases;
import org.policybot.config.Settings;
import org.policybot.retrieval.Retrieval;

/**
 * Several replicas polling one bot on one PostgreSQL: exactly one calls getUpdates, every
 * update is answered once, and when the leader stops or loses its lock's session another
 * one polls within the takeover bound. Real PostgreSQL (skipped when it is not installed,
 * unless {@code POLICYBOT_REQUIRE_POSTGRESQL=1}), real TelegramBots against the emulator;
 * each replica's getUpdates calls are counted on its HTTP client.
 */
class PollingLeadershipTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    /** A standby polls within one retry period and the grace after the lock is free (1 + 1 + 2 × 3 s here). */
    static final Duration TAKEOVER = Duration.ofSeconds(1 + 1 + 6 + 3);

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

    /** A replica of the bot, its getUpdates calls counted. */
    record Replica(BotUnderTest bot, AtomicInteger polls) implements AutoCloseable {

        static Replica start(Path dir, String token, Settings.Database db) {
            AtomicInteger polls = new AtomicInteger();
            OkHttpClient http = TelegramEmulator.botHttpClient().newBuilder().addInterceptor(chain -> {
                if (chain.request().url().encodedPath().toLowerCase(java.util.Locale.ROOT).endsWith("/getupdates")) {
                    polls.incrementAndGet();
                }
                return chain.proceed(chain.request());
            }).build();
            BotUnderTest bot = BotUnderTest.create(emulator, retrieval, dir, token, Map.of(
                    "CHATBOT_DB_URL", db.url(), "CHATBOT_DB_USER", db.user(), "CHATBOT_DB_PASSWORD", db.password(),
                    "CHATBOT_TELEGRAM_LEADER_RETRY_SECONDS", "1"), Optional.empty(), UnaryOperator.identity(), http);
            bot.channel.start();
            return new Replica(bot, polls);
        }

        boolean leading() {
            return "leader".equals(bot.channel.status().get("telegramPolling"));
        }

        @Override
        public void close() {
            bot.close();
        }
    }

    @Test
    void should_let_one_replica_poll_answer_each_update_once_and_hand_over_when_the_leader_stops() throws Exception {
        String token = "100021:two-replicas";
        Settings.Database db = TestDatabases.fresh(TestDatabases.Kind.POSTGRESQL, data);
        Replica a = Replica.start(data.resolve("a"), token, db);
        Replica b = Replica.start(data.resolve("b"), token, db);
        try {
            await().atMost(TAKEOVER).until(() -> a.leading() || b.leading());
            Replica leader = a.leading() ? a : b;
            Replica standby = leader == a ? b : a;
            Thread.sleep(3000); // a few standby attempts and leader polls
            assertThat(standby.leading()).isFalse();
            assertThat(standby.bot.channel.status()).containsEntry("telegramPolling", "standby");
            assertThat(standby.polls().get()).as("the standby never polled").isZero();
            assertThat(leader.polls().get()).as("the leader polls").isPositive();

            List<TelegramUser> before = List.of(TelegramUser.privateChat(61), TelegramUser.privateChat(62),
                    TelegramUser.privateChat(63));
            before.forEach(u -> emulator.send(token, u.message("焦作欠薪维权电话多少？")));
            for (TelegramUser u : before) {
                assertThat(emulator.awaitBotMessages(token, u.chat(), 1, WAIT)).as("answered").hasSize(1);
            }

            leader.close();
            long stopped = System.nanoTime();
            await().atMost(TAKEOVER).until(standby::leading);
            await().atMost(Duration.ofSeconds(5)).until(() -> standby.polls().get() > 0);
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("takeover").isLessThan(TAKEOVER);

            List<TelegramUser> after = List.of(TelegramUser.privateChat(64), TelegramUser.privateChat(65));
            after.forEach(u -> emulator.send(token, u.message("焦作欠薪维权电话多少？")));
            for (TelegramUser u : after) {
                assertThat(emulator.awaitBotMessages(token, u.chat(), 1, WAIT)).as("answered by the new leader").hasSize(1);
            }
            Thread.sleep(2000);
            for (TelegramUser u : List.of(before.get(0), before.get(1), before.get(2), after.get(0), after.get(1))) {
                assertThat(emulator.takeBotMessages(token, u.chat())).as("nothing answered twice").isEmpty();
            }
            assertThat(unanswered(db, "100021")).isZero();
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void should_stop_polling_when_the_lock_session_is_lost_and_answer_what_came_meanwhile_once_it_leads_again()
            throws Exception {
        String token = "100022:lost-lock";
        Settings.Database db = TestDatabases.fresh(TestDatabases.Kind.POSTGRESQL, data);
        try (Replica replica = Replica.start(data.resolve("lost"), token, db)) {
            await().atMost(TAKEOVER).until(replica::leading);
            long key = PollingLeadership.lockKey("100022");

            try (Connection rival = DriverManager.getConnection(db.url(), db.user(), db.password())) {
                // The server ends the leader's lock session (as a restart or a dropped connection
                // would), and another session takes the lock at once.
                try (PreparedStatement ps = rival.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_locks "
                        + "WHERE locktype = 'advisory' AND granted AND objid::bigint = ? "
                        + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
                    ps.setLong(1, key & 0xFFFFFFFFL);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).as("the leader's lock session found").isTrue();
                    }
                }
                try (PreparedStatement ps = rival.prepareStatement("SELECT pg_advisory_lock(?)")) {
                    ps.setLong(1, key);
                    ps.execute();
                }

                await().atMost(Duration.ofSeconds(1 + 3 + 2)).until(() -> !replica.leading());
                assertThat(replica.bot.channel.status()).containsEntry("telegramPolling", "standby");
                Thread.sleep(1500); // a poll in flight when it stood down ends (the emulator holds one up to 1 s)
                int polls = replica.polls().get();
                TelegramUser user = TelegramUser.privateChat(66);
                emulator.send(token, user.message("焦作欠薪维权电话多少？"));
                Thread.sleep(3000);
                assertThat(replica.polls().get()).as("no getUpdates without the lock").isEqualTo(polls);
                assertThat(emulator.takeBotMessages(token, user.chat())).as("not answered while standing by").isEmpty();

                rival.close(); // the lock is free again: the replica takes it back and polls
                await().atMost(TAKEOVER).until(replica::leading);
                assertThat(emulator.awaitBotMessages(token, user.chat(), 1, WAIT)).as("answered after the hand-over").hasSize(1);
                Thread.sleep(1500);
                assertThat(emulator.takeBotMessages(token, user.chat())).as("answered once").isEmpty();
            }
        }
    }

    private static int unanswered(Settings.Database db, String botId) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM telegram_updates WHERE bot_id = '" + botId
                     + "' AND state = 'RECEIVED'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
