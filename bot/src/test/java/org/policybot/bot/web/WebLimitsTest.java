package org.policybot.bot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.policybot.bot.web.WebApiTest.assertError;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.App;
import org.policybot.bot.TestSettings;

/**
 * Abuse limits with small settings: a burst of 2 per user (1 a minute after), two answer
 * threads and no queue, admin routes off (no token). Two threads, not one: with one, a
 * question sent right after the previous answer arrived could find that thread still on its
 * way back to the pool and get 503.
 */
class WebLimitsTest {

    @RegisterExtension
    static final RunningApp server = RunningApp.with(Map.of("CHATBOT_RATE_LIMIT_PER_MINUTE", "1",
            "CHATBOT_RATE_LIMIT_BURST", "2",
            "CHATBOT_ANSWER_POOL_SIZE", "2",
            "CHATBOT_ANSWER_QUEUE_SIZE", "0"));


    static String ask(String user) {
        return Http.json(Map.of("question", "重复交的那部分钱能退多少？", "user", user));
    }

    @Test
    void should_answer_429_with_retry_after_when_a_user_exceeds_the_burst() {
        // given
        assertThat(server.http().ask(ask("alice")).status()).isEqualTo(200);
        assertThat(server.http().ask(ask("alice")).status()).isEqualTo(200);

        // when
        Http.Reply limited = server.http().ask(ask("alice"));

        // then
        assertError(limited, 429, "秒后再试");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(server.http().ask(ask("bob")).status()).isEqualTo(200);
    }

    @Test
    void should_limit_by_client_address_when_no_user_is_given() {
        // given: searches share the same bucket as questions
        assertThat(server.http().get("/api/search?q=" + WebApiTest.enc("社保")).status()).isEqualTo(200);
        assertThat(server.http().ask(Http.json(Map.of("question", "社保怎么转"))).status()).isEqualTo(200);

        // when
        Http.Reply limited = server.http().get("/api/search?q=" + WebApiTest.enc("社保"));

        // then
        assertError(limited, 429, "秒后再试");
        assertThat(limited.header("Retry-After")).isNotBlank();
        assertThat(server.http().get("/health").status()).as("health is never limited").isEqualTo(200);
    }

    @Test
    void should_limit_one_address_whatever_user_it_names_and_read_it_from_the_trusted_proxy_header(@TempDir Path own) {
        // given: a server behind a proxy that sets X-Forwarded-For, 5 requests per address at once
        App server = App.start(TestSettings.of(own, Map.of(
                "CHATBOT_RATE_LIMIT_PER_ADDRESS_BURST", "5",
                "CHATBOT_RATE_LIMIT_PER_ADDRESS_PER_MINUTE", "1",
                "CHATBOT_HTTP_CLIENT_ADDRESS_HEADER", "X-Forwarded-For")), Clock.systemUTC());
        try {
            Http proxied = new Http(server.port());
            String body = Http.json(Map.of("question", "社保怎么转"));

            // when: one client names a new user for every question
            java.util.List<Integer> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String ask = Http.json(Map.of("question", "社保怎么转", "user", "made-up-" + i));
                statuses.add(proxied.post("/api/ask", ask, "X-Forwarded-For", "203.0.113.9, 198.51.100.7").status());
            }

            // then: its address runs out after 5 (the last address of the header, the one the proxy saw)
            assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429, 429, 429);
            assertThat(proxied.post("/api/ask", body, "X-Forwarded-For", "203.0.113.9, 198.51.100.8").status())
                    .as("another client behind the proxy").isEqualTo(200);
            assertThat(proxied.post("/api/ask", body, "X-Forwarded-For", "198.51.100.7").status()).isEqualTo(429);
            assertThat(proxied.post("/api/ask", body).status()).as("no header: the connection's address").isEqualTo(200);
        } finally {
            server.close();
        }
    }

    @Test
    void should_answer_503_at_once_when_the_answer_pool_is_saturated() throws Exception {
        // given: both answer threads are busy, and no question may wait
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            // A thread finishing an earlier answer may not be back in the pool yet: try again.
            org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS).ignoreException(java.util.concurrent.RejectedExecutionException.class)
                    .until(() -> server.app().context().answerPool().submit(() -> {
                        running.countDown();
                        release.await();
                        return null;
                    }) != null);
        }
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        try {
            // when
            long start = System.nanoTime();
            Http.Reply busy = server.http().ask(ask("carol"));
            long millis = (System.nanoTime() - start) / 1_000_000;

            // then
            assertError(busy, 503, "繁忙");
            assertThat(busy.header("Retry-After")).isEqualTo("1");
            assertThat(millis).isLessThan(1000);
        } finally {
            release.countDown();
        }
        org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS)
                .until(() -> server.http().ask(ask("dave-" + System.nanoTime())).status() == 200);
    }

    @Test
    void should_let_a_request_in_flight_finish_when_the_server_stops(@TempDir Path own) throws Exception {
        // given: a second server whose only answer thread is blocked, with one question waiting on it
        App server = App.start(TestSettings.of(own, Map.of("CHATBOT_ANSWER_POOL_SIZE", "1")), Clock.systemUTC());
        int port = server.port();
        CountDownLatch release = new CountDownLatch(1);
        server.context().answerPool().submit(() -> {
            release.await();
            return null;
        });
        CompletableFuture<HttpResponse<String>> inFlight = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/ask"))
                        .POST(HttpRequest.BodyPublishers.ofString(ask("erin"))).build(),
                HttpResponse.BodyHandlers.ofString());
        org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS)
                .until(() -> ((java.util.concurrent.ThreadPoolExecutor) server.context().answerPool()).getQueue().size() == 1);

        // when: stopping starts while the question waits, then the answer thread frees up
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
        Thread.sleep(300);
        assertThat(stopping).isNotDone();
        release.countDown();

        // then
        HttpResponse<String> r = inFlight.get(20, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"citations\"");
        stopping.get(20, TimeUnit.SECONDS);
        assertThat(CompletableFuture.supplyAsync(() -> {
            try {
                new java.net.Socket("127.0.0.1", port).close();
                return "still listening";
            } catch (java.io.IOException e) {
                return "closed";
            }
        }).get()).isEqualTo("closed");
    }

    @Test
    void should_answer_404_on_admin_routes_when_no_token_is_configured() {
        assertError(server.http().get("/api/admin/unanswered", "Authorization", "Bearer anything-at-all-1234567"), 404,
                "CHATBOT_ADMIN_TOKEN");
        assertError(server.http().send(server.http().request("/api/admin/reindex").POST(HttpRequest.BodyPublishers.noBody())), 404,
                "CHATBOT_ADMIN_TOKEN");
        assertError(server.http().get("/api/admin/documents", "Authorization", "Bearer anything-at-all-1234567"), 404,
                "CHATBOT_ADMIN_TOKEN");
        assertError(server.http().send(server.http().request("/api/admin/documents").header("Content-Type", Multipart.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new Multipart().file("a.txt", "标题\n\n正文。\n").bytes()))), 404,
                "CHATBOT_ADMIN_TOKEN");
        assertError(server.http().send(server.http().request("/api/admin/documents/000_4ef72f09c3654e03.txt").DELETE()), 404,
                "CHATBOT_ADMIN_TOKEN");
    }
}
