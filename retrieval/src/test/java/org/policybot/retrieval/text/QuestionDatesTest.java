package org.policybot.retrieval.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class QuestionDatesTest {

    @Test
    void should_expand_two_digit_years_around_the_pivot() {
        assertThat(QuestionDates.expandYear(13)).isEqualTo(2013);
        assertThat(QuestionDates.expandYear(40)).isEqualTo(2040);
        assertThat(QuestionDates.expandYear(98)).isEqualTo(1998);
        assertThat(QuestionDates.expandTwoDigitYears("我98年复员，19年又上班")).isEqualTo("我1998年复员，2019年又上班");
    }

    @Test
    void should_read_a_year_as_the_whole_year() {
        QuestionDates.Mention m = QuestionDates.find("2013年退伍").get(0);

        assertThat(m.first()).isEqualTo(LocalDate.of(2013, 1, 1));
        assertThat(m.last()).isEqualTo(LocalDate.of(2013, 12, 31));
    }

    @Test
    void should_read_a_day_with_hao_or_ri_and_dotted_dates() {
        assertThat(QuestionDates.find("2024年2月29号退役").get(0).first()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(QuestionDates.find("2024年3月1日那天").get(0).isDay()).isTrue();
        assertThat(QuestionDates.find("2019.5.1退的").get(0).first()).isEqualTo(LocalDate.of(2019, 5, 1));
    }

    @Test
    void should_read_a_month_as_the_whole_month() {
        QuestionDates.Mention m = QuestionDates.find("2024年2月退的").get(0);

        assertThat(m.first()).isEqualTo(LocalDate.of(2024, 2, 1));
        assertThat(m.last()).isEqualTo(LocalDate.of(2024, 2, 29));
    }

    @Test
    void should_ignore_impossible_dates_and_plain_numbers() {
        assertThat(QuestionDates.find("2023年2月30号")).isEmpty();
        assertThat(QuestionDates.find("电话12333")).isEmpty();
    }

    @Test
    void should_leave_lengths_of_time_alone_when_the_words_around_say_so() {
        assertThat(QuestionDates.expandTwoDigitYears("缴费满15年能领养老金吗")).isEqualTo("缴费满15年能领养老金吗");
        assertThat(QuestionDates.expandTwoDigitYears("交了10年，13年退伍的")).isEqualTo("交了10年，2013年退伍的");
        assertThat(QuestionDates.expandTwoDigitYears("工作30年以上")).isEqualTo("工作30年以上");
        assertThat(QuestionDates.expandTwoDigitYears("有20年工龄")).isEqualTo("有20年工龄");
        assertThat(QuestionDates.find("缴费满15年，服役12年")).isEmpty();
        assertThat(QuestionDates.find("我是13年退伍的").get(0).first()).isEqualTo(LocalDate.of(2013, 1, 1));
        assertThat(QuestionDates.find("交满15年，2015年退休")).extracting(m -> m.first().getYear()).containsExactly(2015);
    }
}
