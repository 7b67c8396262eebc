package org.policybot.retrieval.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.retrieval.BundledArticles;
import org.policybot.retrieval.embed.BgeSmallZhEmbedder;
import org.policybot.retrieval.embed.Embedder;
import org.policybot.retrieval.embed.PassageVectors;
import org.policybot.retrieval.ingest.Chunker;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.ingest.TestDocuments;
import org.policybot.retrieval.search.HybridSearcher;
import org.policybot.retrieval.search.Hit;
import org.policybot.retrieval.search.Lexicon;

/**
 * A build that starts from the previous generation's segments holds what a build from scratch
 * of the same folder holds: the same articles, passages, vectors and extracted texts, and the
 * same answers to searches; and it stays whole when the generations it was built on are gone.
 */
class SegmentReuseTest {

    static Embedder model;

    /** Vectors are cached in one file for every build of every test here: each text is embedded once. */
    @TempDir
    static Path vectors;

    @TempDir
    Path dir;

    Path articles;

    static final List<String> QUESTIONS = List.of("焦作人社如何锻造技能引擎？", "中国科研创新为什么行", "失业保险待遇怎么申领",
            "低保家庭取暖补贴每月多少钱", "老年人怎么办理敬老卡", "科技创新实现了哪些新突破");

    @BeforeAll
    static void embedder() {
        model = new BgeSmallZhEmbedder();
    }

    @BeforeEach
    void folder() throws IOException {
        articles = Files.createDirectories(dir.resolve("articles"));
        try (Stream<Path> bundled = Files.list(BundledArticles.dir())) {
            for (Path f : bundled.sorted().toList()) {
                Files.copy(f, articles.resolve(f.getFileName()));
            }
        }
        Files.writeString(articles.resolve("a.txt"), "# 青禾县取暖补贴通知\n\n低保家庭每户每月取暖补贴一百五十元，由乡镇统一发放。\n");
        Files.writeString(articles.resolve("b.txt"), "# 临川市公交卡办理说明\n\n老年人凭身份证到公交服务网点免费办理敬老卡。\n");
        TestDocuments.docx(articles.resolve("c.docx"), TestDocuments.Guide.sample("失业保险"), Optional.empty(), Optional.empty());
    }

    IndexService service(String data, int reuseFrom) {
        IndexService s = new IndexService(articles, dir.resolve(data).resolve("index"), vectors.resolve("vectors.bin"),
                () -> Optional.of(model), new Chunker());
        s.reuseFrom = reuseFrom;
        return s;
    }

