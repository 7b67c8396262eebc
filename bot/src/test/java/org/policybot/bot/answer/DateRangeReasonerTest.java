package org.policybot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.policybot.bot.answer.DateRangeReasoner.Relation;
import org.policybot.retrieval.text.QuestionDates;

class DateRangeReasonerTest {

    static final String BEFORE = "2012年7月1日前退役的：无须办理养老保险关系转移手续。";
    static final String BETWEEN = "2012年7月1日至2024年2月29日期间退役的：需由本人或安置单位办理。";
    static final String AFTER = "2024年3月1日及以后退役的：此项服务已全面升级优化。";

    static Relation relate(String question, String rule) {
        return DateRangeReasoner.relate(QuestionDates.find(QuestionDates.expandTwoDigitYears(question)), rule);
    }

    @Test
    void should_exclude_the_date_itself_from_a_before_period() {
        assertThat(relate("2012年6月30日退役", BEFORE)).isEqualTo(Relation.INSIDE);
        assertThat(relate("2012年7月1日退役", BEFORE)).isEqualTo(Relation.OUTSIDE);
    }

    @Test
    void should_include_both_ends_of_a_range() {
        assertThat(relate("2012年7月1日退役", BETWEEN)).isEqualTo(Relation.INSIDE);
        assertThat(relate("2024年2月29号退役", BETWEEN)).isEqualTo(Relation.INSIDE);
        assertThat(relate("2024年3月1日退役", BETWEEN)).isEqualTo(Relation.OUTSIDE);
    }

    @Test
    void should_include_the_date_of_an_and_after_period() {
        assertThat(relate("2024年3月1日退役", AFTER)).isEqualTo(Relation.INSIDE);
        assertThat(relate("2024年2月29日退役", AFTER)).isEqualTo(Relation.OUTSIDE);
    }

    @Test
    void should_expand_two_digit_years_and_treat_a_year_as_all_its_days() {
        assertThat(relate("我13年退伍的", BETWEEN)).isEqualTo(Relation.INSIDE);
        assertThat(relate("98年复员", BEFORE)).isEqualTo(Relation.INSIDE);
        assertThat(relate("2012年退的", BEFORE)).isEqualTo(Relation.PARTLY);
        assertThat(relate("2012年退的", BETWEEN)).isEqualTo(Relation.PARTLY);
        assertThat(relate("24年退的", AFTER)).isEqualTo(Relation.PARTLY);
    }

    @Test
    void should_read_a_month_as_the_whole_month() {
        assertThat(relate("2024年2月退役", BETWEEN)).isEqualTo(Relation.INSIDE);
        assertThat(relate("2024年3月退役", AFTER)).isEqualTo(Relation.INSIDE);
    }

    @Test
    void should_read_periods_written_with_spaces_and_year_only_bounds() {
        List<DateRangeReasoner.Period> p = DateRangeReasoner.periods("2021 年至 2025 年，北京技术合同成交额增长");

        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.from()).isEqualTo(LocalDate.of(2021, 1, 1));
            assertThat(x.to()).isEqualTo(LocalDate.of(2025, 12, 31));
        });
    }

    @Test
    void should_report_none_without_a_question_date_or_a_stated_period() {
        assertThat(relate("退役了怎么办", BEFORE)).isEqualTo(Relation.NONE);
        assertThat(relate("2013年退伍", "社保经办机构将通过全国统一的部级系统办理。")).isEqualTo(Relation.NONE);
    }

    @Test
    void should_count_only_the_date_of_the_event_a_period_is_about() {
        String question = QuestionDates.expandTwoDigitYears("我05年参军11年退伍，城乡补贴怎么算");
        List<QuestionDates.Mention> dates = QuestionDates.find(question);

        assertThat(DateRangeReasoner.relate(dates, question, "2010年1月1日前退伍的：按原办法执行。")).isEqualTo(Relation.OUTSIDE);
        assertThat(DateRangeReasoner.relate(dates, question, "2010年1月1日及以后退伍的：按新办法执行。")).isEqualTo(Relation.INSIDE);
        // Without the question's words, every date counts.
        assertThat(DateRangeReasoner.relate(dates, "2010年1月1日前退伍的：按原办法执行。")).isEqualTo(Relation.INSIDE);
    }
}
