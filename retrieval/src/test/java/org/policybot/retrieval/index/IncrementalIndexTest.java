package org.policybot.retrieval.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.retrieval.BundledArticles;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.ArticleReader;
import org.policybot.retrieval.ingest.Chunker;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.ingest.ReadCache;
import org.policybot.retrieval.ingest.TestDocuments;

/**
 * A rebuild parses only the files added or changed since the last one (their results are
 * kept by content in the parse cache), and what it builds is what a build from scratch builds.
 */
class IncrementalIndexTest {

    @TempDir
    Path dir;

    Path articles;
    Path data;

    @BeforeEach
    void folder() throws IOException {
        articles = Files.createDirectories(dir.resolve("articles"));
        data = dir.resolve("data");
        Files.writeString(articles.resolve("a.txt"), "# 青禾县取暖补贴通知\n\n低保家庭每户每月取暖补贴一百五十元，由乡镇统一发放。\n");
        Files.writeString(articles.resolve("b.txt"), "# 临川市公交卡办理说明\n\n老年人凭身份证到公交服务网点免费办理敬老卡。\n");
        TestDocuments.docx(articles.resolve("c.docx"), TestDocuments.Guide.sample("失业保险"), Optional.empty(), Optional.empty());
    }

    IndexService service() {
        return new IndexService(articles, data.resolve("index"), data.resolve("vectors.bin"), Optional::empty, new Chunker());
    }

    /** The parse cache's pack file of the service's data folder. */
    Path pack() {
        return data.resolve(IndexService.PARSE_CACHE).resolve(Corpora.FORMAT).resolve(ParseCache.PACK);
    }

    static List<String> passageTexts(LiveIndex live) {
        return live.generation().passages().stream().map(Passage::text).toList();
    }

    @Test
    void should_count_the_pictures_a_web_page_shows_in_the_fingerprint_while_ocr_reads_them() throws IOException {
        // given: a saved page showing a picture from its NAME_files folder
        Files.createDirectories(articles.resolve("p_files"));
        Path picture = Files.write(articles.resolve("p_files/n.png"), new byte[] {1, 2, 3});
        Files.writeString(articles.resolve("p.html"), "<html><body><p>鹿桥街道社区活动中心每天开放。</p>"
                + "<p><img src=\"p_files/n.png\"></p></body></html>");
        String withOcr = Corpora.fingerprint(articles, false, () -> true);
        String withoutOcr = Corpora.fingerprint(articles, false, () -> false);

        // when: only the picture changes
        Files.write(picture, new byte[] {4, 5, 6});

        // then: the folder counts as changed while OCR reads pictures, and as unchanged while it cannot
        assertThat(Corpora.fingerprint(articles, false, () -> true)).isNotEqualTo(withOcr);
        assertThat(Corpora.fingerprint(articles, false, () -> false)).isEqualTo(withoutOcr);
    }

    @Test
    void should_parse_nothing_again_when_nothing_changed_and_build_the_same_index() {
        try (IndexService s = service()) {
            IndexService.BuildResult first = s.rebuild();
            List<Passage> before = s.live().generation().passages();

            IndexService.BuildResult second = s.rebuild();

            assertThat(first.filesParsed()).isEqualTo(3);
            assertThat(first.filesUnchanged()).isZero();
            assertThat(second.filesParsed()).isZero();
            assertThat(second.filesUnchanged()).isEqualTo(3);
            assertThat(s.live().generation().passages()).isEqualTo(before);
        }
    }

    @Test
    void should_parse_only_the_changed_and_added_files_and_drop_the_removed_one() throws IOException {
        try (IndexService s = service()) {
            s.rebuild();
            // when: one file changes, one is added, one is removed
            Files.writeString(articles.resolve("a.txt"), "# 青禾县取暖补贴通知\n\n低保家庭每户每月取暖补贴二百元，由乡镇统一发放。\n");
            Files.writeString(articles.resolve("d.txt"), "# 松岭镇图书馆开放时间\n\n图书馆每周二至周日上午九时开放。\n");
            Files.delete(articles.resolve("b.txt"));

            IndexService.BuildResult r = s.rebuild();

            assertThat(r.filesParsed()).isEqualTo(2);
            assertThat(r.filesUnchanged()).isEqualTo(1);
            String all = String.join("\n", passageTexts(s.live()));
            assertThat(all).contains("二百元", "图书馆每周二至周日", "六十日内申请办理")
                    .doesNotContain("一百五十元", "敬老卡");
        }
    }

    @Test
    void should_parse_a_file_again_when_only_its_sidecar_changed() throws IOException {
        try (IndexService s = service()) {
            s.rebuild();
            Files.writeString(articles.resolve("b.meta.yaml"), "title: 临川市敬老卡办理指南\n");

            IndexService.BuildResult r = s.rebuild();

            assertThat(r.filesParsed()).isEqualTo(1);
            assertThat(s.live().generation().articles().values()).extracting(Article::title).contains("临川市敬老卡办理指南");
        }
    }

