package org.policybot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmallTalkTest {

    @Test
    void should_greet_back_a_message_that_is_only_a_greeting() {
        assertThat(SmallTalk.reply("你好", AnswerTexts.BUNDLED)).isEqualTo(AnswerTexts.BUNDLED.greeting());
        assertThat(SmallTalk.reply("您好！", AnswerTexts.BUNDLED)).isEqualTo(AnswerTexts.BUNDLED.greeting());
        assertThat(SmallTalk.reply(" Hello ", AnswerTexts.BUNDLED)).isEqualTo(AnswerTexts.BUNDLED.greeting());
        assertThat(SmallTalk.reply("在吗？", AnswerTexts.BUNDLED)).isEqualTo(AnswerTexts.BUNDLED.greeting());
    }

    @Test
    void should_answer_thanks_kindly() {
        assertThat(SmallTalk.reply("谢谢！", AnswerTexts.BUNDLED)).isEqualTo(AnswerTexts.BUNDLED.thanks());
        assertThat(SmallTalk.reply("thank you", AnswerTexts.BUNDLED)).isEqualTo(AnswerTexts.BUNDLED.thanks());
        assertThat(SmallTalk.reply("好的👍", AnswerTexts.BUNDLED)).isEqualTo(AnswerTexts.BUNDLED.thanks());
    }

    @Test
    void should_leave_a_message_that_says_more_to_the_answer_service() {
        assertThat(SmallTalk.reply("你好，我13年退伍的，养老保险要自己接续吗", AnswerTexts.BUNDLED)).isNull();
        assertThat(SmallTalk.reply("12333", AnswerTexts.BUNDLED)).isNull();
        assertThat(SmallTalk.reply("谢谢你们的服务热线电话多少", AnswerTexts.BUNDLED)).isNull();
    }
}
