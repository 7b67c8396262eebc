package org.policybot.retrieval.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.policybot.retrieval.ingest.Article;

/** The article record kept inside each index generation: what is written is read back unchanged. */
class ArticleJsonTest {

    private static Article article(Optional<LocalDate> date) {
        return new Article("a1", "guide.txt", 3, "青禾县灵活就业缴费指南", "副标题", "青禾县人社局", date, "来源：青禾日报",
                List.of(new Article.Section("", List.of(new Article.Paragraph("第一段，含“引号”和\\反斜杠。", 5))),
                        new Article.Section("二、办理材料", List.of(new Article.Paragraph("身份证；", 9),
                                new Article.Paragraph("缴费凭证。", 10)))));
    }

    @Test
    void should_read_back_the_article_it_wrote_with_and_without_a_date() {
        for (Optional<LocalDate> date : List.of(Optional.of(LocalDate.of(2024, 3, 1)), Optional.<LocalDate>empty())) {
            // given
            Article a = article(date);

            // when
            Article back = ArticleJson.read(ArticleJson.write(a));

            // then
            assertThat(back).isEqualTo(a);
        }
    }

    @Test
    void should_keep_the_stored_shape_so_indexes_built_before_stay_readable() {
        // when
        String json = ArticleJson.write(article(Optional.of(LocalDate.of(2024, 3, 1))));

        // then: field names and order as generations on disk already hold them
        assertThat(json).isEqualTo("{\"id\":\"a1\",\"file\":\"guide.txt\",\"line\":3,\"title\":\"青禾县灵活就业缴费指南\","
                + "\"subtitle\":\"副标题\",\"byline\":\"青禾县人社局\",\"date\":\"2024-03-01\",\"source\":\"来源：青禾日报\","
                + "\"sections\":[{\"heading\":\"\",\"paragraphs\":[{\"text\":\"第一段，含“引号”和\\\\反斜杠。\",\"line\":5}]},"
                + "{\"heading\":\"二、办理材料\",\"paragraphs\":[{\"text\":\"身份证；\",\"line\":9},{\"text\":\"缴费凭证。\",\"line\":10}]}]}");
    }

    @Test
    void should_keep_a_documents_fields_sorted_between_source_and_sections() {
        // given: what a sidecar or document properties add
        Article a = article(Optional.empty()).withMetadata("青禾县灵活就业缴费指南", Optional.empty(), "",
                java.util.Map.of("region", "青禾县", "number", "青人社发〔2024〕3号"));

        // when
        String json = ArticleJson.write(a);

        // then
        assertThat(json).contains("\"source\":\"\",\"info\":{\"number\":\"青人社发〔2024〕3号\",\"region\":\"青禾县\"},\"sections\":");
        assertThat(ArticleJson.read(json)).isEqualTo(a);
    }

    @Test
    void should_keep_a_documents_validity_in_its_fields_and_read_it_back() {
        // given: validity from a sidecar or the text
        Article a = article(Optional.of(LocalDate.of(2024, 3, 1))).withValidity(new org.policybot.retrieval.ingest.Validity(
                Optional.of(LocalDate.of(2024, 4, 1)), Optional.of(LocalDate.of(2025, 12, 31)), List.of("旧指南"), List.of("新指南")));

        // when
        String json = ArticleJson.write(a);

        // then
        assertThat(json).contains("\"info\":{\"effective\":\"2024-04-01\",\"expires\":\"2025-12-31\","
                + "\"superseded_by\":\"新指南\",\"supersedes\":\"旧指南\"},\"sections\":");
        assertThat(ArticleJson.read(json)).isEqualTo(a);
        assertThat(ArticleJson.read(json).validity()).isEqualTo(a.validity());
    }

    @Test
    void should_keep_the_mark_of_text_read_by_ocr_and_read_it_back() {
        // given: an article of a scanned PDF
        Article a = article(Optional.empty()).withOcr();

        // when
        String json = ArticleJson.write(a);

        // then
        assertThat(json).contains("\"source\":\"来源：青禾日报\",\"info\":{\"ocr\":\"true\"},\"sections\":");
        assertThat(ArticleJson.read(json).fromOcr()).isTrue();
        assertThat(ArticleJson.read(ArticleJson.write(article(Optional.empty()))).fromOcr()).isFalse();
    }

    @Test
    void should_report_a_damaged_record_as_such() {
        assertThatThrownBy(() -> ArticleJson.read("{\"id\":\"a1\",\"date\":\"2024-13-45\",\"sections\":[]}"))
                .isInstanceOf(IllegalStateException.class).hasMessage("damaged article record in the index");
        assertThatThrownBy(() -> ArticleJson.read("{not json"))
                .isInstanceOf(IllegalStateException.class).hasMessage("damaged article record in the index");
    }
}
