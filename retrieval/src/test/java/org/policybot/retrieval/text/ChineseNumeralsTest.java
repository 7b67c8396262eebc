package org.policybot.retrieval.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChineseNumeralsTest {

    @ParameterizedTest
    @CsvSource({
            "满一百岁的老人, 满100岁的老人",
            "九十多岁的奶奶, 90多岁的奶奶",
            "贷两万块钱, 贷20000块钱",
            "十五个工作日内, 15个工作日内",
            "每月三千元, 每月3000元",
            "一千零五户家庭, 1005户家庭",
            "二十一名学员, 21名学员",
            "两万五千人, 25000人",
            // Not quantities: words, digit-by-digit numerals, holidays.
            "一起去办, 一起去办",
            "有一些材料, 有一些材料",
            "三四年前的事, 三四年前的事",
            "十一假期去办, 十一假期去办",
            "一次性领取, 一次性领取"})
    void should_write_quantities_in_digits_and_leave_words_alone(String typed, String expected) {
        assertThat(ChineseNumerals.quantitiesToDigits(typed)).isEqualTo(expected);
    }
}
