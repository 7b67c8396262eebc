package org.policybot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.TestSettings;
import org.policybot.bot.llm.LogCapture;
import org.policybot.bot.telegram.TelegramEmulator.Sent;
import org.policybot.retrieval.Retrieval;

/**
 * Messages made only of characters nobody sees, through the real bot against the emulator,
 * with the embedding model on as it runs by default: the user is asked to type a question,
 * with no apology and no error in the log (the model refuses blank text).
 */
class TelegramInvisibleInputTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path data;

    static TelegramEmulator emulator;
    static Retrieval retrieval;
    static BotUnderTest bot;

    @BeforeAll
    static void start() throws Exception {
        emulator = TelegramEmulator.start();
        retrieval = new Retrieval(TestSettings.withVectors(data.resolve("index")));
        bot = BotUnderTest.start(emulator, retrieval, data.resolve("main"), "100021:invisible-bot",
                Map.of("CHATBOT_RATE_LIMIT_BURST", "100", "CHATBOT_RATE_LIMIT_PER_MINUTE", "100"), Optional.empty(), api -> api);
    }

    @AfterAll
    static void stop() {
        if (bot != null) {
            bot.close();
        }
        if (retrieval != null) {
            retrieval.close();
        }
        TestSettings.keepVectors(data.resolve("index"));
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void should_ask_for_a_question_when_a_message_holds_only_invisible_characters() throws Exception {
        // given
        TelegramUser user = TelegramUser.privateChat(2101);
        List<String> invisible = List.of("\u200b", "\ufeff", "\u2060", "\ufffd", "\ud800", "\u200b \u3000\u200d", "/ask \u200b\ufeff");

        try (LogCapture logs = LogCapture.debug(UpdateHandler.class.getName())) {
            // when
            for (String text : invisible) {
                emulator.send(bot.token, text.startsWith("/") ? user.command(text) : user.message(text));
            }
            List<Sent> got = emulator.awaitBotMessages(bot.token, user.chat(), invisible.size(), WAIT);

            // then
            assertThat(got).extracting(Sent::text).hasSize(invisible.size()).doesNotContain("抱歉，处理您的消息时出了点问题，请稍后再试。如急需办理，可拨打12333咨询。");
            assertThat(got.subList(0, invisible.size() - 1)).extracting(Sent::text).containsOnly("目前只能回答文字问题，请用文字描述您想咨询的内容。");
            assertThat(got.get(invisible.size() - 1).text()).contains("请在 /ask 后面写上您的问题");
            assertThat(logs.messages()).noneMatch(m -> m.contains("failed"));
        }
    }

    @Test
    void should_ask_for_words_when_a_search_or_a_mention_holds_only_invisible_characters() throws Exception {
        // given
        TelegramUser user = TelegramUser.inGroup(2102, -2102);

        // when
        emulator.send(bot.token, user.command("/search \u2060\u200b"));
        emulator.send(bot.token, user.message("@TestNameBot \ufeff\ufffd"));
        List<Sent> got = emulator.awaitBotMessages(bot.token, user.chat(), 2, WAIT);

        // then
        assertThat(got).extracting(Sent::text).containsExactly("请在 /search 后面写上关键词，例如：/search 退役军人 养老保险",
                "请在 @我 后面写上您的问题，例如：@我 退役军人养老保险怎么接续？");
    }

    @Test
    void should_answer_a_question_with_invisible_characters_between_its_words() throws Exception {
        // given
        TelegramUser user = TelegramUser.privateChat(2103);

        // when
        emulator.send(bot.token, user.message("焦作\u200b欠薪维权\ufeff电话多少？\u2060"));
        List<Sent> got = emulator.awaitBotMessages(bot.token, user.chat(), 1, WAIT);

        // then
        assertThat(got).singleElement().extracting(Sent::text).asString().contains("5412333", "[1]");
    }
}