    @Test
    void should_follow_a_sidecar_named_after_the_whole_file_as_it_comes_changes_and_goes() throws IOException {
        try (IndexService s = service()) {
            s.rebuild();
            String before = Corpora.fingerprint(articles, false, () -> false);
            // A folder with a sidecar's name is not a sidecar.
            Files.createDirectories(articles.resolve("b.meta.yml"));
            assertThat(Corpora.fingerprint(articles, false, () -> false)).isEqualTo(before);
            assertThat(s.rebuild().filesParsed()).isZero();

            Files.writeString(articles.resolve("b.txt.meta.yml"), "title: 临川市敬老卡办理须知\n");
            String with = Corpora.fingerprint(articles, false, () -> false);
            assertThat(with).isNotEqualTo(before);
            assertThat(s.rebuild().filesParsed()).isEqualTo(1);
            assertThat(s.live().generation().articles().values()).extracting(Article::title).contains("临川市敬老卡办理须知");

            Files.writeString(articles.resolve("b.txt.meta.yml"), "title: 临川市敬老卡办理问答\n");
            assertThat(Corpora.fingerprint(articles, false, () -> false)).isNotEqualTo(with);
            assertThat(s.rebuild().filesParsed()).isEqualTo(1);
            assertThat(s.live().generation().articles().values()).extracting(Article::title).contains("临川市敬老卡办理问答");

            Files.delete(articles.resolve("b.txt.meta.yml"));
            assertThat(Corpora.fingerprint(articles, false, () -> false)).isEqualTo(before);
            assertThat(s.rebuild().filesParsed()).isEqualTo(1);
            assertThat(s.live().generation().articles().values()).extracting(Article::title)
                    .doesNotContain("临川市敬老卡办理须知", "临川市敬老卡办理问答");
        }
    }

    @Test
    void should_keep_a_failure_so_a_broken_file_is_not_parsed_on_every_build() throws IOException {
        Files.write(articles.resolve("broken.docx"), "PK\u0003\u0004 not really a zip".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (IndexService s = service()) {
            IndexService.BuildResult first = s.rebuild();
            IndexService.BuildResult second = s.rebuild();

            assertThat(first.problems()).extracting(ArticleReader.Problem::file).contains("broken.docx");
            assertThat(second.problems()).isEqualTo(first.problems());
            assertThat(second.filesParsed()).isZero();
        }
    }

    @Test
    void should_parse_again_only_the_file_whose_cached_result_is_damaged() throws IOException {
        try (IndexService s = service()) {
            s.rebuild();
            List<String> before = passageTexts(s.live());
            Path pack = pack();
            byte[] bytes = Files.readAllBytes(pack);
            // The first record's result starts after the header (4 bytes), its key (32) and its length (4).
            bytes[4 + 32 + 4 + 10] ^= 0x5a;
            Files.write(pack, bytes);

            IndexService.BuildResult r = s.rebuild();

            assertThat(r.filesParsed()).isEqualTo(1);
            assertThat(r.filesUnchanged()).isEqualTo(2);
            assertThat(passageTexts(s.live())).isEqualTo(before);
            assertThat(s.rebuild().filesParsed()).isZero();
        }
    }

    @Test
    void should_parse_again_the_files_after_a_record_cut_short() throws IOException {
        try (IndexService s = service()) {
            s.rebuild();
            List<String> before = passageTexts(s.live());
            Path pack = pack();
            byte[] bytes = Files.readAllBytes(pack);
            Files.write(pack, java.util.Arrays.copyOf(bytes, bytes.length - 3));

            IndexService.BuildResult r = s.rebuild();

            assertThat(r.filesParsed()).isEqualTo(1);
            assertThat(passageTexts(s.live())).isEqualTo(before);
            assertThat(s.rebuild().filesParsed()).isZero();
        }
    }

    @Test
    void should_give_from_the_cache_exactly_what_reading_the_files_gives() throws IOException {
        // given: the bundled articles and a Word file, read once into the cache
        Path mixed = Files.createDirectories(dir.resolve("mixed"));
        try (Stream<Path> files = Files.list(BundledArticles.dir())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).toList()) {
                Files.copy(f, mixed.resolve(f.getFileName()));
            }
        }
        Files.copy(articles.resolve("c.docx"), mixed.resolve("c.docx"));
        ParseCache cache = new ParseCache(dir.resolve("cache"));
        ArticleReader.Corpus fresh = new ArticleReader().readAll(mixed, cache, ArticleReader.Progress.NONE);
        List<Boolean> reused = new ArrayList<>();

        // when: read again
        ArticleReader.Corpus cached = new ArticleReader().readAll(mixed, cache, (done, total, r) -> reused.add(r));

        // then: every file came from the cache, and nothing differs
        assertThat(reused).hasSize(fresh.files().size()).containsOnly(true);
        assertThat(cached.articles()).isEqualTo(fresh.articles());
        assertThat(cached.extracted()).isEqualTo(fresh.extracted());
        assertThat(cached.problems()).isEqualTo(fresh.problems());
    }

    @Test
    void should_drop_entries_no_read_uses_any_more() throws IOException {
        ParseCache cache = new ParseCache(dir.resolve("cache"));
        new ArticleReader().readAll(articles, cache, ArticleReader.Progress.NONE);
        Set<String> before = cache.storedKeys();
        Files.delete(articles.resolve("b.txt"));

        new ArticleReader().readAll(articles, cache, ArticleReader.Progress.NONE);

        assertThat(before).hasSize(3);
        assertThat(cache.storedKeys()).hasSize(2).isSubsetOf(before);
    }

    @Test
    void should_read_without_a_cache_it_cannot_write() throws IOException {
        Path blocked = Files.writeString(dir.resolve("not-a-folder"), "a file where the cache folder should be");
        ReadCache cache = new ParseCache(blocked);

        ArticleReader.Corpus corpus = new ArticleReader().readAll(articles, cache, ArticleReader.Progress.NONE);

        assertThat(corpus.files()).containsExactly("a.txt", "b.txt", "c.docx");
        assertThat(corpus.problems()).isEmpty();
    }

}
