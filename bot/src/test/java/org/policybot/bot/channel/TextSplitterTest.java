package org.policybot.bot.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextSplitterTest {

    static String compact(String s) {
        return s.replaceAll("\\s+", "");
    }

    @Test
    void should_keep_a_text_that_fits_in_one_piece() {
        assertThat(TextSplitter.split("  短消息。 ", 2048)).containsExactly("短消息。");
    }

    @Test
    void should_cut_after_a_line_break_when_one_falls_in_the_second_half() {
        String text = "第一行内容比较长一些。第二句。\n第二行。\n" + "后".repeat(30);

        List<String> parts = TextSplitter.split(text, 60);

        assertThat(parts.get(0)).isEqualTo("第一行内容比较长一些。第二句。\n第二行。");
        assertThat(parts).allSatisfy(p -> assertThat(TextSplitter.bytes(p)).isLessThanOrEqualTo(60));
    }

    @Test
    void should_keep_a_citation_marker_with_the_sentence_it_follows() {
        String text = "甲".repeat(10) + "。[1]" + "乙".repeat(10) + "。【2】" + "丙".repeat(20);

        List<String> parts = TextSplitter.split(text, 80);

        assertThat(parts.get(0)).endsWith("。【2】");
        assertThat(parts.get(1)).startsWith("丙");
    }

    @Test
    void should_not_cut_inside_a_marker_that_does_not_fit() {
        String text = "甲".repeat(10) + "。" + "乙".repeat(5) + "。【12】" + "丙";
        int limit = TextSplitter.bytes("甲".repeat(10) + "。" + "乙".repeat(5) + "。【1");

        List<String> parts = TextSplitter.split(text, limit);

        assertThat(parts.get(0)).isEqualTo("甲".repeat(10) + "。");
    }

    @Test
    void should_cut_between_characters_without_splitting_an_emoji_when_no_sentence_ends() {
        String text = "😀".repeat(40);

        List<String> parts = TextSplitter.split(text, 30);

        assertThat(parts).allSatisfy(p -> {
            assertThat(TextSplitter.bytes(p)).isLessThanOrEqualTo(30);
            assertThat(p.codePoints()).allMatch(c -> c == 0x1F600);
        });
        assertThat(String.join("", parts)).isEqualTo(text);
    }

    @Test
    void should_lose_no_character_when_a_long_mixed_text_is_split() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            sb.append("第").append(i).append("条：退役军人养老保险关系接续 ABC def；").append(i % 7 == 0 ? "\n" : "")
                    .append(i % 5 == 0 ? "“引用。”[" + i + "]" : "。");
        }

        List<String> parts = TextSplitter.split(sb.toString(), 500);

        assertThat(parts).allSatisfy(p -> assertThat(TextSplitter.bytes(p)).isBetween(1, 500));
        assertThat(compact(String.join("", parts))).isEqualTo(compact(sb.toString()));
    }
}
