package org.policybot.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NumbersTest {

    @Test
    void should_find_the_numbers_a_question_gives_and_whether_a_sentence_states_them() {
        List<String> asked = Numbers.in("想贷10万块开店，90多岁的老人能领吗");

        assertThat(asked).containsExactly("10", "90");
        assertThat(Numbers.match(asked, "申请10万元及以下贷款的，90周岁以上老人另有补贴")).isEqualTo(1.0);
        assertThat(Numbers.match(asked, "申请100万元贷款")).isZero();
        assertThat(Numbers.match(List.of(), "申请10万元")).isZero();
    }
}
