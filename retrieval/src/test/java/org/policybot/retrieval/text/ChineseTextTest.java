package org.policybot.retrieval.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ChineseTextTest {

    @Test
    void should_split_sentences_keeping_closing_quotes_with_their_sentence() {
        assertThat(ChineseText.sentences("他说：“培训不花钱。”他回忆道。真的吗？是的!"))
                .containsExactly("他说：“培训不花钱。”", "他回忆道。", "真的吗？", "是的!");
    }

    @Test
    void should_fold_width_script_case_and_spaces_between_chinese_and_digits() {
        assertThat(ChineseText.fold("維 權 電 話：（０３９１）５４１２３３３")).isEqualTo("维权电话:(0391)5412333");
        assertThat(ChineseText.fold("2024 年 研发投入 3.6 万亿元")).isEqualTo("2024年研发投入3.6万亿元");
        assertThat(ChineseText.fold("Nature  Index top 10")).isEqualTo("nature index top 10");
    }

    @RepeatedTest(20)
    void should_give_back_the_input_when_sentences_are_joined(org.junit.jupiter.api.RepetitionInfo info) {
        Random random = new Random(info.getCurrentRepetition());
        String alphabet = "养老保险。！？；，“”（）abc 12";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        String text = sb.toString();

        assertThat(String.join("", ChineseText.sentences(text))).isEqualTo(text.replaceAll("(?<=[。！？!?；;”’」』）)》】〉\"'])\\s+$", ""))
                .as("blank-only tails are dropped, nothing else");
    }

    @Test
    void should_tell_open_from_closed_lines() {
        assertThat(ChineseText.endsClosed("正在提升中国在科研领域的领先地")).isFalse();
        assertThat(ChineseText.endsClosed("他回忆道。")).isTrue();
        assertThat(ChineseText.endsClosed("“领跑”")).isTrue();
    }
}
