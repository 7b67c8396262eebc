package org.policybot.bot.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The masker's table: the forms personal numbers are typed in, and the numbers that must stay. */
class MaskingTest {

    static Stream<Arguments> personalNumbers() {
        return Stream.of(
                // mobile numbers
                Arguments.of("13900001111", "139****1111"),
                Arguments.of("电话13812345678，热线12333", "电话138****5678，热线12333"),
                Arguments.of("+8613900001111", "+86139****1111"),
                Arguments.of("8613900001111", "86139****1111"),
                Arguments.of("008613900001111", "0086139****1111"),
                Arguments.of("+86 139 0000 1111", "+86 139 **** 1111"),
                Arguments.of("136-0000-3333", "136-****-3333"),
                Arguments.of("135 0000 4444", "135 **** 4444"),
                Arguments.of("135  0000  4444", "135  ****  4444"),
                Arguments.of("１３９００００１１１１", "１３９****１１１１"),
                Arguments.of("tel13900001111号", "tel139****1111号"),
                Arguments.of("010-13900001111", "010-139****1111"),
                // ID-card numbers
                Arguments.of("410801199001011234", "410801********1234"),
                Arguments.of("41080119900101123X", "410801********123X"),
                Arguments.of("41080119900101123x", "410801********123x"),
                Arguments.of("ID410801199001011234abc", "ID410801********1234abc"),
                Arguments.of("410801 19900101 1234", "410801 ******** 1234"),
                Arguments.of("4108 0119 9001 0112 34", "4108 01** **** **12 34"),
                Arguments.of("410801-19900101-123X", "410801-********-123X"),
                Arguments.of("４１０８０１１９９００１０１１２３４", "４１０８０１********１２３４"),
                Arguments.of("老身份证410801900101123", "老身份证410801******123"),
                Arguments.of("少打一位41080119900101123", "少打一位4108*********1123"),
                // bank cards
                Arguments.of("6222021234567890123", "6222***********0123"),
                Arguments.of("6217001234567890", "6217********7890"),
                Arguments.of("6222 0212 3456 7890 123", "6222 **** **** ***0 123"),
                Arguments.of("4111 1111 1111 1111", "4111 **** **** 1111"),
                // several in one text
                Arguments.of("13900001111 410801199001011234", "139****1111 410801********1234"),
                Arguments.of("手机13900001111身份证410801199001011234卡号6222021234567890123",
                        "手机139****1111身份证410801********1234卡号6222***********0123"),
                Arguments.of("139 0000 1111 5号", "139 **** 1111 5号"));
    }

    @ParameterizedTest
    @MethodSource("personalNumbers")
    void should_mask_personal_numbers_in_the_forms_people_type_them(String text, String masked) {
        assertThat(Masking.mask(text)).isEqualTo(masked).hasSameSizeAs(text);
    }

    @ParameterizedTest
    @MethodSource("personalNumbers")
    void should_change_nothing_when_masking_twice(String text, String masked) {
        assertThat(Masking.mask(masked)).isEqualTo(masked);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2024年3月1日", "20240301", "2024-03-01", "2024.03.01", "2013年至2024年", "2010-2024", "20240301 20240401",
            "15000元", "1,500,000元", "123456789元", "2024年第12号", "人社部发〔2024〕12号", "人社厅发[2019]94号",
            "热线12333", "(0391)5412333", "（0391）5412333", "0391-5412333", "0391 5412333", "03915412333",
            "12345678901", "第1条第2款", "编号123456789012345678901", "2019 2020 2021 2022", "1 2 3 4 5 6 7 8 9 10 11"})
    void should_leave_dates_amounts_document_numbers_hotlines_and_landlines_alone(String text) {
        assertThat(Masking.mask(text)).isEqualTo(text);
    }

    @Test
    void should_leave_empty_and_null_text_alone() {
        assertThat(Masking.mask("")).isEmpty();
        assertThat(Masking.mask(null)).isNull();
    }

    @Test
    void should_shorten_ids_for_logs() {
        assertThat(Masking.maskId("oWxY1234567890abc")).isEqualTo("oW***bc");
        assertThat(Masking.maskId("42")).isEqualTo("***");
    }
}
