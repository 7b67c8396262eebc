package org.policybot.bot.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.App;
import org.policybot.bot.TestSettings;
import org.policybot.bot.llm.LogCapture;

/**
 * Clients that send their bodies slowly, break them off or garble them, against the real
 * server on loopback with the production settings (the default 10-second body deadline),
 * WeChat and the Telegram webhook on. Raw sockets play the clients, from addresses of their
 * own in 127/8, so that the questions the test asks come from another address.
 */
class WebSlowClientsTest {

    static final String TELEGRAM_SECRET = "slow-test-secret_1";

    @TempDir
    static Path data;

    static App app;
    static Http http;

    @BeforeAll
    static void start() {
        app = App.start(TestSettings.of(data, Map.of(
                "CHATBOT_WECHAT_TOKEN", "slowClientsToken",
                "CHATBOT_TELEGRAM_TOKEN", "123456:slow-clients",
                "CHATBOT_TELEGRAM_API_URL", "http://127.0.0.1:9", // nothing listens: getMe fails, the webhook works
                "CHATBOT_TELEGRAM_MODE", "webhook",
                "CHATBOT_TELEGRAM_WEBHOOK_SECRET", TELEGRAM_SECRET)), Clock.systemUTC());
        http = new Http(app.port());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    static String slowAskHead() {
        return "POST /api/ask HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{";
    }

    @Test
    void should_keep_answering_health_and_questions_while_300_connections_send_their_bodies_a_byte_at_a_time()
            throws Exception {
        // given: 300 connections from 20 addresses, 15 each (within the per-address cap), each
        // with a declared 60,000-byte body of which it sends a byte every 2 seconds
        List<RawClient> slow = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            slow.add(RawClient.connect(app.port(), "127.0.1." + (1 + i % 20)).write(slowAskHead()));
        }
        ScheduledExecutorService dripping = Executors.newSingleThreadScheduledExecutor();
        dripping.scheduleAtFixedRate(() -> slow.forEach(RawClient::drip), 2, 2, TimeUnit.SECONDS);
        try {
            // when / then: every route without a slow body keeps answering, questions included
            for (int round = 0; round < 4; round++) {
                assertThat(http.get("/health").status()).as("health, round %d", round).isEqualTo(200);
                Http.Reply answer = http.ask(Http.json(Map.of("question", "重复交的那部分钱能退多少？", "user", "u" + round)));
                assertThat(answer.status()).as("ask, round %d", round).isEqualTo(200);
                assertThat(answer.body()).contains("\"citations\"");
                Thread.sleep(1000);
            }

            // and: each slow body gets 408 in the API's shape once the 10-second deadline passes, and its connection closes
            for (RawClient c : slow) {
                RawClient.Answer got = c.read(Duration.ofSeconds(15)); // the first waits; the others have theirs by then
                assertThat(got.status()).isEqualTo(408);
                assertThat(got.body()).contains("\"error\"").contains("请求体发送太慢");
            }
        } finally {
            dripping.shutdownNow();
            slow.forEach(RawClient::close);
        }
    }

    @Test
    void should_refuse_at_once_the_bodies_one_address_sends_beyond_16_at_a_time() throws Exception {
        // given: 16 slow bodies from one address are being read
        List<RawClient> held = new ArrayList<>();
        for (int i = 0; i < BodyGate.READS_PER_CLIENT; i++) {
            held.add(RawClient.connect(app.port(), "127.0.2.1").write(slowAskHead()));
        }
        try {
            Thread.sleep(500); // the server has read their heads

            // when: the same address starts 24 more
            List<RawClient.Answer> refused = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                try (RawClient c = RawClient.connect(app.port(), "127.0.2.1").write(slowAskHead())) {
                    refused.add(c.read(Duration.ofSeconds(3)));
                }
            }

            // then: each is told 429 without waiting for its body, while another address is served
            assertThat(refused).extracting(RawClient.Answer::status).containsOnly(429);
            assertThat(refused.get(0).text()).contains("Retry-After: 1").contains("Connection: close");
            assertThat(refused.get(0).body()).contains("\"error\"");
            try (RawClient other = RawClient.connect(app.port(), "127.0.2.2")) {
                String body = Http.json(Map.of("question", "社保怎么转移？", "user", "other-address"));
                other.write("POST /api/ask HTTP/1.1\r\nHost: bot\r\nConnection: close\r\nContent-Length: "
                        + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
                assertThat(other.read(Duration.ofSeconds(10)).status()).isEqualTo(200);
            }
        } finally {
            held.forEach(RawClient::close);
        }
    }

