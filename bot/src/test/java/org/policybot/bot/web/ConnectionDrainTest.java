package org.policybot.bot.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.App;
import org.policybot.bot.TestSettings;

/**
 * The stop of a server behind a load balancer: the real server with its production wiring and a
 * keep-alive connection opened before the stop, as nginx keeps them. Once the stop has begun,
 * new connections are refused (nginx then tries another replica) while a question sent on the
 * open connection is answered as usual and the connection then closed, not refused with 503 or
 * cut (which nginx does not retry for a POST).
 */
class ConnectionDrainTest {

    @TempDir
    Path dir;

    App app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void should_answer_a_question_sent_on_an_open_connection_after_the_stop_began_and_refuse_new_connections() throws Exception {
        // given: a server that drains for up to 20 s at stop (ample on a busy machine; it ends once the
        // connection closes), and a keep-alive connection that has served one request
        Map<String, String> env = new HashMap<>(RunningApp.NO_RATE_LIMITS);
        env.put("CHATBOT_HTTP_DRAIN_MS", "20000");
        app = App.start(TestSettings.of(Files.createDirectories(dir.resolve("data")), env), Clock.systemUTC());
        int port = app.port();
        try (Socket open = new Socket("127.0.0.1", port)) {
            open.setSoTimeout(10_000);
            Reply health = exchange(open, "GET /health HTTP/1.1\r\nHost: replica\r\n\r\n");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.header("connection")).isNotEqualToIgnoringCase("close");

            // when: the server is stopping
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(app::close);
            Awaitility.await().atMost(5, TimeUnit.SECONDS).pollInterval(20, TimeUnit.MILLISECONDS)
                    .until(() -> refuses(port));

            // then: a question on the open connection is answered, and that connection closed after it
            String body = "{\"question\": \"退役军人养老保险关系怎么转移接续？\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            Reply answer = exchange(open, "POST /api/ask HTTP/1.1\r\nHost: replica\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n" + body);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("\"answer\"");
            assertThat(answer.header("connection")).isEqualToIgnoringCase("close");
            assertThat(open.getInputStream().read()).as("the connection is closed after the answer").isEqualTo(-1);
            // and the stop completes
            stopping.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void should_close_at_once_when_no_drain_is_set() throws Exception {
        // given: a server without a drain, and an idle keep-alive connection to it
        Map<String, String> env = new HashMap<>(RunningApp.NO_RATE_LIMITS);
        env.put("CHATBOT_HTTP_DRAIN_MS", "0");
        app = App.start(TestSettings.of(Files.createDirectories(dir.resolve("data")), env), Clock.systemUTC());
        try (Socket open = new Socket("127.0.0.1", app.port())) {
            open.setSoTimeout(10_000);
            assertThat(exchange(open, "GET /health HTTP/1.1\r\nHost: replica\r\n\r\n").status()).isEqualTo(200);

            // when / then: the stop closes the idle connection rather than waiting for it
            app.close();
            assertThat(open.getInputStream().read()).isEqualTo(-1);
        }
    }

    private static boolean refuses(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (IOException other) {
            return false;
        }
    }

    record Reply(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    /** Sends one request on the connection and reads one response (by Content-Length, or chunked). */
    private static Reply exchange(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = socket.getInputStream();
        String statusLine = line(in);
        assertThat(statusLine).as("a response").startsWith("HTTP/1.1 ");
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new HashMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).strip(), 16); size > 0; size = Integer.parseInt(line(in).strip(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
            line(in);
        } else {
            body.write(in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0"))));
        }
        return new Reply(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                throw new IOException("the connection closed mid-response");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}
