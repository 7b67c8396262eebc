package org.policybot.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Page lookups on made-up extracted texts, pages marked as the reader marks them. */
class PagesTest {

    /** Three pages: the title and a paragraph, a paragraph cut by the page break, its end and one more. */
    static final String TEXT = "甲县办事指南\n\n第一页的段落。\n\n\f第二页的段落。\n\n这一段跨过了分\n\n\f页，接着第三页。\n\n第三页的段落。\n";

    @Test
    void should_give_the_page_each_line_starts_on() {
        Pages pages = Pages.of("guide.pdf", TEXT);

        assertThat(pages.count()).isEqualTo(3);
        assertThat(pages.pageOfLine(1)).isEqualTo(1);
        assertThat(pages.pageOfLine(3)).isEqualTo(1);
        assertThat(pages.pageOfLine(4)).as("the blank line before a page break is still on the page").isEqualTo(1);
        assertThat(pages.pageOfLine(5)).isEqualTo(2);
        assertThat(pages.pageOfLine(7)).isEqualTo(2);
        assertThat(pages.pageOfLine(9)).isEqualTo(3);
        assertThat(pages.pageOfLine(11)).isEqualTo(3);
        assertThat(pages.pageOfLine(99)).isZero();
    }

    @Test
    void should_count_lines_without_building_the_table_as_the_table_does() {
        Pages pages = Pages.of("guide.pdf", TEXT);

        for (int line = 1; line <= 13; line++) {
            assertThat(Pages.pageOfLine("guide.pdf", TEXT, line)).as("line %d", line).isEqualTo(pages.pageOfLine(line));
        }
    }

    @Test
    void should_find_the_page_a_quote_starts_on_whitespace_and_page_breaks_aside() {
        Pages pages = Pages.of("guide.pdf", TEXT);

        assertThat(pages.pageOf("第二页的段落。", 1)).isEqualTo(2);
        assertThat(pages.pageOf("这一段跨过了分页，接着第三页。", 7)).as("a sentence the reader joined across the break")
                .isEqualTo(2);
        assertThat(pages.pageOf("页，接着第三页。", 7)).isEqualTo(3);
        assertThat(pages.pageOf("第三页的 段落。", 1)).isEqualTo(3);
    }

    @Test
    void should_take_the_occurrence_from_the_passage_line_when_a_sentence_repeats() {
        String text = "同一句话。\n\n\f别的内容。\n\n\f同一句话。\n";
        Pages pages = Pages.of("notice.pdf", text);

        assertThat(pages.pageOf("同一句话。", 1)).isEqualTo(1);
        assertThat(pages.pageOf("同一句话。", 5)).isEqualTo(3);
    }

    @Test
    void should_fall_back_to_the_line_when_the_quote_is_not_in_the_text() {
        Pages pages = Pages.of("guide.pdf", TEXT);

        assertThat(pages.pageOf("文中没有的句子。", 5)).isEqualTo(2);
        assertThat(pages.pageOf("", 9)).isEqualTo(3);
    }

    @Test
    void should_skip_pages_without_text() {
        // Page 2 is blank: page 3's first line carries two separators.
        String text = "第一页。\n\n\f\f第三页。\n";
        Pages pages = Pages.of("scan.pdf", text);

        assertThat(pages.count()).isEqualTo(3);
        assertThat(pages.pageOfLine(3)).isEqualTo(3);
        assertThat(pages.pageOf("第三页。", 1)).isEqualTo(3);
        assertThat(Pages.pageOfLine("scan.pdf", text, 3)).isEqualTo(3);
    }

    @Test
    void should_put_a_one_page_pdf_on_page_one_and_other_files_on_none() {
        assertThat(Pages.of("one.pdf", "标题\n\n唯一的段落。\n").pageOf("唯一的段落。", 3)).isEqualTo(1);
        assertThat(Pages.of("GUIDE.PDF", "段落。\n").pageOfLine(1)).isEqualTo(1);
        assertThat(Pages.of("guide.docx", TEXT)).isNull();
        assertThat(Pages.of("guide.pdf", null)).isNull();
        assertThat(Pages.pageOfLine("guide.txt", TEXT, 5)).isZero();
        assertThat(Pages.pageOfLine("guide.pdf", TEXT, 0)).isZero();
    }

    @Test
    void should_keep_the_text_without_whitespace_for_quote_checks() {
        assertThat(Pages.of("guide.pdf", TEXT).compact()).isEqualTo(org.policybot.retrieval.text.ChineseText.compact(TEXT));
    }
}
