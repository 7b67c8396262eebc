package org.policybot.bot.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.policybot.bot.answer.Citation;
import org.policybot.bot.channel.TextSplitter;
import org.policybot.bot.telegram.TelegramDigestSender;
import org.policybot.bot.wecom.WecomRobotSender;

/** How a long digest is cut into messages: between articles, within each platform's limit. */
class DigestTextTest {

    static Digest.Entry entry(int i) {
        String sentence = "第" + i + "批社会保险业务一网通办事项已经公布，群众可以通过政务服务网和手机客户端在线办理养老保险关系转移接续等业务。";
        String summary = "1. " + sentence + "[1]\n2. " + sentence.replace("公布", "上线") + "[1]";
        return new Digest.Entry("file" + i + "#t", "v" + i, Digest.Change.NEW, "第" + i + "批社保业务一网通办事项公布", "2025-12-0" + (i % 9 + 1),
                "市人社局", summary, List.of(new Citation(1, "p" + i, "t", "f", null, sentence)), "",
                List.of(new Digest.Quote(1, List.of(2), "")));
    }

    static Digest digest(int entries) {
        List<Digest.Entry> list = new ArrayList<>();
        for (int i = 1; i <= entries; i++) {
            list.add(entry(i));
        }
        return new Digest(LocalDate.of(2025, 12, 10), list);
    }

    @Test
    void should_cut_a_long_wecom_digest_between_articles_within_the_byte_limit() {
        Digest d = digest(12);

        List<DigestMessage> messages = DigestText.wecom(d, WecomRobotSender.MARKDOWN_MAX_BYTES);

        assertThat(messages).hasSizeGreaterThan(1);
        assertThat(messages).allSatisfy(m -> assertThat(TextSplitter.bytes(m.text())).isLessThanOrEqualTo(4096));
        assertThat(messages.stream().flatMap(m -> m.entries().stream()).toList()).containsExactlyElementsOf(d.entries());
        for (DigestMessage m : messages) {
            for (Digest.Entry e : m.entries()) {
                assertThat(m.text()).as("each message holds its articles whole").contains(e.title()).contains(e.summary().split("\n")[1]);
            }
        }
        assertThat(messages.get(0).text()).startsWith("**政策文章摘要** 2025-12-10（1/" + messages.size() + "）\n共 12 篇");
        assertThat(messages.get(1).text()).startsWith("**政策文章摘要** 2025-12-10（2/" + messages.size() + "）")
                .contains("**" + (messages.get(0).entries().size() + 1) + ". ");
    }

    @Test
    void should_write_a_digest_and_its_change_notes_in_the_deployments_words(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // given: a made-up office's wording of the heading, the count, where a quote is and what changed
        java.nio.file.Path file = dir.resolve("texts.properties");
        java.nio.file.Files.writeString(file, "digest.heading=青禾县政策快讯\ndigest.count=本期 {0} 篇\n"
                + "digest.paragraphs=第{0}自然段\ndigest.changed=本文修订：\ndigest.added=加了{0}段\n",
                java.nio.charset.StandardCharsets.UTF_8);
        DigestWording wording = new DigestWording(org.policybot.bot.messages.Messages.load(
                new org.policybot.config.Settings.Texts(java.util.Optional.of(file), List.of())));

        // when
        String text = DigestText.telegram(digest(2), TelegramDigestSender.LIMIT, wording).get(0).text();
        String note = DigestService.changeNote(List.of("旧段落。"), List.of("旧段落。", "新增的一段话。"), wording);

        // then
        assertThat(text).startsWith("<b>青禾县政策快讯</b> 2025-12-10\n本期 2 篇").contains("[1] 第2自然段")
                .doesNotContain("政策文章摘要");
        assertThat(note).isEqualTo("本文修订：加了1段。新增内容：“新增的一段话。”。");
        assertThat(DigestService.changeNote(List.of("旧段落。"), List.of("旧段落。", "新增的一段话。")))
                .isEqualTo("文章有更新：新增1段。新增内容：“新增的一段话。”。");
    }

    @Test
    void should_say_on_which_pdf_page_a_quote_of_the_digest_is() {
        // given: a summary citing page 3 of a PDF, one sentence shown and one not
        Citation cited = new Citation(1, "p1", "失业保险金申领指南", "guide.pdf", null, "按月发放。补报后恢复发放。", false, "", 3);
        List<Digest.Quote> quotes = QuoteLines.of("1. 按月发放。[1]", List.of(cited), List.of("标题", "按月发放。补报后恢复发放。"));

        // when
        String line = DigestText.quoteLine(quotes.get(0), DigestWording.BUNDLED);

        // then
        assertThat(quotes.get(0).page()).isEqualTo(3);
        assertThat(line).isEqualTo("[1] 第2段（第3页）：补报后恢复发放。");
    }

    @Test
    void should_keep_a_short_telegram_digest_in_one_message_without_a_part_number() {
        List<DigestMessage> messages = DigestText.telegram(digest(2), TelegramDigestSender.LIMIT);

        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.text()).startsWith("<b>政策文章摘要</b> 2025-12-10\n共 2 篇").doesNotContain("（1/1）");
            assertThat(m.entries()).hasSize(2);
        });
    }

    @Test
    void should_keep_every_message_within_any_limit_an_article_fits_in_including_the_first_with_its_count() {
        Digest d = digest(8);
        int longestEntry = d.entries().stream().mapToInt(e -> DigestText.telegram(new Digest(d.day(), List.of(e)), 100_000)
                .get(0).text().length()).max().orElseThrow();

        for (int limit = longestEntry + 20; limit < 8 * longestEntry; limit += 3) {
            for (DigestMessage m : DigestText.telegram(d, limit)) {
                assertThat(m.text().length()).as("limit " + limit).isLessThanOrEqualTo(limit);
            }
            for (DigestMessage m : DigestText.wecom(d, limit * 3)) {
                assertThat(TextSplitter.bytes(m.text())).as("limit " + limit * 3).isLessThanOrEqualTo(limit * 3);
            }
        }
    }
}