    void change() throws IOException {
        Files.writeString(articles.resolve("a.txt"), "# 青禾县取暖补贴通知\n\n低保家庭每户每月取暖补贴二百元，由乡镇统一发放。\n",
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        Files.delete(articles.resolve("b.txt"));
        Files.writeString(articles.resolve("d.txt"), "# 临川市敬老卡办理说明\n\n六十五周岁以上老年人凭身份证到社区服务中心办理敬老卡，乘坐公交免费。\n");
        TestDocuments.docx(articles.resolve("c.docx"), TestDocuments.Guide.sample("医疗保险"), Optional.empty(), Optional.empty());
        Path last = BundledArticles.file("004");
        Files.writeString(articles.resolve(last.getFileName()), Files.readString(last) + "\n本文由编者于十二月修订。\n");
    }

    @Test
    void should_build_on_the_previous_generation_what_a_build_from_scratch_builds() throws IOException {
        try (IndexService incremental = service("incremental", 0); IndexService scratch = service("scratch", Integer.MAX_VALUE)) {
            // given: a generation of the folder as it was
            incremental.rebuild();
            Path first = incremental.live().generation().directory().getDirectory();

            // when: files change, go and come, and the folder is built again on that generation
            change();
            incremental.rebuild();
            scratch.rebuild();

            // then: the new generation shares the first one's segment files and vector file, and adds
            // a vector file of the passages it wrote again ...
            LiveIndex.Generation built = incremental.live().generation();
            assertThat(sharedFiles(first, built.directory().getDirectory())).isNotEmpty().contains(VectorFile.NAME);
            assertThat(VectorFile.files(built.meta())).containsExactly(VectorFile.NAME,
                    VectorFile.partName(built.directory().getDirectory()));
            // ... and holds what a build from scratch holds
            sameContent(built, scratch.live().generation());
            sameSearches(incremental.live(), scratch.live());
            assertThat(files(built)).doesNotContain("b.txt").contains("d.txt", "a.txt", "c.docx");
        }
    }

    @Test
    void should_stay_whole_when_the_generations_it_was_built_on_are_deleted() throws IOException {
        try (IndexService incremental = service("incremental", 0)) {
            // given: a generation, one built on it, and a third built on that (the first is deleted then)
            incremental.rebuild();
            Path first = incremental.live().generation().directory().getDirectory();
            change();
            incremental.rebuild();
            Files.writeString(articles.resolve("e.txt"), "# 青禾县高龄津贴发放通知\n\n八十周岁以上老年人每月领取高龄津贴一百元。\n");
            incremental.rebuild();
            assertThat(first).doesNotExist();
        }
        // when: the index is opened again by a new process, every file checked against its checksum
        try (IndexService reopened = service("incremental", 0); IndexService scratch = service("scratch", Integer.MAX_VALUE)) {
            reopened.ensureFresh();
            scratch.rebuild();

            // then
            assertThat(reopened.live().needsRebuild()).isFalse();
            sameContent(reopened.live().generation(), scratch.live().generation());
            sameSearches(reopened.live(), scratch.live());
            assertThat(files(reopened.live().generation())).contains("e.txt");
        }
    }

    @Test
    void should_plan_from_the_digests_file_what_it_plans_from_the_stored_documents_and_ignore_a_damaged_file()
            throws IOException {
        // given: a generation, and the folder changed since
        Path first;
        try (IndexService incremental = service("incremental", 0)) {
            incremental.rebuild();
            first = incremental.live().generation().directory().getDirectory();
        }
        change();
        org.policybot.retrieval.ingest.ArticleReader.Corpus corpus = new org.policybot.retrieval.ingest.ArticleReader().readAll(articles);
        List<Passage> passages = new Chunker().chunkAll(corpus.articles());
        Map<String, String> digests = SegmentReuse.digests(corpus.articles(), passages, model.name());

        // when: planned with the generation's digests file, without it, and with it damaged
        assertThat(SegmentReuse.readDigests(first)).isPresent();
        SegmentReuse.Plan fromFile = SegmentReuse.plan(first, digests, corpus.extracted(), true).orElseThrow();
        Path file = first.resolve(SegmentReuse.DIGESTS);
        byte[] bytes = Files.readAllBytes(file);
        Files.delete(file);
        SegmentReuse.Plan fromDocuments = SegmentReuse.plan(first, digests, corpus.extracted(), true).orElseThrow();
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        SegmentReuse.Plan fromDamaged = SegmentReuse.plan(first, digests, corpus.extracted(), true).orElseThrow();

        // then: the same plan each time, the damaged file ignored
        assertThat(SegmentReuse.readDigests(first)).isEmpty();
        assertThat(fromFile).isEqualTo(fromDocuments).isEqualTo(fromDamaged);
        // (extracted texts are kept for documents, not for text files)
        assertThat(fromFile.sources()).containsExactly("c.docx");
        assertThat(fromFile.obsolete()).containsExactly("c.docx");
        assertThat(fromFile.write()).isNotEmpty();
        assertThat(fromFile.delete()).isNotEmpty();
    }

    @Test
    void should_write_everything_again_when_told_to_start_from_scratch_or_below_the_size_that_reuses() throws IOException {
        try (IndexService small = service("small", Integer.MAX_VALUE)) {
            small.rebuild();
            Path first = small.live().generation().directory().getDirectory();
            change();
            small.rebuild();

            assertThat(sharedFiles(first, small.live().generation().directory().getDirectory())).isEmpty();
        }
    }

    @Test
    void should_digest_an_article_as_the_hash_of_its_fields_and_passages_written_out_in_utf16() throws Exception {
        // given: the articles of the folder and their passages
        List<org.policybot.retrieval.ingest.Article> all = new org.policybot.retrieval.ingest.ArticleReader().readAll(articles).articles();
        List<Passage> passages = new Chunker().chunkAll(all);

        // when
        Map<String, String> digests = SegmentReuse.digests(all, passages, "model");

        // then: each is SHA-256 of the model, the article's fields and its passages' fields, written
        // out one after another (texts as length and UTF-16, numbers as 32 bits)
        for (org.policybot.retrieval.ingest.Article a : all) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
            for (String text : List.of("model", a.id(), a.file())) {
                writeText(out, text);
            }
            out.writeInt(a.line());
            for (String text : List.of(a.title(), a.subtitle(), a.byline(), a.date().map(Object::toString).orElse(""), a.source())) {
                writeText(out, text);
            }
            out.writeInt(a.info().size());
            for (Map.Entry<String, String> e : new TreeMap<>(a.info()).entrySet()) {
                writeText(out, e.getKey());
                writeText(out, e.getValue());
            }
            out.writeInt(a.sections().size());
            for (org.policybot.retrieval.ingest.Article.Section section : a.sections()) {
                writeText(out, section.heading());
                out.writeInt(section.paragraphs().size());
                for (org.policybot.retrieval.ingest.Article.Paragraph paragraph : section.paragraphs()) {
                    writeText(out, paragraph.text());
                    out.writeInt(paragraph.line());
                }
            }
            List<Passage> own = passages.stream().filter(p -> p.articleId().equals(a.id())).toList();
            out.writeInt(own.size());
            for (Passage p : own) {
                for (String text : List.of(p.id(), p.file(), p.title(), p.date().map(Object::toString).orElse(""), p.section(), p.text())) {
                    writeText(out, text);
                }
                out.writeInt(p.position());
                out.writeInt(p.line());
            }
            byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
            assertThat(digests.get(a.id())).as(a.id()).isEqualTo(java.util.HexFormat.of().formatHex(sha));
        }
        assertThat(digests).hasSameSizeAs(all);
    }

