package org.policybot.bot.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.Question;
import org.policybot.bot.store.ConversationStore;
import org.policybot.bot.store.Database;
import org.policybot.config.Settings;

class ClarificationsTest {

    static final List<String> OPTIONS = List.of("甲州", "乙州");

    @TempDir
    Path dir;

    Database db;
    ConversationStore conversations;
    Clarifications clarifications;

    @BeforeEach
    void open() {
        db = Database.open(new Settings.Database("jdbc:sqlite:" + dir.resolve("c.db"), "", ""));
        conversations = new ConversationStore(db, Clock.systemUTC(), 6, Duration.ofMinutes(30));
        clarifications = new Clarifications(conversations);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static Answer clarify(String question) {
        return new Answer(question, "不同地方的规定不一样，请问您问的是哪里？\n1. 甲州\n2. 乙州", List.of(), Answer.Outcome.CLARIFY,
                Answer.Mode.EXTRACTIVE, 0.3, OPTIONS);
    }

    @Test
    void should_pick_an_option_by_its_number_or_name_whatever_the_spaces_punctuation_or_digit_width() {
        assertThat(Clarifications.pick("1", OPTIONS)).contains("甲州");
        assertThat(Clarifications.pick(" 2。", OPTIONS)).contains("乙州");
        assertThat(Clarifications.pick("２", OPTIONS)).contains("乙州");
        assertThat(Clarifications.pick("1.", OPTIONS)).contains("甲州");
        assertThat(Clarifications.pick("乙州！", OPTIONS)).contains("乙州");
        assertThat(Clarifications.pick("3", OPTIONS)).isEmpty();
        assertThat(Clarifications.pick("0", OPTIONS)).isEmpty();
        assertThat(Clarifications.pick("乙州的补贴什么时候发", OPTIONS)).isEmpty();
    }

    @Test
    void should_ask_the_next_message_that_picks_an_option_as_the_follow_up_of_the_masked_question() {
        // given
        clarifications.answered(clarify("补贴多少，我电话13912345678"), "telegram:1");

        // when
        Question q = clarifications.question("2", "telegram:1", "telegram:1");
        Question again = clarifications.question("2", "telegram:1", "telegram:1");

        // then
        assertThat(q.text()).isEqualTo("乙州");
        assertThat(q.context()).containsExactly("补贴多少，我电话139****5678");
        assertThat(q.conversationId()).isEqualTo("telegram:1");
        assertThat(again.text()).isEqualTo("2");
        assertThat(again.context()).isEmpty();
    }

    @Test
    void should_ask_any_other_message_as_it_is_and_drop_the_offer() {
        clarifications.answered(clarify("补贴多少"), "wechat:o1");

        Question other = clarifications.question("社保卡怎么办", "wechat:o1", "o1");
        Question number = clarifications.question("1", "wechat:o1", "o1");

        assertThat(other.text()).isEqualTo("社保卡怎么办");
        assertThat(other.context()).isEmpty();
        assertThat(number.text()).isEqualTo("1");
    }

    @Test
    void should_offer_nothing_for_answers_that_ask_no_choice() {
        clarifications.answered(new Answer("补贴多少", "150元。", List.of(), false, Answer.Mode.EXTRACTIVE, 0.9), "web:a");

        assertThat(conversations.takeChoice("web:a")).isEmpty();
    }

    @Test
    void should_give_the_question_without_its_option_lines_and_number_options_the_same_way() {
        Answer a = clarify("补贴多少");

        assertThat(Clarifications.prompt(a)).isEqualTo("不同地方的规定不一样，请问您问的是哪里？");
        assertThat(Clarifications.numbered(OPTIONS)).isEqualTo("1. 甲州\n2. 乙州");
    }
}