    @Test
    void should_refuse_webhook_calls_that_fail_their_signature_or_secret_before_reading_their_bodies() {
        // given: calls that declare a body and send none of it
        String wechat = "POST /wechat?signature=" + "0".repeat(40) + "&timestamp=" + System.currentTimeMillis() / 1000
                + "&nonce=1 HTTP/1.1\r\nHost: bot\r\nContent-Type: text/xml\r\nContent-Length: 500\r\n\r\n";
        String telegram = "POST /telegram HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
                + "X-Telegram-Bot-Api-Secret-Token: not-the-secret\r\nContent-Length: 500\r\n\r\n";

        // when
        RawClient.Answer fromWechat;
        RawClient.Answer fromTelegram;
        try (RawClient w = RawClient.connect(app.port(), "127.0.3.1").write(wechat);
             RawClient t = RawClient.connect(app.port(), "127.0.3.1").write(telegram)) {
            fromWechat = w.read(Duration.ofSeconds(3));
            fromTelegram = t.read(Duration.ofSeconds(3));
        }

        // then: refused at once, as for a bad signature or secret with the body sent
        assertThat(fromWechat.status()).isEqualTo(403);
        assertThat(fromWechat.body()).isEqualTo("forbidden");
        assertThat(fromTelegram.status()).isEqualTo(401);
    }

    @Test
    void should_answer_400_and_write_one_log_line_when_clients_break_off_or_garble_their_bodies() throws Exception {
        try (LogCapture logs = LogCapture.asConfigured()) {
            // when: 300 bodies broken off (the client resets the connection mid-body) and 100 garbled chunked bodies
            for (int i = 0; i < 300; i++) {
                RawClient c = RawClient.connect(app.port(), "127.0.4.1");
                c.write("POST /api/ask HTTP/1.1\r\nHost: bot\r\nContent-Length: 1000\r\n\r\n{\"question\": \"社");
                c.abort();
            }
            List<RawClient.Answer> garbled = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                try (RawClient c = RawClient.connect(app.port(), "127.0.4.2")) {
                    c.write("POST /api/ask HTTP/1.1\r\nHost: bot\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "5\r\n{\"que\r\nZZZ-not-a-size\r\n");
                    garbled.add(c.read(Duration.ofSeconds(5)));
                }
            }
            // A reset that arrives before the server has read the request's head ends the connection
            // before any route or gate sees it: only the garbled bodies are sure to be counted.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> refusedBroken() >= 100);

            // then: the client's fault is a 400 in the API's shape, never a 500; the log holds one short line
            assertThat(garbled).extracting(RawClient.Answer::status).containsOnly(400);
            assertThat(garbled.get(0).body()).contains("\"error\"");
            assertThat(logs.events()).noneMatch(e -> e.getThrowableProxy() != null);
            assertThat(logs.messages()).filteredOn(m -> m.contains("Request body from")).hasSize(1);
            assertThat(logs.characters()).as("log written for 400 broken bodies").isLessThan(2_000);
            assertThat(http.get("/metrics").body()).doesNotContain("status=\"500\"");
            assertThat(refusedBroken()).isLessThanOrEqualTo(400);
        }
    }

    private static double refusedBroken() {
        for (String line : http.get("/metrics").body().split("\n")) {
            if (line.startsWith("policybot_http_bodies_refused_total{reason=\"broken\"}")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
