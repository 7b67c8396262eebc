package org.policybot.bot.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.ArticleReader;
import org.policybot.retrieval.ingest.Chunker;

/** What /api/articles/{id} shows of a document: the text extracted from it, its sidecar fields and its validity. */
class ArticleViewTest {

    @Test
    void should_show_the_extracted_text_of_a_document_and_nothing_more_for_a_text_file() {
        String extracted = "# 失业保险办事指南\n\n申请人应当提交身份证原件和复印件一份。\n\n事项 | 材料 | 时限\n";
        Article doc = new ArticleReader().parse("guide.docx", extracted).get(0)
                .withMetadata("失业保险办事指南", java.util.Optional.empty(), "", Map.of("region", "甲川市"));
        Article txt = new ArticleReader().parse("plain.txt", "一篇文本\n\n文本文件的内容就是它自己。\n").get(0);

        ObjectNode d = ArticleView.article(doc, new Chunker().chunkAll(List.of(doc)), extracted, TODAY);
        ObjectNode t = ArticleView.article(txt, new Chunker().chunkAll(List.of(txt)), null, TODAY);

        assertThat(d.get("extractedText").asText()).isEqualTo(extracted);
        assertThat(d.get("info").get("region").asText()).isEqualTo("甲川市");
        assertThat(t.has("extractedText")).isFalse();
        assertThat(t.has("info")).isFalse();
        assertThat(t.has("validity")).isFalse();
    }

    private static final LocalDate TODAY = LocalDate.of(2025, 6, 1);

    @Test
    void should_show_a_pdfs_extracted_text_with_its_page_marks_and_its_paragraphs_without() {
        // given: the text of a two-page PDF, page 2 starting with a form feed as the reader marks it
        String extracted = "失业保险办事指南\n\n申请人应当提交身份证原件和复印件一份。\n\n\f委托他人办理的还需提交授权委托书。\n";
        Article pdf = new ArticleReader().parse("guide.pdf", extracted).get(0);

        ObjectNode d = ArticleView.article(pdf, new Chunker().chunkAll(List.of(pdf)), extracted, TODAY);

        assertThat(d.get("extractedText").asText()).isEqualTo(extracted);
        assertThat(d.get("sections").toString()).contains("委托他人办理的还需提交授权委托书。").doesNotContain("\\f");
    }


    @Test
    void should_show_a_documents_validity_and_its_standing_on_the_day() {
        // given: an old rule that lapsed and was replaced, and one not yet in force
        Article old = new ArticleReader().parse("old.txt", "甲县补贴办法\n\n补贴标准为每月300元。\n\n本办法自2019年1月1日起施行，有效期至2023年12月31日。\n")
                .get(0);
        Article replaced = old.withValidity(old.validity().alsoSupersededBy("甲县补贴实施办法"));
        Article coming = new ArticleReader().parse("new.txt", "乙县补贴办法\n\n补贴标准为每月500元。\n\n本办法自2026年1月1日起施行。\n").get(0);

        // when
        ObjectNode lapsed = ArticleView.article(old, new Chunker().chunkAll(List.of(old)), null, TODAY);
        ObjectNode superseded = ArticleView.article(replaced, new Chunker().chunkAll(List.of(replaced)), null, TODAY);
        ObjectNode notYet = ArticleView.article(coming, new Chunker().chunkAll(List.of(coming)), null, TODAY);

        // then
        assertThat(lapsed.get("info").get("effective").asText()).isEqualTo("2019-01-01");
        assertThat(lapsed.get("info").get("expires").asText()).isEqualTo("2023-12-31");
        assertThat(lapsed.get("validity").toString()).isEqualTo("{\"status\":\"expired\",\"date\":\"2023-12-31\"}");
        assertThat(superseded.get("validity").toString()).isEqualTo("{\"status\":\"superseded\",\"by\":\"甲县补贴实施办法\"}");
        assertThat(superseded.get("info").get("superseded_by").asText()).isEqualTo("甲县补贴实施办法");
        assertThat(notYet.get("validity").toString()).isEqualTo("{\"status\":\"not-yet-in-force\",\"date\":\"2026-01-01\"}");
    }
}
