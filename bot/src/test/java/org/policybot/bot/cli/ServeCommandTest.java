package org.policybot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.TestSettings;
import org.policybot.bot.cli.Main;

/** {@code chatbot serve}: start-up failures end at once with one line; a running server stops cleanly on SIGTERM. */
class ServeCommandTest {

    @TempDir
    Path data;

    private Map<String, String> env(String port) {
        Map<String, String> env = new HashMap<>();
        env.put("CHATBOT_ARTICLES_DIR", TestSettings.bundledArticles().toString());
        env.put("CHATBOT_DATA_DIR", data.toString());
        env.put("CHATBOT_RETRIEVAL_VECTORS", "false");
        env.put("CHATBOT_HTTP_PORT", port);
        return env;
    }

    private record Run(int code, String err) {
    }

    private Run serve(Map<String, String> env) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"serve"}, env, data, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, err.toString());
    }

    @Test
    void should_exit_with_code_2_and_one_line_when_a_setting_is_bad() {
        // when
        Run run = serve(env("99999"));

        // then
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("error: ").contains("CHATBOT_HTTP_PORT").doesNotContain("\n");
    }

    @Test
    void should_exit_with_code_1_and_one_line_when_the_port_is_taken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            // when
            Run run = serve(env(Integer.toString(taken.getLocalPort())));

            // then
            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err().strip()).isEqualTo("error: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": the port is in use or the address is not local (set CHATBOT_HTTP_HOST / CHATBOT_HTTP_PORT)");
        }
    }

    @Test
    void should_report_a_taken_port_before_building_the_index() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            // when
            Run run = serve(env(Integer.toString(taken.getLocalPort())));

            // then: nothing was indexed, so the user did not wait for a build to learn it
            assertThat(run.code()).isEqualTo(1);
            assertThat(data.resolve("index")).doesNotExist();
        }
    }

    @Test
    void should_serve_until_sigterm_then_stop_cleanly() throws Exception {
        // given: the real command in its own JVM, as ./chatbot serve runs it
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "-Dfile.encoding=UTF-8",
                Main.class.getName(), "serve");
        pb.environment().putAll(env("0"));
        Path log = data.resolve("serve.log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process server = pb.start();
        try {
            String base = null;
            Pattern ready = Pattern.compile("HTTP API and staff page on (http://\\S+)");
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); base == null && server.isAlive()
                    && System.nanoTime() < deadline; ) {
                Matcher m = ready.matcher(Files.readString(log));
                if (m.find()) {
                    base = m.group(1);
                } else {
                    Thread.sleep(100);
                }
            }
            assertThat(base).as(Files.readString(log)).isNotNull();

            // when
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(base + "health")).build(), HttpResponse.BodyHandlers.ofString());
            server.destroy();

            // then
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(log);
            assertThat(output).as("exit %d", server.exitValue()).contains("INFO  o.policybot.bot.App - Stopped")
                    .doesNotContain("Exception").doesNotContain("ERROR");
        } finally {
            server.destroyForcibly();
        }
    }
}
