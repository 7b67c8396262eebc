package org.policybot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.TelegramUrl;

class TelegramMessengerTest {

    final MutableClock clock = new MutableClock(1_000_000);
    final List<Long> sleeps = new ArrayList<>();
    final ScriptedBotApi api = new ScriptedBotApi();
    final TelegramMessenger messenger = new TelegramMessenger(api, Pacer.telegramLimits(clock), millis -> {
        sleeps.add(millis);
        clock.advance(millis);
    }, new HtmlSplitter());

    @Test
    void should_wait_retry_after_and_send_again_when_telegram_answers_429() throws Exception {
        List<Long> calls = new CopyOnWriteArrayList<>();
        HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", exchange -> {
            calls.add(System.nanoTime());
            boolean first = calls.size() == 1;
            String body = first
                    ? "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 1\","
                      + "\"parameters\":{\"retry_after\":1}}"
                    : "{\"ok\":true,\"result\":{\"message_id\":77,\"date\":1760000000,\"chat\":{\"id\":5,\"type\":\"private\"},"
                      + "\"text\":\"好\"}}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(first ? 429 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        stub.start();
        try {
            BotApi real = new OkHttpBotApi(OkHttpBotApi.defaultHttpClient(), "123:stub",
                    new TelegramUrl("http", "127.0.0.1", stub.getAddress().getPort(), false));
            TelegramMessenger live = new TelegramMessenger(real, Pacer.telegramLimits(java.time.Clock.systemUTC()),
                    Thread::sleep, new HtmlSplitter());

            List<Long> ids = live.sendHtml("5", "好");

            assertThat(ids).containsExactly(77L);
            assertThat(calls).hasSize(2);
            assertThat(Duration.ofNanos(calls.get(1) - calls.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void should_retry_network_errors_with_growing_backoff_and_give_up_after_four_attempts() {
        api.failNext(new BotApiException(0, "timeout"), new BotApiException(502, "bad gateway"),
                new BotApiException(0, "reset"), new BotApiException(0, "timeout"));

        assertThatThrownBy(() -> messenger.sendHtml("5", "你好")).isInstanceOf(TelegramSendException.class);

        assertThat(api.sent).hasSize(4);
        assertThat(sleeps).containsSubsequence(500L, 1000L, 2000L);
    }

    @Test
    void should_not_retry_when_telegram_refuses_the_chat() {
        api.failNext(new BotApiException(403, "Forbidden: bot was blocked by the user"));

        assertThatThrownBy(() -> messenger.sendHtml("5", "你好"))
                .isInstanceOfSatisfying(TelegramSendException.class, e -> assertThat(e.code()).isEqualTo(403));
        assertThat(api.sent).hasSize(1);
    }

    @Test
    void should_resend_as_escaped_plain_text_when_telegram_cannot_parse_the_html() throws Exception {
        api.failNext(new BotApiException(400, "Bad Request: can't parse entities: unsupported start tag"));

        messenger.sendHtml("5", "<b>来源</b> A&amp;B");

        assertThat(api.sent).hasSize(2);
        assertThat(api.sent.get(1).html()).isEqualTo("来源 A&amp;B");
    }

    @Test
    void should_wait_a_second_between_messages_to_the_same_chat_but_not_across_chats() throws Exception {
        messenger.sendHtml("5", "一");
        messenger.sendHtml("6", "二");
        messenger.sendHtml("5", "三");
        messenger.sendHtml("5", "四");

        assertThat(sleeps).containsExactly(1000L, 1000L);
    }

    @Test
    void should_hold_the_21st_message_to_a_group_until_a_minute_after_the_first() throws Exception {
        long start = clock.millis();
        for (int i = 0; i < 20; i++) {
            messenger.sendHtml("-100123", "消息" + i);
        }
        assertThat(clock.millis() - start).isEqualTo(19_000);

        messenger.sendHtml("-100123", "第21条");

        assertThat(clock.millis() - start).isEqualTo(60_000);
    }

    @Test
    void should_reply_with_the_first_part_and_put_the_buttons_on_the_last_when_a_message_is_split() throws Exception {
        String html = "养老保险关系转移接续的规定。".repeat(700);
        List<List<Button>> keyboard = List.of(List.of(new Button("来源 1", "src:Ab3dE5gH7j:1")));

        List<Long> ids = messenger.send("-100123", html, 42, keyboard);

        assertThat(ids).hasSize(3);
        assertThat(api.sent).extracting(OutgoingMessage::replyTo).containsExactly(42, null, null);
        assertThat(api.sent).extracting(m -> m.keyboard().isEmpty()).containsExactly(true, true, false);
        assertThat(api.sent).allSatisfy(m -> assertThat(m.html().length()).isLessThanOrEqualTo(4096));
    }
}
