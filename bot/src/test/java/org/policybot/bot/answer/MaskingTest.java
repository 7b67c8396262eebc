package org.policybot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void should_mask_id_card_numbers_including_a_final_x() {
        assertThat(Masking.mask("我的身份证410801199001011234，还有41080119900101123X"))
                .isEqualTo("我的身份证410801********1234，还有410801********123X")
                .doesNotContain("19900101");
    }

    @Test
    void should_mask_mobile_numbers_but_not_hotlines_or_years() {
        assertThat(Masking.mask("电话13812345678，热线12333，2024年")).isEqualTo("电话138****5678，热线12333，2024年");
    }

    @Test
    void should_leave_longer_digit_runs_alone() {
        assertThat(Masking.mask("编号123456789012345678901")).isEqualTo("编号123456789012345678901");
    }

    @Test
    void should_shorten_ids_for_logs() {
        assertThat(Masking.maskId("oWxY1234567890abc")).isEqualTo("oW***bc");
        assertThat(Masking.maskId("42")).isEqualTo("***");
    }
}
