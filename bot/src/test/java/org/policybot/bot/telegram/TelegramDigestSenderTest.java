package org.policybot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which Telegram refusals mean the chat is gone (pause it) and which are worth another run. */
class TelegramDigestSenderTest {

    @Test
    void should_take_a_blocked_bot_a_kicked_bot_and_a_missing_chat_as_permanent() {
        assertThat(TelegramDigestSender.permanent(403, "sendMessage: {\"ok\":false,\"error_code\":403,"
                + "\"description\":\"Forbidden: bot was blocked by the user\"}")).isTrue();
        assertThat(TelegramDigestSender.permanent(403, "Forbidden: bot was kicked from the supergroup chat")).isTrue();
        assertThat(TelegramDigestSender.permanent(400, "Bad Request: chat not found")).isTrue();
    }

    @Test
    void should_take_flood_control_server_errors_no_answer_and_a_bad_message_as_transient() {
        assertThat(TelegramDigestSender.permanent(429, "Too Many Requests: retry after 400")).isFalse();
        assertThat(TelegramDigestSender.permanent(502, "Bad Gateway")).isFalse();
        assertThat(TelegramDigestSender.permanent(0, "sendMessage: java.net.ConnectException")).isFalse();
        assertThat(TelegramDigestSender.permanent(400, "Bad Request: message is too long")).isFalse();
    }
}
