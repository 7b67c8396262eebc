package org.policybot.retrieval.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.assertj.core.groups.Tuple;
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

    @Test
    void should_read_years_written_in_chinese_numerals() {
        assertThat(QuestionDates.expandTwoDigitYears("我是零八年当兵一四年退的")).isEqualTo("我是2008年当兵2014年退的");
        assertThat(QuestionDates.expandTwoDigitYears("二〇一四年退役，一九九八年入伍")).isEqualTo("2014年退役，1998年入伍");
        assertThat(QuestionDates.expandTwoDigitYears("九八年复员的")).isEqualTo("1998年复员的");
        // Lengths of time stay: "十年", "三四年" (three or four years), "两年".
        assertThat(QuestionDates.expandTwoDigitYears("当了十年兵，又干了三四年，交了两年")).isEqualTo("当了十年兵，又干了三四年，交了两年");
        assertThat(QuestionDates.expandTwoDigitYears("服役一二年")).isEqualTo("服役一二年");
    }

    @Test
    void should_read_a_second_year_after_a_year_and_a_verb_as_a_year() {
        assertThat(QuestionDates.find(QuestionDates.expandTwoDigitYears("08年当兵14年退的")))
                .extracting(m -> m.first().getYear()).containsExactly(2008, 2014);
        assertThat(QuestionDates.find(QuestionDates.expandTwoDigitYears("当兵14年退的"))).isEmpty();
    }

    @Test
    void should_place_relative_years_against_today() {
        LocalDate today = LocalDate.of(2026, 11, 23);
        assertThat(QuestionDates.relativeYears("去年退役的", today)).singleElement()
                .satisfies(m -> {
                    assertThat(m.first()).isEqualTo(LocalDate.of(2025, 1, 1));
                    assertThat(m.last()).isEqualTo(LocalDate.of(2025, 12, 31));
                });
        assertThat(QuestionDates.relativeYears("那前年呢", today).get(0).first().getYear()).isEqualTo(2024);
        assertThat(QuestionDates.relativeYears("大前年", today).get(0).first().getYear()).isEqualTo(2023);
        assertThat(QuestionDates.relativeYears("今年", today).get(0).first().getYear()).isEqualTo(2026);
        assertThat(QuestionDates.relativeYears("13年退的", today)).isEmpty();
        // Relative words are not dates of the text itself: an article's "去年" is the year before the article.
        assertThat(QuestionDates.find("去年退役的")).isEmpty();
    }

    @Test
    void should_read_a_holiday_with_its_year_as_that_one_day() {
        LocalDate today = LocalDate.of(2026, 3, 15);

        assertThat(QuestionDates.find("我2024年清明节那天退伍的", today)).singleElement().satisfies(m -> {
            assertThat(m.first()).isEqualTo(LocalDate.of(2024, 4, 4));
            assertThat(m.isDay()).isTrue();
            assertThat(m.text()).isEqualTo("2024年清明节");
        });
        assertThat(QuestionDates.find("24年中秋回的老家", today)).extracting(QuestionDates.Mention::first)
                .containsExactly(LocalDate.of(2024, 9, 17));
        assertThat(QuestionDates.find("13年春节前后退的", today)).extracting(QuestionDates.Mention::first)
                .containsExactly(LocalDate.of(2013, 2, 10));
        assertThat(QuestionDates.find("二〇二四年的国庆节", today)).extracting(QuestionDates.Mention::first)
                .containsExactly(LocalDate.of(2024, 10, 1));
    }

    @Test
    void should_leave_a_holiday_without_a_year_undated() {
        assertThat(QuestionDates.find("春节期间社保卡能办吗", LocalDate.of(2026, 3, 15))).isEmpty();
        assertThat(QuestionDates.find("2019年入职，春节期间加班", LocalDate.of(2026, 3, 15)))
                .extracting(QuestionDates.Mention::isDay).containsExactly(false);
    }

    @Test
    void should_place_a_holiday_after_a_relative_year_against_the_anchor() {
        LocalDate today = LocalDate.of(2026, 11, 23);

        assertThat(QuestionDates.find("去年国庆退的", today)).singleElement()
                .satisfies(m -> assertThat(m.first()).isEqualTo(LocalDate.of(2025, 10, 1)));
        assertThat(QuestionDates.find("今年五一假期能办吗", today)).extracting(QuestionDates.Mention::first)
                .containsExactly(LocalDate.of(2026, 5, 1));
        // An article dated 2019 that says "去年春节" means the Spring Festival of 2018.
        assertThat(QuestionDates.find("去年春节前发放到位", LocalDate.of(2019, 6, 1))).extracting(QuestionDates.Mention::first)
                .containsExactly(LocalDate.of(2018, 2, 16));
    }

    @Test
    void should_read_an_event_used_as_a_time_as_its_year_unless_a_year_is_written() {
        LocalDate today = LocalDate.of(2026, 3, 15);

        assertThat(QuestionDates.find("奥运会那年退伍的", today)).singleElement().satisfies(m -> {
            assertThat(m.first()).isEqualTo(LocalDate.of(2008, 1, 1));
            assertThat(m.last()).isEqualTo(LocalDate.of(2008, 12, 31));
            assertThat(m.text()).isEqualTo("奥运会那年");
        });
        assertThat(QuestionDates.find("零八年奥运会那年当的兵", today)).extracting(m -> m.first().getYear()).containsExactly(2008);
        assertThat(QuestionDates.find("2012年奥运会那年当的兵", today)).extracting(m -> m.first().getYear()).containsExactly(2012);
        assertThat(QuestionDates.find("北京奥运会场馆在哪", today)).isEmpty();
    }

    @Test
    void should_find_every_kind_of_date_in_the_order_written() {
        LocalDate today = LocalDate.of(2025, 8, 1);

        assertThat(QuestionDates.find("非典那会儿参军，2023年国庆退伍，去年在外地，2020年2月29号交的费", today))
                .extracting(QuestionDates.Mention::first, QuestionDates.Mention::last)
                .containsExactly(
                        Tuple.tuple(LocalDate.of(2003, 1, 1), LocalDate.of(2003, 12, 31)),
                        Tuple.tuple(LocalDate.of(2023, 10, 1), LocalDate.of(2023, 10, 1)),
                        Tuple.tuple(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)),
                        Tuple.tuple(LocalDate.of(2020, 2, 29), LocalDate.of(2020, 2, 29)));
    }

    @Test
    void should_read_the_leap_day_only_in_a_leap_year() {
        LocalDate today = LocalDate.of(2026, 3, 15);

        assertThat(QuestionDates.find("2024年闰日出生的", today)).extracting(QuestionDates.Mention::first)
                .containsExactly(LocalDate.of(2024, 2, 29));
        assertThat(QuestionDates.find("2023年闰日出生的", today)).noneMatch(QuestionDates.Mention::isDay);
    }

    @Test
    void should_place_relative_years_against_an_article_date() {
        assertThat(QuestionDates.relativeYears("去年全市新增就业", LocalDate.of(2019, 6, 1))).singleElement()
                .satisfies(m -> assertThat(m.first()).isEqualTo(LocalDate.of(2018, 1, 1)));
    }

    @Test
    void should_write_english_dates_the_chinese_way() {
        assertThat(QuestionDates.englishDatesToChinese("after march 2024")).isEqualTo("after 2024年3月");
        assertThat(QuestionDates.englishDatesToChinese("on 1 march 2024")).isEqualTo("on 2024年3月1日");
        assertThat(QuestionDates.englishDatesToChinese("feb 29, 2024")).isEqualTo("2024年2月29日");
        assertThat(QuestionDates.englishDatesToChinese("i may 2024 retire")).isEqualTo("i 2024年5月 retire");
        assertThat(QuestionDates.englishDatesToChinese("how many in 2024")).isEqualTo("how many in 2024");
    }
}
