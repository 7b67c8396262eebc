package org.policybot.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Titles that office programs write into document properties by themselves are not taken as titles. */
class DocumentTitleTest {

    @Test
    void should_refuse_each_kind_of_placeholder_title() {
        for (String placeholder : new String[] {"guide.docx", "通知.PDF", "page.htm", "Microsoft Word - 青禾县办事指南",
                "Untitled", "untitled-3", "无标题文档", "新建 Microsoft Word 文档", "Document1", "文档2", "Title", "标题",
                "Slide 1", "x"}) {
            assertThat(DocumentReader.usefulTitle(placeholder)).as(placeholder).isFalse();
        }
    }

    @Test
    void should_keep_a_real_title() {
        assertThat(DocumentReader.usefulTitle("青禾县便民卡办理须知")).isTrue();
        assertThat(DocumentReader.usefulTitle("Documentation of the Qinghe card")).isTrue();
    }
}
