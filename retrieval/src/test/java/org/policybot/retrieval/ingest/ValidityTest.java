package org.policybot.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validity of made-up documents: from the sidecar, a Markdown file's front matter and the
 * text, the sidecar winning; replacements linked across the folder; the standing on a day.
 */
class ValidityTest {

    @TempDir
    Path dir;

    private void write(String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private ArticleReader.Corpus read() throws Exception {
        return new ArticleReader().readAll(dir);
    }

    private static Article byFile(ArticleReader.Corpus corpus, String file) {
        return corpus.articles().stream().filter(a -> a.file().equals(file)).findFirst().orElseThrow();
    }

    @Test
    void should_read_validity_from_the_sidecar_over_the_text() throws Exception {
        // given: the text says one expiry day, the sidecar another and a replacement
        write("a.txt", "甲县补贴办法\n\n第一条 补贴标准为每月200元。\n\n第二条 本办法自2020年1月1日起施行，有效期至2022年12月31日。\n");
        write("a.meta.yaml", """
                expires: 2023年6月30日
                superseded_by: [乙县补贴办法, 丙县补贴办法]
                supersedes:
                  - 旧办法
                  - "更旧的办法"
                """);

        // when
        ArticleReader.Corpus corpus = read();

        // then
        assertThat(corpus.problems()).isEmpty();
        Validity v = byFile(corpus, "a.txt").validity();
        assertThat(v.effective()).contains(LocalDate.of(2020, 1, 1));
        assertThat(v.expires()).contains(LocalDate.of(2023, 6, 30));
        assertThat(v.supersededBy()).containsExactly("乙县补贴办法", "丙县补贴办法");
        assertThat(v.supersedes()).containsExactly("旧办法", "更旧的办法");
        assertThat(byFile(corpus, "a.txt").info()).containsEntry("effective", "2020-01-01").containsEntry("expires", "2023-06-30");
    }

    @Test
    void should_report_a_validity_date_it_cannot_read() throws Exception {
        write("a.txt", "甲县补贴办法\n\n补贴标准为每月200元。\n");
        write("a.meta.yaml", "effective: next spring\n");

        ArticleReader.Corpus corpus = read();

        assertThat(corpus.problems()).extracting(ArticleReader.Problem::message)
                .anyMatch(m -> m.contains("effective not understood: next spring"));
        assertThat(byFile(corpus, "a.txt").validity().isEmpty()).isTrue();
    }

    @Test
    void should_read_markdown_front_matter_as_metadata_and_leave_it_out_of_the_text() throws Exception {
        // given: front matter with title, date and validity; a sidecar that overrides the expiry
        write("b.md", """
                ---
                title: 丁县养老服务补贴办法
                date: 2024-02-01
                issuer: 丁县民政局
                effective: 2024-03-01
                expires: 2026-02-28
                ---
                补贴对象为本县80周岁以上老人。

                补贴标准为每月100元。
                """);
        write("b.meta.yaml", "expires: 2027-02-28\n");

        // when
        ArticleReader.Corpus corpus = read();

        // then
        assertThat(corpus.problems()).isEmpty();
        Article b = byFile(corpus, "b.md");
        assertThat(b.title()).isEqualTo("丁县养老服务补贴办法");
        assertThat(b.date()).contains(LocalDate.of(2024, 2, 1));
        assertThat(b.info()).containsEntry("issuer", "丁县民政局");
        assertThat(b.validity().effective()).contains(LocalDate.of(2024, 3, 1));
        assertThat(b.validity().expires()).contains(LocalDate.of(2027, 2, 28));
        assertThat(b.bodyText()).doesNotContain("---").doesNotContain("effective").contains("补贴标准为每月100元。");
        assertThat(b.sections().get(0).paragraphs().get(0).line()).as("lines keep their numbers").isEqualTo(8);
    }

    @Test
    void should_keep_the_text_between_two_horizontal_rules_at_the_top_of_a_markdown_file() throws Exception {
        // given: prose between two rules, not key: value lines
        write("c.md", "---\n补贴对象为本县80周岁以上老人。\n---\n\n补贴标准为每月100元。\n");

        // when
        Article c = byFile(read(), "c.md");

        // then
        assertThat(c.bodyText()).contains("补贴对象为本县80周岁以上老人。").contains("补贴标准为每月100元。");
    }

    @Test
    void should_mark_a_document_repealed_by_another_of_the_folder_as_superseded_by_it() throws Exception {
        // given: an old 办法 and a new one that repeals it by title
        write("old.txt", "青禾县灵活就业补贴办法\n\n第一条 补贴标准为每月300元。\n\n第二条 本办法自2019年1月1日起施行，有效期至2023年12月31日。\n");
        write("new.txt", "青禾县灵活就业补贴实施办法\n\n第一条 补贴标准为每月500元。\n\n"
                + "第二条 本办法自2024年1月1日起施行，《青禾县灵活就业补贴办法》（青人社发〔2019〕3号）同时废止。\n");

        // when
        ArticleReader.Corpus corpus = read();

        // then
        Validity old = byFile(corpus, "old.txt").validity();
        Validity now = byFile(corpus, "new.txt").validity();
        assertThat(old.supersededBy()).containsExactly("青禾县灵活就业补贴实施办法");
        assertThat(old.expires()).contains(LocalDate.of(2023, 12, 31));
        assertThat(now.supersedes()).containsExactly("青禾县灵活就业补贴办法");
        assertThat(now.statusAt(LocalDate.of(2025, 1, 1)).inForce()).isTrue();
        assertThat(old.statusAt(LocalDate.of(2025, 1, 1)).kind()).isEqualTo(Validity.Status.Kind.SUPERSEDED);
        assertThat(old.statusAt(LocalDate.of(2025, 1, 1)).by()).isEqualTo("青禾县灵活就业补贴实施办法");
    }

    @Test
    void should_link_a_replacement_named_by_file_name() throws Exception {
        write("old.txt", "甲办法\n\n补贴标准为每月300元。\n");
        write("new.txt", "乙办法\n\n补贴标准为每月500元。\n");
        write("new.meta.yaml", "supersedes: old.txt\n");

        assertThat(byFile(read(), "old.txt").validity().supersededBy()).containsExactly("乙办法");
    }

    @Test
    void should_tell_the_standing_of_a_document_on_a_day() {
        Validity v = new Validity(Optional.of(LocalDate.of(2024, 1, 1)), Optional.of(LocalDate.of(2025, 12, 31)), List.of(), List.of());

        assertThat(v.statusAt(LocalDate.of(2023, 12, 31)).kind()).isEqualTo(Validity.Status.Kind.NOT_YET_IN_FORCE);
        assertThat(v.statusAt(LocalDate.of(2024, 1, 1)).inForce()).isTrue();
        assertThat(v.statusAt(LocalDate.of(2025, 12, 31)).inForce()).as("the last day is in force").isTrue();
        Validity.Status expired = v.statusAt(LocalDate.of(2026, 1, 1));
        assertThat(expired.kind()).isEqualTo(Validity.Status.Kind.EXPIRED);
        assertThat(expired.date()).contains(LocalDate.of(2025, 12, 31));
        assertThat(expired.json()).isEqualTo("expired");
        assertThat(Validity.NONE.statusAt(LocalDate.of(2030, 1, 1)).inForce()).isTrue();
    }

    @Test
    void should_keep_validity_in_info_and_read_it_back() {
        Validity v = new Validity(Optional.of(LocalDate.of(2024, 1, 1)), Optional.empty(), List.of("甲办法", "乙规定"), List.of());

        Map<String, String> info = v.into(Map.of("issuer", "某局"));

        assertThat(info).containsEntry("issuer", "某局").containsEntry("supersedes", "甲办法；乙规定").doesNotContainKey("expires");
        assertThat(Validity.of(info)).isEqualTo(v);
    }
}
