package org.policybot.bot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.policybot.bot.web.WebApiTest.assertError;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad input and abuse on a real server: every case gets {"error": "…"}, a 4xx and no stack trace, and loses nothing. */
class WebBadInputTest {

    @RegisterExtension
    static final RunningApp server = RunningApp.withoutRateLimits();


    @Test
    void should_refuse_malformed_json_with_400() {
        assertError(server.http().ask("{\"question\": \"社保"), 400, "JSON");
        assertError(server.http().ask("{\"question\": \"社保\"} trailing"), 400, "JSON");
        assertError(server.http().ask("question=社保"), 400, "JSON");
    }

    @Test
    void should_refuse_json_beyond_the_parser_limits_with_400() {
        // given: deeper nesting and a longer number than the JSON parser accepts
        String deep = "[".repeat(1100);
        String longNumber = "{\"question\": \"社保\", \"n\": " + "1".repeat(1001) + "}";

        // when / then
        assertError(server.http().ask(longNumber), 400, "请求体不是有效的 JSON");
        assertError(server.http().ask(deep), 400, "请求体不是有效的 JSON");
    }

    @Test
    void should_refuse_a_body_that_is_not_an_object_with_400() {
        assertError(server.http().ask("[\"社保\"]"), 400, "JSON 对象");
        assertError(server.http().ask("\"社保\""), 400, "JSON 对象");
        assertError(server.http().ask(""), 400, "请求体为空");
    }

    @Test
    void should_refuse_a_missing_or_empty_question_with_400() {
        assertError(server.http().ask("{}"), 400, "缺少 question");
        assertError(server.http().ask("{\"question\": null}"), 400, "缺少 question");
        assertError(server.http().ask("{\"question\": \"   \"}"), 400, "不能为空");
        assertError(server.http().ask("{\"question\": \" \\u0000\\u0007 \"}"), 400, "不能为空");
    }

    @Test
    void should_refuse_a_day_asked_about_that_is_not_a_date_and_answer_one_that_is() throws Exception {
        assertError(server.http().ask("{\"question\": \"社保\", \"asOf\": \"2024-13-01\"}"), 400, "asOf 必须是 YYYY-MM-DD");
        assertError(server.http().ask("{\"question\": \"社保\", \"asOf\": 20240101}"), 400, "asOf 必须是 YYYY-MM-DD");
        assertError(server.http().ask("{\"question\": \"社保\", \"asOf\": \"2024年1月1日\"}"), 400, "asOf 必须是 YYYY-MM-DD");
        assertError(server.http().ask("{\"question\": \"社保\", \"asOf\": \"0999-01-01\"}"), 400, "asOf 必须在");

        assertThat(server.http().ask("{\"question\": \"12333是什么电话\", \"asOf\": \"2024-01-01\"}").status())
                .isEqualTo(200);
    }

    @Test
    void should_refuse_wrong_types_naming_the_field() {
        assertError(server.http().ask("{\"question\": 42}"), 400, "question 必须是字符串");
        assertError(server.http().ask("{\"question\": [\"社保\"]}"), 400, "question 必须是字符串");
        assertError(server.http().ask("{\"question\": \"社保\", \"context\": \"上一个问题\"}"), 400, "context");
        assertError(server.http().ask("{\"question\": \"社保\", \"context\": [1, 2]}"), 400, "context");
        assertError(server.http().ask("{\"question\": \"社保\", \"user\": 7}"), 400, "user");
        assertError(server.http().ask("{\"question\": \"社保\", \"conversationId\": {}}"), 400, "conversationId");
        assertError(server.http().ask("{\"question\": \"社保\", \"id\": [1]}"), 400, "id");
        assertError(server.http().ask("{\"question\": \"社保\", \"id\": 1.5}"), 400, "id");
        assertError(server.http().ask("{\"question\": \"社保\", \"id\": \"" + "x".repeat(129) + "\"}"), 400, "id");
    }

    @Test
    void should_refuse_a_question_over_500_characters_with_400_and_accept_exactly_500() {
        // given
        String limit = "社".repeat(500);

        // when / then
        assertError(server.http().ask(Http.json(Map.of("question", limit + "保"))), 400, "500");
        assertThat(server.http().ask(Http.json(Map.of("question", limit))).status()).isEqualTo(200);
    }

    @Test
    void should_refuse_a_body_over_64_kilobytes_with_413() {
        // given
        String big = "{\"question\": \"社保\", \"pad\": \"" + "x".repeat(70_000) + "\"}";

        // when / then
        assertError(server.http().ask(big), 413, "65536");
    }

    @Test
    void should_answer_413_to_a_client_still_writing_its_oversized_body() throws Exception {
        // given: a body written in two halves, the second after a pause, before the reply is
        // read; a server that answers and closes before reading it all resets the connection
        // under the client's second write, and the 413 is lost
        byte[] body = ("{\"question\": \"社保\", \"pad\": \"" + "x".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        String head = "POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";

        // when
        String reply;
        try (Socket socket = new Socket("127.0.0.1", server.app().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, 0, body.length / 2);
            out.flush();
            Thread.sleep(500);
            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();
            reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        // then
        assertThat(reply).startsWith("HTTP/1.1 413").contains("65536");
    }

    @Test
    void should_refuse_a_chunked_body_over_64_kilobytes_with_413() {
        // given: no Content-Length, so the server must count while reading
        byte[] big = ("{\"question\": \"社保\", \"pad\": \"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher chunked = new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super java.nio.ByteBuffer> s) {
                HttpRequest.BodyPublishers.ofByteArray(big).subscribe(s);
            }
        };

        // when
        Http.Reply r = server.http().send(server.http().request("/api/ask").header("Content-Type", "application/json").POST(chunked));

        // then
        assertError(r, 413, "65536");
    }

    @Test
    void should_answer_404_as_json_for_unknown_routes() {
        assertError(server.http().get("/api/nothing-here"), 404, "/api/nothing-here");
        assertError(server.http().get("/wechat"), 404, "/wechat");
    }

    @Test
    void should_answer_405_as_json_for_wrong_methods() {
        assertError(server.http().get("/api/ask"), 405, "GET");
        assertError(server.http().method("POST", "/health", "{}"), 405, "POST");
        assertError(server.http().method("DELETE", "/api/search?q=x", null), 405, "DELETE");
        assertError(server.http().method("PUT", "/api/admin/reindex", null), 405, "PUT");
    }

    @Test
    void should_answer_json_when_jetty_rejects_a_request_before_routing() throws IOException {
        for (String request : new String[] {
                "GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "NOT A REQUEST LINE\r\n\r\n",
                "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n"}) {
            // when
            String reply = raw(request);

            // then
            assertThat(reply).as(request.substring(0, 20)).matches("(?s)HTTP/1.1 4\\d\\d .*");
            assertThat(reply).contains("application/json").contains("{\"error\":\"请求").doesNotContain("Exception")
                    .doesNotContain("<html").doesNotContain("Jetty");
        }
    }

    @Test
    void should_keep_answering_after_bad_requests() {
        // given
        for (int i = 0; i < 20; i++) {
            server.http().ask("{bad json " + i);
        }

        // when
        Http.Reply r = server.http().ask(Http.json(Map.of("question", "重复交的那部分钱能退多少？")));

        // then
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("citations")).isNotEmpty();
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.app().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
