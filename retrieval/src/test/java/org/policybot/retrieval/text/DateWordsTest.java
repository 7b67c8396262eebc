package org.policybot.retrieval.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One check per row of the date words' data files, each on a made-up sentence. The expected
 * days are written here, not read from the files: lunar and solar-term days were taken from
 * the lunar library and checked against ICU4J's ChineseCalendar (lunar days) and a
 * low-precision solar-longitude computation (terms), which agree for 2024 and 2025.
 */
class DateWordsTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 3, 15);

    /** Each holiday name's day in 2024 and in 2025. */
    private static final Map<String, List<LocalDate>> DAYS = new HashMap<>();

    static {
        days("元旦 元旦节", "2024-01-01", "2025-01-01");
        days("情人节", "2024-02-14", "2025-02-14");
        days("闰日", "2024-02-29", null);
        days("妇女节 三八节 三八", "2024-03-08", "2025-03-08");
        days("植树节", "2024-03-12", "2025-03-12");
        days("愚人节", "2024-04-01", "2025-04-01");
        days("劳动节 五一节 五一", "2024-05-01", "2025-05-01");
        days("青年节 五四", "2024-05-04", "2025-05-04");
        days("儿童节 六一节 六一", "2024-06-01", "2025-06-01");
        days("建党节 七一", "2024-07-01", "2025-07-01");
        days("建军节 八一", "2024-08-01", "2025-08-01");
        days("教师节", "2024-09-10", "2025-09-10");
        days("国庆 国庆节 十一", "2024-10-01", "2025-10-01");
        days("双十一 光棍节", "2024-11-11", "2025-11-11");
        days("平安夜", "2024-12-24", "2025-12-24");
        days("圣诞节 圣诞", "2024-12-25", "2025-12-25");
        days("春节 大年初一 正月初一 过年", "2024-02-10", "2025-01-29");
        days("除夕 大年三十 年三十 大年夜", "2024-02-09", "2025-01-28");
        days("元宵节 元宵 正月十五", "2024-02-24", "2025-02-12");
        days("龙抬头", "2024-03-11", "2025-03-01");
        days("端午节 端午", "2024-06-10", "2025-05-31");
        days("七夕 七夕节", "2024-08-10", "2025-08-29");
        days("中元节", "2024-08-18", "2025-09-06");
        days("中秋节 中秋", "2024-09-17", "2025-10-06");
        days("重阳节 重阳", "2024-10-11", "2025-10-29");
        days("腊八 腊八节", "2024-01-18", "2025-01-07");
        days("小寒", "2024-01-06", "2025-01-05");
        days("大寒", "2024-01-20", "2025-01-20");
        days("立春", "2024-02-04", "2025-02-03");
        days("惊蛰", "2024-03-05", "2025-03-05");
        days("春分", "2024-03-20", "2025-03-20");
        days("清明节 清明", "2024-04-04", "2025-04-04");
        days("谷雨", "2024-04-19", "2025-04-20");
        days("立夏", "2024-05-05", "2025-05-05");
        days("小满", "2024-05-20", "2025-05-21");
        days("芒种", "2024-06-05", "2025-06-05");
        days("夏至", "2024-06-21", "2025-06-21");
        days("小暑", "2024-07-06", "2025-07-07");
        days("大暑", "2024-07-22", "2025-07-22");
        days("立秋", "2024-08-07", "2025-08-07");
        days("处暑", "2024-08-22", "2025-08-23");
        days("白露", "2024-09-07", "2025-09-07");
        days("秋分", "2024-09-22", "2025-09-23");
        days("寒露", "2024-10-08", "2025-10-08");
        days("霜降", "2024-10-23", "2025-10-23");
        days("立冬", "2024-11-07", "2025-11-07");
        days("冬至", "2024-12-21", "2025-12-21");
    }

    /** The year each event phrase names. */
    private static final Map<String, Integer> YEARS = new HashMap<>();

    static {
        years(2008, "北京奥运会 奥运会 奥运 汶川地震 汶川大地震 512地震 五一二地震");
        years(2003, "非典");
        years(1997, "香港回归");
        years(1999, "澳门回归");
        years(2001, "加入世贸 入世");
        years(2010, "上海世博会 世博会 广州亚运会");
        years(2023, "杭州亚运会");
        years(2020, "新冠疫情 新冠");
        years(2022, "北京冬奥会 冬奥会 二十大");
        years(2000, "千禧年");
        years(1949, "新中国成立");
        years(1978, "改革开放");
        years(1976, "唐山大地震 唐山地震");
        years(1945, "抗战胜利");
        years(1998, "九八抗洪 98抗洪");
        years(2012, "十八大");
        years(2017, "十九大");
        years(2021, "建党百年");
    }

    private static void days(String names, String in2024, String in2025) {
        for (String name : names.split(" ")) {
            DAYS.put(name, java.util.Arrays.asList(LocalDate.parse(in2024), in2025 == null ? null : LocalDate.parse(in2025)));
        }
    }

    private static void years(int year, String phrases) {
        for (String phrase : phrases.split(" ")) {
            YEARS.put(phrase, year);
        }
    }

    static Stream<Holiday> holidays() {
        return DateWords.bundled().holidays().stream();
    }

    static Stream<NationalEvent> events() {
        return DateWords.bundled().events().stream();
    }

    static Stream<DateWords.Cue> cues() {
        return DateWords.bundled().cues().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("holidays")
    void should_date_each_holiday_name_in_a_sentence_with_its_year(Holiday h) {
        assertThat(DAYS).as("expected days written in this test for " + h.name()).containsKey(h.name());
        for (int i = 0; i < 2; i++) {
            int year = 2024 + i;
            LocalDate expected = DAYS.get(h.name()).get(i);

            List<QuestionDates.Mention> found = QuestionDates.find("我" + year + "年" + h.name() + "那天退的", TODAY);

            if (expected == null) {
                assertThat(found).noneMatch(QuestionDates.Mention::isDay);
            } else {
                assertThat(found).singleElement().satisfies(m -> {
                    assertThat(m.first()).isEqualTo(expected);
                    assertThat(m.isDay()).isTrue();
                    assertThat(m.text()).isEqualTo(year + "年" + h.name());
                });
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("holidays")
    void should_leave_each_holiday_name_without_a_year_undated(Holiday h) {
        assertThat(QuestionDates.find("我" + h.name() + "那天退的", TODAY)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("holidays")
    void should_not_take_a_number_like_name_without_a_cue_for_a_holiday(Holiday h) {
        List<DateWords.Found<Holiday>> found = DateWords.bundled().holidaysIn("2024年" + h.name() + "个人交了多少");

        if (h.needsCue()) {
            assertThat(found).isEmpty();
        } else {
            assertThat(found).extracting(f -> f.what().name()).containsExactly(h.name());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void should_read_each_event_used_as_a_time_as_its_year(NationalEvent e) {
        assertThat(YEARS).as("expected year written in this test for " + e.phrase()).containsKey(e.phrase());
        int year = YEARS.get(e.phrase());
        String sentence = e.isYearItself() ? "我是" + e.phrase() + "退伍的" : "我是" + e.phrase() + "那年退伍的";

        assertThat(QuestionDates.find(sentence, TODAY)).singleElement().satisfies(m -> {
            assertThat(m.first()).isEqualTo(LocalDate.of(year, 1, 1));
            assertThat(m.last()).isEqualTo(LocalDate.of(year, 12, 31));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void should_not_read_an_event_named_as_a_thing_as_a_year(NationalEvent e) {
        if (!e.isYearItself()) {
            assertThat(QuestionDates.find("关于" + e.phrase() + "纪念馆的开放安排", TODAY)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cues")
    void should_let_each_time_cue_confirm_what_it_is_for(DateWords.Cue cue) {
        List<QuestionDates.Mention> holiday = QuestionDates.find("2025年五一" + cue.word() + "我在单位值班", TODAY);
        List<QuestionDates.Mention> event = QuestionDates.find("非典" + cue.word() + "我在单位值班", TODAY);

        boolean forHoliday = cue.confirms(DateWords.CueFor.HOLIDAY);
        boolean forEvent = cue.confirms(DateWords.CueFor.EVENT);
        assertThat(holiday.stream().anyMatch(m -> m.isDay() && m.first().equals(LocalDate.of(2025, 5, 1))))
                .as("五一%s is a holiday", cue.word()).isEqualTo(forHoliday);
        assertThat(event.stream().anyMatch(m -> m.first().equals(LocalDate.of(2003, 1, 1))))
                .as("非典%s is a time", cue.word()).isEqualTo(forEvent);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024年十一月退的", "第十一条怎么规定", "缴费满十一年能领吗", "2024年五一个人交多少", "二十一那天退的",
            "2024年十一点上班吗", "第十一期间", "十一五规划"})
    void should_not_take_numbers_for_holidays(String sentence) {
        assertThat(DateWords.bundled().holidaysIn(sentence)).isEmpty();
        assertThat(QuestionDates.find(sentence, TODAY)).noneMatch(QuestionDates.Mention::isDay);
    }

    @ParameterizedTest
    @ValueSource(strings = {"十一那天", "十一假期", "国庆十一", "五一劳动节", "三八妇女节"})
    void should_take_a_number_like_name_for_a_holiday_in_holiday_sense(String phrase) {
        assertThat(DateWords.bundled().holidaysIn("我" + phrase + "去办的")).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"伦敦奥运会那年退伍的", "东京奥运会之后", "索契冬奥会那年", "第30届奥运会那年"})
    void should_not_take_a_short_form_after_a_word_that_names_another_event(String sentence) {
        assertThat(QuestionDates.find(sentence, TODAY)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"冬至", "小寒", "大寒", "立春"})
    void should_find_every_solar_term_at_the_turn_of_the_year_in_its_own_year(String term) {
        Holiday.Rule rule = new Holiday.SolarTerm(term);
        for (int year = 1950; year <= 2100; year++) {
            assertThat(rule.in(year).map(LocalDate::getYear)).as("%s %d", term, year).contains(year);
        }
    }
}
