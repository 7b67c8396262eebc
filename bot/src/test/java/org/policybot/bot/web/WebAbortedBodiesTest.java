package org.policybot.bot.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.App;
import org.policybot.bot.TestSettings;
import org.policybot.bot.llm.LogCapture;

/**
 * One client that starts chunked bodies and never finishes them, hundreds of times in a few
 * seconds, against the real server on loopback: what it costs the server is a 400 each and
 * a log that does not grow with it. Its own server, so no other test has used the log's
 * allowance yet.
 */
class WebAbortedBodiesTest {

    static final int BODIES = 600;
    static final String CHUNKED_HEAD = "POST /api/ask HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n";

    @TempDir
    static Path data;

    static App app;
    static Http http;

    @BeforeAll
    static void start() {
        app = App.start(TestSettings.of(data, Map.of()), Clock.systemUTC());
        http = new Http(app.port());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void should_answer_each_aborted_or_garbled_chunked_body_with_a_400_and_keep_the_log_to_a_line() throws Exception {
        List<RawClient.Answer> answers = new ArrayList<>();
        long started = System.nanoTime();
        try (LogCapture logs = LogCapture.asConfigured()) {
            // when: one address starts 600 chunked bodies in a row and breaks each off in one of four ways
            for (int i = 0; i < BODIES; i++) {
                RawClient c = RawClient.connect(app.port(), "127.0.5.1");
                c.write(CHUNKED_HEAD + "10\r\n{\"question\": \"");
                switch (i % 4) {
                    case 0 -> { // gone: a reset in the middle of a chunk
                        c.abort();
                        continue;
                    }
                    case 1 -> c.stopWriting(); // the stream ends in the middle of a chunk
                    case 2 -> c.write("社保\r\nZZZ-not-a-size\r\n"); // a chunk size that is not hex
                    default -> c.write("社保 社保 社保 社保\r\n0\r\n\r\n"); // more data than the chunk declared
                }
                answers.add(c.read(Duration.ofSeconds(5)));
                c.close();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> refused("broken") >= BODIES * 3 / 4);
            List<ILoggingEvent> events = logs.events();
            List<String> lines = logs.messages();

            // then: every client still there got a 400 in the API's shape; the server never failed
            assertThat(answers).hasSize(BODIES * 3 / 4).extracting(RawClient.Answer::status).containsOnly(400);
            assertThat(answers.get(0).body()).contains("\"error\"");
            assertThat(http.get("/metrics").body()).doesNotContain("status=\"500\"");
            assertThat(http.get("/health").status()).isEqualTo(200);

            // and: the log holds one short line a minute for all of them; Jetty adds nothing, no stack traces
            assertThat(events).noneMatch(e -> e.getThrowableProxy() != null);
            assertThat(events).noneMatch(e -> e.getLoggerName().startsWith("org.eclipse.jetty"));
            assertThat(lines).filteredOn(m -> m.contains("Request body from"))
                    .hasSizeLessThanOrEqualTo(1 + (int) (seconds / 60));
            assertThat(logs.characters()).as("log written for %s bodies in %.1f s", BODIES, seconds).isLessThan(2_000);
        }
    }

    private static double refused(String reason) {
        for (String line : http.get("/metrics").body().split("\n")) {
            if (line.startsWith("policybot_http_bodies_refused_total{reason=\"" + reason + "\"}")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
