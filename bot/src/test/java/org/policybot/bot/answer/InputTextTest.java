package org.policybot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\u200b", "\ufeff", "\u2060", "\ufffd", "\ud800", "\udfff", "\u0000\u0007\u007f\u0085\u009f",
            "\u200b\u200c\u200d\u200e\u200f\u202a\u202e", "\t\n\r\u00a0\u3000\u2028", "\uffff\ufffe\ufdd0"})
    void should_leave_nothing_of_a_text_nobody_can_see(String text) {
        assertThat(InputText.clean(text)).isEmpty();
    }

    @Test
    void should_keep_what_is_visible_and_collapse_whitespace() {
        assertThat(InputText.clean("  社\u200b保\ufeff怎么\n\n转移？\u2060 ")).isEqualTo("社保怎么 转移？");
        assertThat(InputText.clean("退役\u3000军人\t养老\u00a0保险")).isEqualTo("退役 军人 养老 保险");
        assertThat(InputText.clean("１３９ 😀 𠀀")).isEqualTo("１３９ 😀 𠀀");
        assertThat(InputText.clean(null)).isEmpty();
    }

    @Test
    void should_clean_a_question_and_drop_earlier_questions_left_empty() {
        Question q = new Question("\u200b社保\u0000怎么转？", List.of("\ufeff", "上一个\u200b问题"), "chat\u0007:1", "u\u0000");

        assertThat(q.text()).isEqualTo("社保怎么转？");
        assertThat(q.context()).containsExactly("上一个问题");
        assertThat(q.conversationId()).isEqualTo("chat:1");
        assertThat(q.user()).isEqualTo("u");
    }
}
