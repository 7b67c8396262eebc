package org.policybot.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.policybot.retrieval.text.DataFile;

/** Each validity phrase of {@code validity-phrases.tsv} on a made-up sentence, and the ones that must not count. */
class ValidityFinderTest {

    private static final Optional<LocalDate> ISSUED = Optional.of(LocalDate.of(2023, 6, 15));

    private static Validity find(String text) {
        return ValidityFinder.BUNDLED.find(text, ISSUED);
    }

    @Test
    void should_take_the_day_a_document_says_it_takes_effect() {
        // given / when / then: each verb, each subject, with and without an article number
        assertThat(find("本办法自2024年1月1日起施行。").effective()).contains(LocalDate.of(2024, 1, 1));
        assertThat(find("本通知自2024年3月5日起执行。").effective()).contains(LocalDate.of(2024, 3, 5));
        assertThat(find("第二十条 本细则自2022年7月1日起实施。").effective()).contains(LocalDate.of(2022, 7, 1));
        assertThat(find("自2021年10月1日起生效。").effective()).contains(LocalDate.of(2021, 10, 1));
        assertThat(find("本规定从2020年2月1日起施行。").effective()).contains(LocalDate.of(2020, 2, 1));
    }

    @Test
    void should_take_the_document_date_when_it_takes_effect_on_the_day_it_is_issued() {
        assertThat(find("本办法自发布之日起施行。").effective()).isEqualTo(ISSUED);
        assertThat(find("本通知自印发之日起实施。").effective()).isEqualTo(ISSUED);
        assertThat(ValidityFinder.BUNDLED.find("本办法自公布之日起施行。", Optional.empty()).effective()).isEmpty();
    }

    @Test
    void should_take_the_last_day_in_force() {
        assertThat(find("本办法有效期至2025年12月31日。").expires()).contains(LocalDate.of(2025, 12, 31));
        assertThat(find("本通知自2024年1月1日起施行，有效期到2026年6月30日止。").expires()).contains(LocalDate.of(2026, 6, 30));
        assertThat(find("有效期截至2027年1月31日。").expires()).contains(LocalDate.of(2027, 1, 31));
    }

    @Test
    void should_take_both_days_of_a_period_given_as_a_span() {
        Validity v = find("本方案有效期自2024年1月1日至2025年12月31日。");

        assertThat(v.effective()).contains(LocalDate.of(2024, 1, 1));
        assertThat(v.expires()).contains(LocalDate.of(2025, 12, 31));
    }

    @Test
    void should_count_a_period_in_years_from_the_day_it_takes_effect() {
        assertThat(find("本办法自2024年1月1日起施行，有效期为5年。").expires()).contains(LocalDate.of(2028, 12, 31));
        assertThat(find("本意见自2020年7月1日起施行，有效期三年。").expires()).contains(LocalDate.of(2023, 6, 30));
        assertThat(find("有效期限为2年。").expires()).as("no day it takes effect").isEmpty();
    }

    @Test
    void should_name_the_documents_repealed_with_this_one() {
        Validity v = find("本办法自2024年1月1日起施行，《青禾县灵活就业补贴办法》（青人社发〔2019〕3号）"
                + "和《青禾县就业补贴暂行规定》同时废止。");

        assertThat(v.supersedes()).containsExactly("青禾县灵活就业补贴办法", "青禾县就业补贴暂行规定");
        assertThat(find("本规定自发布之日起施行。《旧规定》同时失效。").supersedes()).containsExactly("旧规定");
        assertThat(find("本通知自2024年1月1日起执行，原《通知》同时停止执行。").supersedes()).containsExactly("通知");
        assertThat(find("本通知自2024年1月1日起执行，《甲办法》同时作废。").supersedes()).containsExactly("甲办法");
    }

    @Test
    void should_not_take_what_a_text_says_of_another_document_for_its_own_validity() {
        // given: a report about other documents, and rules applied from a day
        Validity v = find("新修订的《某某条例》自2024年5月1日起施行，原《某某条例》同时废止。"
                + "该条例有效期至2030年12月31日的说法不实。\n"
                + "自2024年1月1日起执行新的缴费基数。\n"
                + "证件有效期5年的居民可以续办。");

        // then
        assertThat(v.isEmpty()).isTrue();
    }

    static Stream<String> rows() {
        return DataFile.rows("policybot/validity-phrases.tsv", 2).stream().map(r -> r.cells()[0] + " " + r.cells()[1]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void should_find_each_word_of_the_data_file_in_a_made_up_sentence(String row) {
        // given: a final provision using the word in its role
        String role = row.substring(0, row.indexOf(' '));
        String word = row.substring(row.indexOf(' ') + 1);
        String sentence = switch (role) {
            case "self" -> "本" + word + "自2024年1月1日起施行。";
            case "from" -> "本办法" + word + "2024年1月1日起施行。";
            case "takes-effect" -> "本办法自2024年1月1日起" + word + "。";
            case "issue-day" -> "本办法自" + word + "起施行。";
            case "until" -> "本办法自2024年1月1日起施行，" + word + "2025年12月31日。";
            case "period" -> "本办法自2024年1月1日起施行，" + word + "2年。";
            case "repealed" -> "本办法自2024年1月1日起施行，《旧办法》" + word + "。";
            default -> throw new AssertionError("no sentence for the role " + role);
        };

        // when
        Validity v = find(sentence);

        // then
        assertThat(v.effective()).as(sentence).contains(role.equals("issue-day") ? ISSUED.get() : LocalDate.of(2024, 1, 1));
        if (role.equals("until") || role.equals("period")) {
            assertThat(v.expires()).as(sentence).contains(LocalDate.of(2025, 12, 31));
        }
        if (role.equals("repealed")) {
            assertThat(v.supersedes()).as(sentence).isEqualTo(List.of("旧办法"));
        }
    }
}
