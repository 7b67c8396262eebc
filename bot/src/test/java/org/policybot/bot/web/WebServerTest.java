package org.policybot.bot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.policybot.bot.web.WebApiTest.assertError;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.App;
import org.policybot.bot.TestSettings;
import org.policybot.bot.channel.HttpRequest;
import org.policybot.bot.channel.HttpResponse;
import org.policybot.bot.channel.WebhookEndpoint;

/**
 * The server's own wiring beyond the API: the staff page files, channel webhooks mounted
 * through the server-neutral request and response, and routes that channels may not take.
 */
class WebServerTest {

    @TempDir
    static Path data;

    static App app;
    static Http http;

    @BeforeAll
    static void start() {
        app = App.start(TestSettings.of(data), Clock.systemUTC());
        http = new Http(app.port());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** A channel endpoint that records what it was given and answers with it (the I/O seam of a channel). */
    static final class EchoEndpoint implements WebhookEndpoint {
        final List<HttpRequest> seen = new CopyOnWriteArrayList<>();
        final String path;

        EchoEndpoint(String path) {
            this.path = path;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public Set<String> methods() {
            return Set.of("GET", "POST");
        }

        @Override
        public HttpResponse handle(HttpRequest request) {
            seen.add(request);
            return new HttpResponse(202, "application/xml; charset=utf-8",
                    ("<r>" + request.bodyText() + "</r>").getBytes(StandardCharsets.UTF_8), Map.of("X-Echo", "yes"));
        }

        @Override
        public String name() {
            return "echo";
        }
    }

    @Test
    void should_serve_the_staff_page_from_the_jar_with_no_outside_resources() {
        // when
        Http.Reply page = http.get("/");

        // then
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<html lang=\"zh-CN\">").contains("/app.js").contains("/app.css")
                .doesNotContain("http://").doesNotContain("https://");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'").contains("script-src 'self'");
        assertThat(http.get("/app.js").header("Content-Type")).startsWith("text/javascript");
        assertThat(http.get("/app.js").body()).doesNotContain("innerHTML").doesNotContain("http://").doesNotContain("https://");
        assertThat(http.get("/app.css").header("Content-Type")).startsWith("text/css");
    }

    @Test
    void should_answer_304_when_the_page_has_not_changed() {
        // given
        String etag = http.get("/app.js").header("ETag");

        // when
        Http.Reply again = http.get("/app.js", "If-None-Match", etag);

        // then
        assertThat(etag).isNotBlank();
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void should_pass_webhook_calls_to_the_channel_without_server_types() {
        // given
        EchoEndpoint echo = new EchoEndpoint("/echo");
        WebServer server = WebServer.create(new WebServer.Services(app.context(), app.retrieval(), List.of(echo),
                List.of("echo"))).start();
        try {
            Http client = new Http(server.port());

            // when
            Http.Reply r = client.post("/echo?signature=abc&nonce=1", "你好", "X-Token", "t1");

            // then
            assertThat(r.status()).isEqualTo(202);
            assertThat(r.header("Content-Type")).startsWith("application/xml");
            assertThat(r.header("X-Echo")).isEqualTo("yes");
            assertThat(r.body()).isEqualTo("<r>你好</r>");
            HttpRequest seen = echo.seen.get(0);
            assertThat(seen.method()).isEqualTo("POST");
            assertThat(seen.path()).isEqualTo("/echo");
            assertThat(seen.queryParam("signature")).isEqualTo("abc");
            assertThat(seen.header("X-Token")).isEqualTo("t1");
            assertThat(seen.remoteAddress()).isEqualTo("127.0.0.1");
            assertThat(client.get("/echo?echostr=x").status()).isEqualTo(202);
            assertThat(client.get("/health").json().path("channels")).extracting(n -> n.asText())
                    .containsExactly("http", "echo");
            assertError(client.post("/echo", "x".repeat(70_000)), 413, "65536");
            assertThat(echo.seen).hasSize(2);
        } finally {
            server.close();
        }
    }

    @Test
    void should_show_the_fields_channels_add_to_health_as_they_are_at_each_call() {
        java.util.concurrent.atomic.AtomicReference<String> polling = new java.util.concurrent.atomic.AtomicReference<>("standby");
        WebServer server = WebServer.create(new WebServer.Services(app.context(), app.retrieval(), List.of(),
                List.of("telegram"), () -> java.util.Map.of("telegramPolling", polling.get()))).start();
        try {
            Http client = new Http(server.port());

            assertThat(client.get("/health").json().path("telegramPolling").asText()).isEqualTo("standby");
            polling.set("leader");
            assertThat(client.get("/health").json().path("telegramPolling").asText()).isEqualTo("leader");
            assertThat(client.get("/health").json().path("status").asText()).isEqualTo("ok");
        } finally {
            server.close();
        }
    }

    @Test
    void should_refuse_a_channel_route_that_is_taken_or_under_the_api() {
        for (String path : List.of("/health", "/api/wechat", "/")) {
            WebhookEndpoint clash = new EchoEndpoint(path);
            assertThatThrownBy(() -> WebServer.create(new WebServer.Services(app.context(), app.retrieval(), List.of(clash),
                    List.of()))).hasMessageContaining(path);
        }
    }
}
