package org.policybot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.TestSettings;
import org.policybot.bot.telegram.TelegramEmulator.Sent;
import org.policybot.retrieval.Retrieval;

/** A deployment rewords what the bot says with a file and settings, without a build. */
class TelegramTextsTest {

    @TempDir
    Path dir;

    @Test
    void should_greet_with_the_reworded_start_text_and_the_examples_of_the_settings() throws Exception {
        Path texts = dir.resolve("texts.properties");
        Files.writeString(texts, """
                # Only the texts this deployment changes.
                telegram.start=欢迎使用甲州补贴问答！\\n\\n{0}\\n\\n
                telegram.start.example=→ {0}
                """, StandardCharsets.UTF_8);
        TelegramUser user = TelegramUser.privateChat(21);

        try (TelegramEmulator emulator = TelegramEmulator.start();
             Retrieval retrieval = new Retrieval(TestSettings.of(dir.resolve("index")));
             BotUnderTest bot = BotUnderTest.start(emulator, retrieval, dir.resolve("bot"), "100021:texts-bot",
                     Map.of("CHATBOT_MESSAGES_FILE", texts.toString(), "CHATBOT_EXAMPLES", "甲州补贴怎么领？|找谁办？"),
                     Optional.empty(), api -> api)) {
            emulator.send(bot.token, user.command("/start"));
            List<Sent> got = emulator.awaitBotMessages(bot.token, user.chat(), 1, Duration.ofSeconds(15));

            assertThat(got).hasSize(1);
            assertThat(got.get(0).text()).startsWith("欢迎使用甲州补贴问答！\n\n直接发送您的问题即可，例如：\n→ 甲州补贴怎么领？\n→ 找谁办？\n\n")
                    .contains("/ask 问题")
                    .doesNotContain("社保政策问答机器人");
        }
    }
}
