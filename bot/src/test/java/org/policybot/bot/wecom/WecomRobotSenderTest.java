package org.policybot.bot.wecom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.policybot.bot.channel.TextSplitter;

/**
 * The sender against a local HTTP listener playing WeCom's webhook endpoint, with a clock
 * that the sender's waiting advances (so a minute of rate limiting takes no real time).
 */
class WecomRobotSenderTest {

    static final String KEY_A = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
    static final String KEY_B = "0f0e0d0c-1111-2222-3333-444455556666";

    /** One message the robot endpoint received, at which (test) time. */
    record Received(String key, JsonNode json, long atMillis) {
    }

    /** A clock tests move forward. */
    static final class TestClock extends Clock {
        final AtomicLong millis = new AtomicLong(Instant.parse("2026-01-05T08:00:00Z").toEpochMilli());

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    /** Scripted responses (status, body), used in order; then success. */
    final Queue<String[]> script = new ConcurrentLinkedQueue<>();
    final TestClock clock = new TestClock();
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    WecomRobotSender sender;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cgi-bin/webhook/send", this::robot);
        server.start();
        sender = new WecomRobotSender(HttpClient.newHttpClient(), clock, d -> {
            sleeps.add(d);
            clock.millis.addAndGet(d.toMillis());
        });
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void robot(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        JsonNode json = new ObjectMapper().readTree(exchange.getRequestBody().readAllBytes());
        received.add(new Received(query.substring(query.indexOf("key=") + 4), json, clock.millis()));
        String[] response = script.poll();
        int status = response == null ? 200 : Integer.parseInt(response[0]);
        byte[] body = (response == null ? "{\"errcode\":0,\"errmsg\":\"ok\"}" : response[1]).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    URI robot(String key) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cgi-bin/webhook/send?key=" + key);
    }

    static String compact(String s) {
        return s.replaceAll("\\s+", "");
    }

    @Test
    void should_post_text_in_wecom_json_to_the_robot_of_the_webhook() {
        sender.sendText(robot(KEY_A), "本周摘要：退役军人养老保险接续分三个时间段办理。");

        assertThat(received).hasSize(1);
        assertThat(received.get(0).key()).isEqualTo(KEY_A);
        assertThat(received.get(0).json().path("msgtype").asText()).isEqualTo("text");
        assertThat(received.get(0).json().path("text").path("content").asText()).isEqualTo("本周摘要：退役军人养老保险接续分三个时间段办理。");
    }

    @Test
    void should_send_long_text_as_messages_in_order_each_within_2048_bytes_cut_at_sentences() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 80; i++) {
            sb.append("第").append(i).append("条：中国科研创新的效能跃升吸引国际学界关注。");
        }

        sender.sendText(robot(KEY_A), sb.toString());

        List<String> contents = received.stream().map(r -> r.json().path("text").path("content").asText()).toList();
        assertThat(contents).hasSizeGreaterThan(1);
        assertThat(contents).allSatisfy(c -> assertThat(TextSplitter.bytes(c)).isLessThanOrEqualTo(2048));
        assertThat(contents.subList(0, contents.size() - 1)).allSatisfy(c -> assertThat(c).endsWith("。"));
        assertThat(compact(String.join("", contents))).isEqualTo(compact(sb.toString()));
    }

    @Test
    void should_send_long_markdown_cut_at_lines_within_4096_bytes() {
        StringBuilder sb = new StringBuilder("# 本周政策摘要\n");
        for (int i = 1; i <= 120; i++) {
            sb.append("> **第").append(i).append("篇** 科技创新实现新突破，详见原文<font color=\"info\">【").append(i).append("】</font>\n");
        }

        sender.sendMarkdown(robot(KEY_A), sb.toString());

        List<String> contents = received.stream().map(r -> r.json().path("markdown").path("content").asText()).toList();
        assertThat(received).allSatisfy(r -> assertThat(r.json().path("msgtype").asText()).isEqualTo("markdown"));
        assertThat(contents).hasSizeGreaterThan(1);
        assertThat(contents).allSatisfy(c -> {
            assertThat(TextSplitter.bytes(c)).isLessThanOrEqualTo(4096);
            assertThat(c).endsWith("</font>");
        });
        assertThat(compact(String.join("", contents))).isEqualTo(compact(sb.toString()));
    }

    @Test
    void should_send_at_most_20_messages_a_minute_to_one_robot_while_another_robot_goes_on() {
        for (int i = 1; i <= 45; i++) {
            sender.sendText(robot(KEY_A), "消息" + i);
        }
        long beforeB = clock.millis();
        sender.sendText(robot(KEY_B), "另一个群的消息");

        List<Received> a = received.stream().filter(r -> r.key().equals(KEY_A)).toList();
        assertThat(a).hasSize(45);
        assertThat(a).extracting(r -> r.json().path("text").path("content").asText()).startsWith("消息1", "消息2");
        for (int i = 20; i < a.size(); i++) {
            assertThat(a.get(i).atMillis() - a.get(i - 20).atMillis()).as("21 messages within a minute").isGreaterThanOrEqualTo(60_000);
        }
        assertThat(sleeps.stream().mapToLong(Duration::toMillis).sum()).isEqualTo(120_000);
        Received b = received.get(received.size() - 1);
        assertThat(b.key()).isEqualTo(KEY_B);
        assertThat(b.atMillis()).isEqualTo(beforeB);
    }

    @Test
    void should_retry_a_busy_robot_and_a_server_error_then_deliver_once() {
        script.add(new String[]{"502", "bad gateway"});
        script.add(new String[]{"200", "{\"errcode\":-1,\"errmsg\":\"system busy\"}"});

        sender.sendText(robot(KEY_A), "重试后送达");

        assertThat(received).hasSize(3);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void should_wait_a_minute_when_the_robot_says_too_frequent() {
        script.add(new String[]{"200", "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}"});

        sender.sendText(robot(KEY_A), "限流后送达");

        assertThat(received).hasSize(2);
        assertThat(sleeps).containsExactly(Duration.ofMinutes(1));
    }

    @Test
    void should_give_up_after_three_attempts_naming_the_robot_with_its_key_masked() {
        for (int i = 0; i < 3; i++) {
            script.add(new String[]{"500", "oops"});
        }

        assertThatThrownBy(() -> sender.sendText(robot(KEY_A), "送不出去"))
                .isInstanceOf(WecomException.class)
                .hasMessageContaining("HTTP 500").hasMessageContaining("key=69***aa").hasMessageContaining("0 of 1")
                .hasMessageNotContaining(KEY_A);
        assertThat(received).hasSize(3);
    }

    @Test
    void should_not_retry_when_the_robot_rejects_the_message() {
        script.add(new String[]{"200", "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"});
        List<String> parts = new ArrayList<>();

        assertThatThrownBy(() -> sender.sendText(robot(KEY_A), "第一条。".repeat(700)))
                .isInstanceOfSatisfying(WecomException.class, e -> {
                    parts.add(e.getMessage());
                    assertThat(e.errorCode()).isEqualTo(93000);
                });
        assertThat(parts.get(0)).contains("errcode 93000", "(0 of 5 messages sent)").doesNotContain(KEY_A);
        assertThat(received).hasSize(1);
    }

    @Test
    void should_refuse_a_webhook_that_is_not_http() {
        assertThatThrownBy(() -> sender.sendText(URI.create("file:///etc/passwd?key=" + KEY_A), "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(KEY_A);
    }
}
