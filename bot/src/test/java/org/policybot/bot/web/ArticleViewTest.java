package org.policybot.bot.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.ArticleReader;
import org.policybot.retrieval.ingest.Chunker;

/** What /api/articles/{id} shows of a document: the text extracted from it, and its sidecar fields. */
class ArticleViewTest {

    @Test
    void should_show_the_extracted_text_of_a_document_and_nothing_more_for_a_text_file() {
        String extracted = "# 失业保险办事指南\n\n申请人应当提交身份证原件和复印件一份。\n\n事项 | 材料 | 时限\n";
        Article doc = new ArticleReader().parse("guide.docx", extracted).get(0)
                .withMetadata("失业保险办事指南", java.util.Optional.empty(), "", Map.of("region", "甲川市"));
        Article txt = new ArticleReader().parse("plain.txt", "一篇文本\n\n文本文件的内容就是它自己。\n").get(0);

        ObjectNode d = ArticleView.article(doc, new Chunker().chunkAll(List.of(doc)), extracted);
        ObjectNode t = ArticleView.article(txt, new Chunker().chunkAll(List.of(txt)), null);

        assertThat(d.get("extractedText").asText()).isEqualTo(extracted);
        assertThat(d.get("info").get("region").asText()).isEqualTo("甲川市");
        assertThat(t.has("extractedText")).isFalse();
        assertThat(t.has("info")).isFalse();
    }
}
