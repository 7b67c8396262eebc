package org.policybot.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.policybot.retrieval.text.ChineseText;

class NumbersTest {

    @Test
    void should_find_the_numbers_a_question_gives_and_whether_a_sentence_states_them() {
        List<Numbers.Asked> asked = Numbers.in("想贷10万块开店，90多岁的老人能领吗");

        assertThat(asked).extracting(Numbers.Asked::digits).containsExactly("10", "90");
        assertThat(Numbers.match(asked, "申请10万元及以下贷款的，90周岁以上老人另有补贴")).isEqualTo(1.0);
        assertThat(Numbers.match(asked, "申请100万元贷款")).isZero();
        assertThat(Numbers.match(List.of(), "申请10万元")).isZero();
    }

    @Test
    void should_match_an_age_by_the_range_that_holds_it_not_by_the_same_digits_with_another_unit() {
        List<Numbers.Asked> ninetyOdd = Numbers.in("甲县90多岁的老人每月领多少");
        List<Numbers.Asked> hundred = Numbers.in(ChineseText.fold("满100岁的老人呢"));

        assertThat(Numbers.match(ninetyOdd, "90至99周岁的老人每人每月300元")).isEqualTo(1.0);
        assertThat(Numbers.match(ninetyOdd, "80至89周岁的老人每人每月90元")).isZero();
        assertThat(Numbers.match(hundred, "80至89周岁的老人每人每月100元")).isZero();
        assertThat(Numbers.match(hundred, "100周岁及以上的老人每人每月800元")).isEqualTo(1.0);
        // The general condition holds the age too, but less closely than the asker's bracket.
        assertThat(Numbers.match(hundred, "年满80周岁的老人可以申请")).isEqualTo(0.8);
    }

    @Test
    void should_weigh_an_upper_bound_by_how_close_the_asked_amount_comes_to_it() {
        List<Numbers.Asked> asked = Numbers.in("贷15万");

        assertThat(Numbers.match(asked, "贷款额度不超过30万元")).isEqualTo(0.5);
        assertThat(Numbers.match(asked, "贷款额度不超过15万元")).isEqualTo(1.0);
    }

    @Test
    void should_read_a_range_whose_ends_carry_different_units_of_one_kind() {
        List<Numbers.Asked> asked = Numbers.in("贷15万够吗");

        assertThat(Numbers.match(asked, "额度为5000元至20万元")).isEqualTo(1.0);
        assertThat(Numbers.match(asked, "额度为5000元至10万元")).isZero();
    }

    @Test
    void should_match_a_number_without_a_known_unit_by_its_digits() {
        List<Numbers.Asked> asked = Numbers.in("我2013年退伍的");

        assertThat(asked).containsExactly(new Numbers.Asked("2013", null, Double.NaN, Double.NaN));
        assertThat(Numbers.match(asked, "2011年7月1日至2013年12月31日退役的")).isEqualTo(1.0);
        assertThat(Numbers.match(asked, "2014年1月1日以后退役的")).isZero();
    }

    /** Each unit of quantity-units.tsv: its made-up question quantity is held by its made-up sentence. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("units")
    void should_read_each_unit_of_the_data_file(Numbers.Unit unit) {
        String[] example = unit.example().split(" \\| ");
        List<Numbers.Asked> asked = Numbers.in(ChineseText.fold(example[0]));

        assertThat(asked).extracting(Numbers.Asked::kind).containsExactly(unit.kind());
        assertThat(Numbers.match(asked, example[1])).as(unit.example()).isPositive();
        // The same digits with a unit of another kind do not match.
        String otherUnit = unit.kind().equals("money") ? "次" : "元";
        String other = example[1];
        for (Numbers.Unit u : Numbers.UNITS.stream().filter(u -> u.kind().equals(unit.kind()))
                .sorted((a, b) -> b.word().length() - a.word().length()).toList()) {
            other = other.replace(u.word(), otherUnit);
        }
        assertThat(Numbers.match(asked, other)).as(other).isZero();
    }

    /** Each bounding word of quantity-bounds.tsv: its sentence holds the first quantity and not the second. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bounds")
    void should_read_each_bounding_word_of_the_data_file(Numbers.Bound bound) {
        String[] example = bound.example().split(" \\| ");

        assertThat(example[0]).contains(bound.word());
        assertThat(Numbers.match(Numbers.in(example[1]), example[0])).as("%s holds %s", example[0], example[1]).isPositive();
        assertThat(Numbers.match(Numbers.in(example[2]), example[0])).as("%s does not hold %s", example[0], example[2]).isZero();
    }

    static Stream<Numbers.Unit> units() {
        return Numbers.UNITS.stream();
    }

    static Stream<Numbers.Bound> bounds() {
        return Numbers.BOUNDS.stream();
    }
}
