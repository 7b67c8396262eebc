package org.policybot.bot.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.policybot.bot.channel.HttpRequest;
import org.policybot.bot.channel.HttpResponse;
import org.policybot.bot.channel.WebhookEndpoint;
import org.slf4j.LoggerFactory;

/**
 * Requests broken in ways a JSON parser never sees, over raw sockets against a real server:
 * every answer is {@code {"error": "…"}} with a 4xx for the client's fault, and a broken
 * request costs at most one log line, never a stack trace.
 */
class WebErrorShapeTest {

    @RegisterExtension
    static final RunningApp server = RunningApp.withoutRateLimits();


    static final String CHUNKED = "POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";

    @ParameterizedTest
    @ValueSource(strings = {
            "zz\r\n{\"question\": \"社保\"}\r\n0\r\n\r\n",
            "5\r\n{\"que\r\n-3\r\nabc\r\n0\r\n\r\n",
            "3;\u0001\r\nabc\r\n0\r\n\r\n",
            "3\r\nabcdef\r\n0\r\n\r\n",
            "fffffffffffffffffffff\r\nabc\r\n0\r\n\r\n",
            "3\r\nabc\r\n0\r\nBad Trailer\r\n\r\n"})
    void should_answer_a_malformed_chunked_body_with_a_json_400_and_at_most_one_log_line(String body) throws IOException {
        // when
        String reply;
        List<ILoggingEvent> logged;
        try (Logs logs = new Logs()) {
            reply = raw(CHUNKED + body);
            logged = logs.events();
        }

        // then
        assertJsonError(reply, "400");
        assertThat(logged).as("log lines").hasSizeLessThanOrEqualTo(1).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CONNECT example.org:443 HTTP/1.1\r\n\r\n",
            "CONNECT / HTTP/1.1\r\nHost: x\r\n\r\n",
            "CONNECT * HTTP/1.1\r\nHost: x\r\n\r\n",
            "CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n",
            "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"})
    void should_answer_connect_and_an_http2_preface_in_the_json_shape(String request) throws IOException {
        // when
        String reply = raw(request);

        // then
        assertThat(reply).as(request).matches("(?s)HTTP/1.1 4\\d\\d .*");
        assertJsonError(reply, reply.substring(9, 12));
        assertThat(reply).doesNotContain("Upgrade Required\"");
    }

    @Test
    void should_answer_a_body_that_stops_arriving_with_a_json_408_after_the_body_deadline() throws IOException {
        // given: headers promising 100 bytes, then 3 of them and silence (the body deadline is 10 s)
        String request = "POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n"
                + "Connection: close\r\n\r\n{\"q";

        // when
        String reply;
        List<ILoggingEvent> logged;
        try (Logs logs = new Logs()) {
            reply = raw(request);
            logged = logs.events();
        }

        // then
        assertJsonError(reply, "408");
        assertThat(reply).contains("请求体发送太慢");
        assertThat(logged).hasSizeLessThanOrEqualTo(1).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
    }

    @Test
    void should_answer_a_path_the_decoder_refuses_with_a_json_400() throws IOException {
        for (String path : new String[] {"/api/articles/%u002e%u002e", "/api/passages/%u002e", "/api/articles/%zz",
                "/api/articles/%c0%af", "/api/articles/%"}) {
            // when
            String reply;
            List<ILoggingEvent> logged;
            try (Logs logs = new Logs()) {
                reply = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                logged = logs.events();
            }

            // then
            assertThat(reply).as(path).matches("(?s)HTTP/1.1 4\\d\\d .*");
            assertJsonError(reply, reply.substring(9, 12));
            assertThat(logged).as("log lines for " + path).hasSizeLessThanOrEqualTo(1)
                    .allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
        }
    }

    @Test
    void should_answer_a_java_error_thrown_while_handling_with_a_json_500() throws IOException {
        // given: endpoints at the channel seam that fail with Errors, not Exceptions
        WebServer failing = WebServer.create(new WebServer.Services(server.app().context(), server.app().retrieval(),
                List.of(new Failing("/overflow", () -> recurse(0)), new Failing("/internal", () -> {
                    throw new InternalError("the JVM is unwell");
                })), List.of())).start();
        try {
            for (String path : new String[] {"/overflow", "/internal"}) {
                // when
                String reply = raw(failing.port(), "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                        + "Connection: close\r\n\r\n{}");

                // then
                assertJsonError(reply, "500");
                assertThat(reply).as(path).contains("服务器内部错误").doesNotContain("StackOverflow").doesNotContain("InternalError")
                        .doesNotContain("unwell");
            }
            assertThat(raw(failing.port(), "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 200");
        } finally {
            failing.close();
        }
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    /** A channel endpoint whose handling fails as {@code failure} does. */
    record Failing(String path, java.util.function.IntSupplier failure) implements WebhookEndpoint {
        @Override
        public Set<String> methods() {
            return Set.of("POST");
        }

        @Override
        public HttpResponse handle(HttpRequest request) {
            return HttpResponse.text(200, "never " + failure.getAsInt());
        }

        @Override
        public String name() {
            return "failing";
        }
    }

    static void assertJsonError(String reply, String status) {
        assertThat(reply).startsWith("HTTP/1.1 " + status);
        int split = reply.indexOf("\r\n\r\n");
        String head = reply.substring(0, split).toLowerCase(java.util.Locale.ROOT);
        String body = reply.substring(split + 4);
        assertThat(head).as(reply).contains("content-type: application/json");
        assertThat(body).as(reply).matches("(?s)\\s*\\{\"error\":\"[^\"]+\"}\\s*").doesNotContain("Exception");
    }

    static String raw(String request) throws IOException {
        return raw(server.app().port(), request);
    }

    static String raw(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** What every logger writes at WARN and above while it is open (as `serve` logs). */
    static final class Logs implements AutoCloseable {
        private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        Logs() {
            appender.start();
            root.addAppender(appender);
        }

        List<ILoggingEvent> events() {
            try {
                Thread.sleep(200); // a line logged after the response went out
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.copyOf(appender.list).stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
        }

        @Override
        public void close() {
            root.detachAppender(appender);
            appender.stop();
        }
    }
}