    private static void writeText(java.io.DataOutputStream out, String text) throws IOException {
        out.writeInt(text.length());
        out.writeChars(text);
    }

    static List<String> files(LiveIndex.Generation g) {
        return g.articles().values().stream().map(org.policybot.retrieval.ingest.Article::file).distinct().toList();
    }

    static List<String> sharedFiles(Path a, Path b) throws IOException {
        try (Stream<Path> files = Files.list(b)) {
            return files.filter(f -> {
                Path other = a.resolve(f.getFileName());
                try {
                    return Files.exists(other) && Files.isSameFile(f, other);
                } catch (IOException e) {
                    return false;
                }
            }).map(f -> f.getFileName().toString()).toList();
        }
    }

    static void sameContent(LiveIndex.Generation built, LiveIndex.Generation scratch) {
        assertThat(new TreeMap<>(built.articles())).isEqualTo(new TreeMap<>(scratch.articles()));
        assertThat(built.passages()).isEqualTo(scratch.passages());
        assertThat(built.extracted()).isEqualTo(scratch.extracted());
        assertThat(built.meta().get(Fields.META_PASSAGES)).isEqualTo(scratch.meta().get(Fields.META_PASSAGES));
        assertThat(built.meta().get(Fields.META_ARTICLES)).isEqualTo(scratch.meta().get(Fields.META_ARTICLES));
        assertThat(built.vectors().keySet()).isEqualTo(scratch.vectors().keySet());
        for (Map.Entry<String, PassageVectors> e : scratch.vectors().entrySet()) {
            PassageVectors v = built.vectorsOf(e.getKey());
            assertThat(v.passage()).isEqualTo(e.getValue().passage());
            assertThat(v.sentences()).isDeepEqualTo(e.getValue().sentences());
        }
    }

    /** The same passages in the same order for each question; scores as close as BM25's statistics allow. */
    static void sameSearches(LiveIndex built, LiveIndex scratch) {
        HybridSearcher a = new HybridSearcher(built, Lexicon.bundled(), Optional.of(model), HybridSearcher.Options.defaults(true));
        HybridSearcher b = new HybridSearcher(scratch, Lexicon.bundled(), Optional.of(model), HybridSearcher.Options.defaults(true));
        for (String q : QUESTIONS) {
            List<Hit> x = a.search(q, 5).hits();
            List<Hit> y = b.search(q, 5).hits();
            assertThat(x).as(q).isNotEmpty();
            assertThat(ids(x)).as(q).isEqualTo(ids(y));
        }
    }

    static List<String> ids(List<Hit> hits) {
        return hits.stream().sorted(Comparator.comparingInt(Hit::rank)).map(h -> h.passage().id()).toList();
    }
}
