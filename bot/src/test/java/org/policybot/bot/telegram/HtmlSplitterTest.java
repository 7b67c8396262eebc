package org.policybot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.policybot.bot.channel.Html;

class HtmlSplitterTest {

    static String compact(String s) {
        return s.replaceAll("\\s+", "");
    }

    static String joinedPlain(List<String> parts) {
        StringBuilder sb = new StringBuilder();
        parts.forEach(p -> sb.append(Html.toPlainText(p)));
        return sb.toString();
    }

    @Test
    void should_keep_a_message_whole_when_it_fits() {
        String html = "<b>来源</b>\n" + "退役军人养老保险。".repeat(100);

        assertThat(new HtmlSplitter().split(html)).containsExactly(html);
    }

    @Test
    void should_cut_after_the_last_sentence_that_fits_when_the_message_is_too_long() {
        String sentence = "退役士兵的养老保险关系由安置地经办机构接续。"; // 22 characters
        String html = sentence.repeat(10);

        List<String> parts = new HtmlSplitter(100).split(html);

        assertThat(parts).hasSize(3);
        assertThat(parts.get(0)).isEqualTo(sentence.repeat(4));
        assertThat(parts.get(1)).isEqualTo(sentence.repeat(4));
        assertThat(String.join("", parts)).isEqualTo(html);
    }

    @Test
    void should_keep_a_closing_quote_with_its_sentence_when_cutting() {
        String html = "接着办理失业保险视同缴费登记手续。".repeat(2) + "他说：“先办养老保险转移。”"
                + "然后再去社保经办机构办理其余的相关业务手续并等待审核结果通知";

        List<String> parts = new HtmlSplitter(64).split(html);

        assertThat(parts.get(0)).endsWith("转移。”");
    }

    @Test
    void should_close_and_reopen_a_tag_that_spans_a_cut() {
        String html = "<blockquote>" + "第一句话写在这里。".repeat(20) + "</blockquote>结尾。";

        List<String> parts = new HtmlSplitter(100).split(html);

        assertThat(parts).hasSizeGreaterThan(1);
        for (String p : parts) {
            assertThat(p.length()).isLessThanOrEqualTo(100);
            assertThat(TelegramHtml.problems(p)).as(p).isEmpty();
        }
        assertThat(parts.get(1)).startsWith("<blockquote>");
        assertThat(compact(joinedPlain(parts))).isEqualTo(compact(Html.toPlainText(html)));
    }

    @Test
    void should_never_cut_inside_an_entity_or_a_surrogate_pair_when_a_sentence_has_no_break() {
        String html = "&lt;&amp;😀&gt;".repeat(40);

        List<String> parts = new HtmlSplitter(64).split(html);

        assertThat(parts).hasSizeGreaterThan(5);
        for (String p : parts) {
            assertThat(p.length()).isLessThanOrEqualTo(64);
            assertThat(TelegramHtml.problems(p)).as(p).isEmpty();
        }
        assertThat(String.join("", parts)).isEqualTo(html);
    }

    @Test
    void should_keep_every_part_within_the_limit_well_formed_and_lossless_for_random_text() {
        String[] alphabet = {"社", "保", "转", "移", "接", "续", "退", "役", "军", "人", "a", "B", "7", "<", ">", "&", "\"",
            "😀", "𠮷", "。", "，", "！", "？", "；", "\n", " ", "”", "（", "）", "&amp;"};
        for (int seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            int limit = 64 + random.nextInt(4096 - 64 + 1);
            StringBuilder text = new StringBuilder();
            StringBuilder html = new StringBuilder();
            int segments = 1 + random.nextInt(8);
            for (int s = 0; s < segments; s++) {
                StringBuilder segment = new StringBuilder();
                int length = random.nextInt(seed % 3 == 0 ? 6000 : 1500);
                for (int i = 0; i < length; i++) {
                    segment.append(alphabet[random.nextInt(alphabet.length)]);
                }
                text.append(segment);
                String escaped = Html.escape(segment.toString());
                switch (random.nextInt(4)) {
                    case 0 -> html.append("<b>").append(escaped).append("</b>");
                    case 1 -> html.append("<blockquote>").append(escaped).append("</blockquote>");
                    case 2 -> html.append("<blockquote><b>").append(escaped).append("</b></blockquote>");
                    default -> html.append(escaped);
                }
            }

            List<String> parts = new HtmlSplitter(limit).split(html.toString());

            for (String p : parts) {
                assertThat(p.length()).as("seed %d, limit %d", seed, limit).isLessThanOrEqualTo(limit);
                assertThat(TelegramHtml.problems(p)).as("seed %d: %s", seed, p).isEmpty();
                assertThat(Html.toPlainText(p)).as("seed %d", seed).isNotBlank();
            }
            assertThat(compact(joinedPlain(parts))).as("seed %d", seed).isEqualTo(compact(text.toString()));
        }
    }
}
