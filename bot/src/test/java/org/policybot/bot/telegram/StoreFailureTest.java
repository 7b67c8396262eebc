package org.policybot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.channel.HttpRequest;
import org.policybot.bot.store.Database;
import org.policybot.config.Settings;
import org.telegram.telegrambots.longpolling.BotSession;
import org.telegram.telegrambots.longpolling.util.DefaultGetUpdatesGenerator;
import org.telegram.telegrambots.longpolling.util.ExponentialBackOff;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * When the database cannot take an update, Telegram must not consider it delivered: long
 * polling moves its offset back, the webhook answers 503. Real SQLite whose table is gone.
 */
class StoreFailureTest {

    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @TempDir
    Path dir;
    Database db;
    UpdateIntake intake;
    ChatExecutor executor;

    @BeforeEach
    void brokenStore() {
        db = Database.open(new Settings.Database("jdbc:sqlite:" + dir.resolve("t.db"), "", ""));
        UpdateStore store = new UpdateStore(db, new MutableClock(0), "100");
        db.with(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("DROP TABLE telegram_updates");
            }
        });
        executor = new ChatExecutor(1, Executors.defaultThreadFactory());
        intake = new UpdateIntake(store, executor, null /* never reached: nothing gets stored */, JSON,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    @AfterEach
    void close() {
        executor.shutdownNow();
        db.close();
    }

    static Update update(int id) throws Exception {
        return JSON.readValue("{\"update_id\": " + id + ", \"message\": {\"message_id\": 1, \"date\": 1760000000,"
                + "\"chat\": {\"id\": 5, \"type\": \"private\"}, \"text\": \"你好\"}}", Update.class);
    }

    @Test
    void should_move_the_polling_offset_back_so_the_batch_is_fetched_again_when_it_cannot_be_stored() throws Exception {
        ScheduledExecutorService unused = Executors.newSingleThreadScheduledExecutor();
        try {
            BotSession session = new BotSession(JSON, new OkHttpClient(), unused, "100:x",
                    () -> new TelegramUrl("http", "127.0.0.1", 9, false), new DefaultGetUpdatesGenerator(),
                    ExponentialBackOff::new, new PollingReceiver(intake));
            PollingReceiver receiver = (PollingReceiver) session.getUpdatesConsumer();
            receiver.session(session);
            session.getLastReceivedUpdate().set(9); // the library moved past the batch before handing it over

            receiver.consume(List.of(update(8), update(9)));

            assertThat(session.getLastReceivedUpdate().get()).isEqualTo(7);
        } finally {
            unused.shutdownNow();
        }
    }

    @Test
    void should_answer_503_to_the_webhook_so_telegram_delivers_again_when_the_update_cannot_be_stored() throws Exception {
        TelegramWebhook webhook = new TelegramWebhook("secret", intake, JSON);
        webhook.open(); // started: the 503 must come from the failed write
        byte[] body = JSON.writeValueAsString(update(8)).getBytes(StandardCharsets.UTF_8);

        var response = webhook.handle(new HttpRequest("POST", "/telegram", Map.of(),
                Map.of("x-telegram-bot-api-secret-token", "secret"), body, "127.0.0.1"));

        assertThat(response.status()).isEqualTo(503);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("could not be stored");
    }
}
