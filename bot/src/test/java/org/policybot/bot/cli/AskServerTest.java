package org.policybot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.App;
import org.policybot.bot.TestSettings;
import org.policybot.bot.api.Json;

/**
 * {@code ask --server URL} against a real {@code serve} on loopback: the same answer as the
 * server gives, no index or settings of its own, and one line when the server is not there
 * or refuses.
 */
class AskServerTest {

    private static final String QUESTION = "退役军人养老保险关系怎么转移接续？";

    @TempDir
    static Path serverData;

    @TempDir
    Path here;

    private static App app;
    private static String base;

    @BeforeAll
    static void startServer() {
        app = App.start(TestSettings.of(serverData, Map.of()), Clock.systemUTC());
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterAll
    static void stopServer() {
        if (app != null) {
            app.close();
        }
    }

    private record Run(int code, String out, String err) {
    }

    /** The command with settings that could not serve a local answer: the articles folder does not exist. */
    private Run chatbot(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = Map.of("CHATBOT_ARTICLES_DIR", here.resolve("no-such-folder").toString(),
                "CHATBOT_DATA_DIR", here.resolve("data").toString());
        int code = Main.run(args, env, here, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private static JsonNode askDirectly(String question) throws Exception {
        String body = Json.line(Json.MAPPER.createObjectNode().put("question", question));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/ask"))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void should_print_the_servers_answer_with_its_sources_without_a_local_index() throws Exception {
        // given
        JsonNode expected = askDirectly(QUESTION);
        assertThat(expected.path("citations").size()).isPositive();

        // when
        Run run = chatbot("ask", "--server", base, QUESTION);

        // then
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith(expected.path("answer").asText()).contains("来源：")
                .contains("[1] " + expected.path("citations").get(0).path("title").asText())
                .contains("“" + expected.path("citations").get(0).path("quote").asText() + "”");
        assertThat(here.resolve("data")).doesNotExist();
    }

    @Test
    void should_print_the_answer_json_of_the_server() throws Exception {
        // when
        Run run = chatbot("ask", "--server", base + "/", "--json", QUESTION);

        // then
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode printed = Json.MAPPER.readTree(run.out());
        JsonNode expected = askDirectly(QUESTION);
        assertThat(printed.path("answer")).isEqualTo(expected.path("answer"));
        assertThat(printed.path("outcome")).isEqualTo(expected.path("outcome"));
        assertThat(printed.path("citations")).isEqualTo(expected.path("citations"));
    }

    @Test
    void should_answer_a_batch_through_the_server_with_ids_and_errors_per_line() throws Exception {
        // given
        Path batch = here.resolve("batch.jsonl");
        Files.writeString(batch, "{\"id\": \"q1\", \"question\": \"" + QUESTION + "\"}\nnot json\n"
                + "{\"id\": 3, \"question\": \"退役军人养老保险\", \"context\": [\"" + QUESTION + "\"]}\n", StandardCharsets.UTF_8);

        // when
        Run run = chatbot("ask", "--server", base, "--batch", batch.toString(), "--json");

        // then
        assertThat(run.code()).as(run.err()).isZero();
        String[] lines = run.out().strip().split("\n");
        assertThat(lines).hasSize(3);
        JsonNode first = Json.MAPPER.readTree(lines[0]);
        assertThat(first.path("id").asText()).isEqualTo("q1");
        assertThat(first.path("answer")).isEqualTo(askDirectly(QUESTION).path("answer"));
        assertThat(Json.MAPPER.readTree(lines[1]).path("error").asText()).startsWith("line 2: ");
        assertThat(Json.MAPPER.readTree(lines[2]).path("id").asInt()).isEqualTo(3);
        assertThat(Json.MAPPER.readTree(lines[2]).path("outcome").isTextual()).isTrue();
    }

    @Test
    void should_say_in_one_line_when_nothing_listens_there() throws Exception {
        // given: a port that was free a moment ago
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }

        // when
        Run run = chatbot("ask", "--server", "http://127.0.0.1:" + port, QUESTION);

        // then
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("error: cannot reach http://127.0.0.1:" + port
                + "/api/ask: connection refused (is 'chatbot serve' running there?)");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void should_refuse_a_url_that_is_not_http_as_bad_usage() {
        // when
        Run run = chatbot("ask", "--server", "ftp://example.org", QUESTION);

        // then
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("error: --server: expected an http:// or https:// URL, got ftp://example.org");
    }

    @Test
    void should_pass_on_the_servers_refusal_and_notice_a_server_that_is_not_ours() throws Exception {
        // given: a stand-in that refuses like a busy server, and one that serves a web page
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        other.createContext("/busy/api/ask", ex -> {
            byte[] b = "{\"error\":\"too many questions from you; wait a minute\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(429, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        other.createContext("/page/api/ask", ex -> {
            byte[] b = "<html>hello</html>".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        other.start();
        String at = "http://127.0.0.1:" + other.getAddress().getPort();
        try {
            // when
            Run busy = chatbot("ask", "--server", at + "/busy", QUESTION);
            Run page = chatbot("ask", "--server", at + "/page", QUESTION);

            // then
            assertThat(busy.code()).isEqualTo(1);
            assertThat(busy.err().strip()).isEqualTo("error: the server refused the question: too many questions from you; wait a minute");
            assertThat(page.code()).isEqualTo(1);
            assertThat(page.err().strip()).isEqualTo("error: " + at + "/page/api/ask did not answer with JSON (is it a policybot server?)");
        } finally {
            other.stop(0);
        }
    }
}
