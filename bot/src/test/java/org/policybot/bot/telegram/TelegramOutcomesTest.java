package org.policybot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.RegionalCorpus;
import org.policybot.bot.TestSettings;
import org.policybot.bot.channel.Html;
import org.policybot.bot.telegram.TelegramEmulator.Sent;
import org.policybot.retrieval.Retrieval;

/**
 * Related and clarify answers in Telegram, end to end: real TelegramBots long polling
 * against the emulator, the real answer service over the made-up {@link RegionalCorpus},
 * real SQLite. A clarify answer's options are buttons; pressing one, or typing its number
 * or name next, answers the question for that place.
 */
class TelegramOutcomesTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path data;

    static TelegramEmulator emulator;
    static Retrieval retrieval;
    static SeamBotApi seam;
    static BotUnderTest bot;

    @BeforeAll
    static void start() throws Exception {
        Path articles = RegionalCorpus.write(data.resolve("articles"));
        emulator = TelegramEmulator.start();
        retrieval = new Retrieval(TestSettings.of(data.resolve("index"), articles, Map.of()));
        bot = BotUnderTest.start(emulator, retrieval, data.resolve("bot"), "100003:outcomes-bot",
                Map.of("CHATBOT_ARTICLES_DIR", articles.toString()), Optional.empty(),
                api -> seam = new SeamBotApi(api));
    }

    @AfterAll
    static void stop() {
        if (bot != null) {
            bot.close();
        }
        if (retrieval != null) {
            retrieval.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    static void send(TelegramUser user, String text) {
        emulator.send(bot.token, user.message(text));
    }

    /** The next bot message in the user's chat; it must be valid Telegram HTML. */
    static Sent reply(TelegramUser user) throws InterruptedException {
        List<Sent> got = emulator.awaitBotMessages(bot.token, user.chat(), 1, WAIT);
        assertThat(got).as("bot messages in chat %s", user.chat()).hasSize(1);
        Sent s = got.get(0);
        assertThat(s.parseMode()).isEqualTo("HTML");
        assertThat(TelegramHtml.problems(s.text())).as(s.text()).isEmpty();
        return s;
    }

    static String plain(String html) {
        return Html.toPlainText(html);
    }

    @Test
    void should_mark_an_answer_from_related_sentences_before_its_framed_text() throws Exception {
        // given
        TelegramUser user = TelegramUser.privateChat(31);

        // when
        send(user, RegionalCorpus.RELATED);

        // then
        Sent answer = reply(user);
        assertThat(answer.text()).startsWith("<b>" + "⚠️ 文章未直接说明" + "</b>\n文章没有直接说明")
                .contains("12333", "<b>来源</b>");
        assertThat(answer.buttons()).extracting(b -> b.path("text").asText()).first().isEqualTo("来源 1");
    }

    @Test
    void should_offer_one_button_per_option_and_answer_for_the_option_pressed() throws Exception {
        // given
        TelegramUser user = TelegramUser.privateChat(32);
        send(user, RegionalCorpus.CLARIFY);
        Sent clarify = reply(user);
        int acknowledged = seam.callbackAnswers.size();

        // when: 乙州 is pressed
        String data = clarify.buttons().get(1).path("callback_data").asText();
        emulator.sendCallback(bot.token, user.press(data, clarify.messageId()));

        // then
        Sent answer = reply(user);
        assertThat(plain(clarify.text())).contains("请问您问的是哪里", "1. 甲州", "2. 乙州", "回复序号、地名");
        assertThat(clarify.buttons()).extracting(b -> b.path("text").asText()).containsExactlyElementsOf(RegionalCorpus.OPTIONS);
        for (var button : clarify.buttons()) {
            assertThat(button.path("callback_data").asText().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64);
        }
        assertThat(plain(answer.text())).startsWith("您选择了：乙州").contains(RegionalCorpus.YIZHOU_FIGURE)
                .doesNotContain(RegionalCorpus.JIAZHOU_FIGURE);
        assertThat(seam.callbackAnswers).hasSize(acknowledged + 1);
        assertThat(seam.callbackAnswers.get(acknowledged).text()).isEmpty();
    }

    @Test
    void should_answer_for_the_option_when_the_next_message_is_its_number_or_its_name() throws Exception {
        // given
        TelegramUser user = TelegramUser.privateChat(33);
        send(user, RegionalCorpus.CLARIFY);
        reply(user);

        // when
        send(user, "1");
        String byNumber = plain(reply(user).text());
        send(user, RegionalCorpus.CLARIFY);
        reply(user);
        send(user, "乙州");
        String byName = plain(reply(user).text());

        // then
        assertThat(byNumber).contains(RegionalCorpus.JIAZHOU_FIGURE).doesNotContain(RegionalCorpus.YIZHOU_FIGURE);
        assertThat(byName).contains(RegionalCorpus.YIZHOU_FIGURE).doesNotContain(RegionalCorpus.JIAZHOU_FIGURE);
    }

    @Test
    void should_read_a_number_as_it_is_once_another_message_came_after_the_options() throws Exception {
        // given
        TelegramUser user = TelegramUser.privateChat(34);
        send(user, RegionalCorpus.CLARIFY);
        reply(user);
        send(user, RegionalCorpus.DECLINED);
        reply(user);

        // when
        send(user, "1");

        // then
        assertThat(plain(reply(user).text())).doesNotContain(RegionalCorpus.JIAZHOU_FIGURE);
    }

    @Test
    void should_say_the_option_expired_when_its_choice_is_no_longer_stored() throws Exception {
        // given
        TelegramUser user = TelegramUser.privateChat(35);
        int acknowledged = seam.callbackAnswers.size();

        // when
        emulator.sendCallback(bot.token, user.press("opt:ZZZZZZZZZZ:1", 1));

        // then
        assertThat(reply(user).text()).isEqualTo("这个选项已过期，请重新提问。");
        assertThat(seam.callbackAnswers).hasSize(acknowledged + 1);
    }
}
