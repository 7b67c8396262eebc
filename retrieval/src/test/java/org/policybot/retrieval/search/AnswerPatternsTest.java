package org.policybot.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.policybot.retrieval.search.UnderstoodQuery.AnswerType;

class AnswerPatternsTest {

    @Test
    void should_find_a_place_where_to_go_an_address_or_an_employer() {
        assertThat(AnswerPatterns.holds(AnswerType.PLACE, "前往安置地的养老保险经办机构现场办理")).isTrue();
        assertThat(AnswerPatterns.holds(AnswerType.PLACE, "到户口所在地的人力资源和社会保障部门办理")).isTrue();
        assertThat(AnswerPatterns.holds(AnswerType.PLACE, "地址在人民路88号")).isTrue();
        assertThat(AnswerPatterns.holds(AnswerType.PLACE, "高玉杰很快被郑州一家物流公司录用")).isTrue();
        assertThat(AnswerPatterns.holds(AnswerType.PLACE, "我顺利入职地理信息公司")).isTrue();
    }

    @Test
    void should_not_take_words_that_merely_contain_place_words_for_a_place() {
        assertThat(AnswerPatterns.holds(AnswerType.PLACE, "高玉杰了解到孟州市人社局定点培训机构开设了免费培训班")).isFalse();
        assertThat(AnswerPatterns.holds(AnswerType.PLACE, "退役军人陈志强的转型之路，展现了专项培训的成效")).isFalse();
        assertThat(AnswerPatterns.holds(AnswerType.PLACE, "无论您在哪个工地、哪个企业，只需微信扫一扫")).isFalse();
    }

    @Test
    void should_find_a_time_of_day_or_a_schedule() {
        assertThat(AnswerPatterns.holds(AnswerType.TIME, "工作日上午9:00至下午5:00")).isTrue();
        assertThat(AnswerPatterns.holds(AnswerType.TIME, "热线24小时开通")).isTrue();
        assertThat(AnswerPatterns.holds(AnswerType.TIME, "据12333热线工作人员介绍")).isFalse();
    }

    @Test
    void should_name_the_unit_of_time_a_duration_question_asks_in() {
        assertThat(AnswerPatterns.askedMeasure("社保转移要多少个工作日")).isEqualTo("工作日");
        assertThat(AnswerPatterns.askedMeasure("要几天")).isEqualTo("天");
        assertThat(AnswerPatterns.askedMeasure("电话多少")).isEmpty();
        assertThat(AnswerPatterns.askedMeasure("每月补贴多少钱")).isEqualTo("钱");
        assertThat(AnswerPatterns.askedAction("每年最少交多少")).isEqualTo("交");
        assertThat(AnswerPatterns.askedAction("每月能领多少")).isEmpty();
    }

    @Test
    void should_find_figures_with_latin_units_and_dates_by_part_of_month() {
        assertThat(AnswerPatterns.holds(AnswerType.COUNT, "先进冷却技术的水耗可降至1.4l/kwh")).isTrue();
        assertThat(AnswerPatterns.holds(AnswerType.DATE, "第一批口袋公园预计3月底前动工")).isTrue();
        assertThat(AnswerPatterns.holds(AnswerType.PLACE, "全国高校区域技术转移转化中心(江苏)揭牌")).isTrue();
    }

    @Test
    void should_count_a_number_of_years_but_not_a_calendar_year() {
        assertThat(AnswerPatterns.holds(AnswerType.COUNT, "已经连续16年位居全球第一")).isTrue();
        assertThat(AnswerPatterns.holds(AnswerType.COUNT, "2012年7月1日前退役的：无须办理养老保险关系转移手续")).isFalse();
    }

    @Test
    void should_read_a_measure_or_the_kind_of_place_asked_for() {
        assertThat(QueryUnderstanding.answerType("这座大桥有多高")).isEqualTo(AnswerType.COUNT);
        assertThat(QueryUnderstanding.answerType("新仓库的面积多大")).isEqualTo(AnswerType.COUNT);
        assertThat(QueryUnderstanding.answerType("报销比例是多少")).isEqualTo(AnswerType.COUNT);
        assertThat(QueryUnderstanding.answerType("展览馆建在哪个城市")).isEqualTo(AnswerType.PLACE);
        assertThat(QueryUnderstanding.answerType("总部设在哪个省")).isEqualTo(AnswerType.PLACE);
        assertThat(QueryUnderstanding.answerType("许多人关心这件事吗")).isNotEqualTo(AnswerType.COUNT);
        assertThat(QueryUnderstanding.answerType("大家都能申请吗")).isNotEqualTo(AnswerType.COUNT);
    }
}
