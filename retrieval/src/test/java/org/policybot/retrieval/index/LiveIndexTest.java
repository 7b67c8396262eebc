package org.policybot.retrieval.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.ArticleReader;
import org.policybot.retrieval.ingest.Chunker;

/** Opening generations on disk, including ones that cannot be opened. */
class LiveIndexTest {

    @TempDir
    Path indexRoot;

    IndexLayout layout;

    @BeforeEach
    void layout() {
        layout = new IndexLayout(indexRoot);
    }

    /** Builds a small, good generation and points CURRENT to it. */
    String goodGeneration() {
        List<Article> articles = new ArticleReader().parse("a.txt", "# 好的索引\n\n这一代索引可以正常打开，戊己庚辛。\n");
        return new IndexBuilder(layout).build(articles, new Chunker().chunkAll(articles), null, null, "fingerprint", null)
                .generation().getFileName().toString();
    }

    /**
     * Writes a generation Lucene opens but whose stored article record is damaged (as a bug
     * or a change of format would leave it) and points CURRENT to it.
     */
    static Path damagedGeneration(IndexLayout layout) throws IOException {
        Path generation = layout.newGeneration();
        try (FSDirectory dir = FSDirectory.open(generation); IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig())) {
            Document doc = new Document();
            doc.add(new StringField(Fields.TYPE, "article", Field.Store.NO));
            doc.add(new StringField(Fields.ID, "x-a1", Field.Store.YES));
            doc.add(new StoredField(Fields.ARTICLE_JSON, "{\"id\": \"x-a1\", \"sections\": [tru"));
            writer.addDocument(doc);
            writer.commit();
        }
        layout.point(generation);
        return generation;
    }

    /** Index files of a generation this process still has open or mapped (Linux). */
    static List<String> filesHeldOpen(Path generation) throws IOException {
        String prefix = generation.toRealPath().toString();
        List<String> held = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (line.contains(prefix)) {
                held.add(line.substring(line.indexOf(prefix)));
            }
        }
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(prefix)) {
                        held.add(target);
                    }
                } catch (IOException ignored) {
                    // The descriptor was closed while listing.
                }
            }
        }
        return held;
    }

    @Test
    void should_prepare_a_new_generation_while_the_old_one_still_serves_and_swap_even_when_preparing_fails() {
        // given: a served generation, a warmer that notes what it sees, and one that fails
        String first = goodGeneration();
        LiveIndex index = LiveIndex.open(indexRoot).orElseThrow();
        List<String> seen = new java.util.ArrayList<>();
        java.util.function.Consumer<LiveIndex.Generation> noting = g -> seen.add(g.name() + " while " + index.generation().name());
        java.util.function.Consumer<LiveIndex.Generation> failing = g -> {
            throw new IllegalStateException("out of memory, say");
        };
        index.addWarmer(failing);
        index.addWarmer(noting);

        // when: a new generation is built and picked up
        String second = goodGeneration();
        index.refresh();

        // then: it was prepared while the first still served, then it serves
        assertThat(seen).containsExactly(second + " while " + first);
        assertThat(index.generation().name()).isEqualTo(second);
        index.close();
    }

    @Test
    void should_release_the_files_of_a_generation_that_cannot_be_opened() throws IOException {
        assumeThat(Path.of("/proc/self/maps")).isReadable();
        // given
        Path damaged = damagedGeneration(layout);

        // when / then
        assertThatThrownBy(() -> LiveIndex.open(indexRoot)).isInstanceOf(IndexException.class)
                .hasMessageContaining(damaged.getFileName().toString());
        assertThat(filesHeldOpen(damaged)).isEmpty();
    }

    @Test
    void should_keep_serving_and_not_reopen_a_damaged_generation_on_every_refresh() throws IOException {
        assumeThat(Path.of("/proc/self/maps")).isReadable();
        // given: a server on a good generation, then CURRENT names a damaged one
        String good = goodGeneration();
        try (LiveIndex live = LiveIndex.open(indexRoot).orElseThrow()) {
            Path damaged = damagedGeneration(layout);

            // when: the watcher refreshes again and again
            assertThatThrownBy(live::refresh).isInstanceOf(IndexException.class)
                    .hasMessageContaining(damaged.getFileName().toString());
            for (int i = 0; i < 5; i++) {
                assertThat(live.refresh()).isTrue();
            }

            // then
            assertThat(live.generation().name()).isEqualTo(good);
            assertThat(live.generation().passages()).isNotEmpty();
            assertThat(filesHeldOpen(damaged)).isEmpty();
        }
    }

    @Test
    void should_serve_the_earlier_generation_when_the_vector_file_of_the_current_one_fails_its_checksum()
            throws IOException {
        // given: a good generation, then one with vectors whose vector file has one byte changed
        String earlier = goodGeneration();
        List<Article> articles = new ArticleReader().parse("b.txt", "# 有向量的索引\n\n这一代索引带着向量文件，甲乙丙丁。\n");
        Path withVectors = new IndexBuilder(layout).build(articles, new Chunker().chunkAll(articles),
                new IndexServiceTest.CountingEmbedder(), null, "fingerprint-2", null).generation();
        Path vectors = withVectors.resolve(VectorFile.NAME);
        byte[] bytes = Files.readAllBytes(vectors);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(vectors, bytes);

        // when
        try (LiveIndex live = LiveIndex.open(indexRoot).orElseThrow()) {

            // then
            assertThat(live.generation().name()).isEqualTo(earlier);
            assertThat(live.needsRebuild()).isTrue();
            assertThat(layout.current()).hasValueSatisfying(p -> assertThat(p.getFileName()).hasToString(earlier));
        }
    }

    @Test
    void should_serve_the_earlier_generation_when_an_index_file_of_the_current_one_fails_its_checksum()
            throws IOException {
        // given: a good generation, then one whose largest index file has the last byte of its
        // checksum changed: opening it reads no wrong byte, only checking the whole file tells
        String earlier = goodGeneration();
        List<Article> articles = new ArticleReader().parse("b.txt", "# 另一代索引\n\n这一代索引的一个文件坏了一个字节，甲乙丙丁。\n");
        Path later = new IndexBuilder(layout).build(articles, new Chunker().chunkAll(articles), null, null, "fingerprint-2", null)
                .generation();
        Path largest;
        try (Stream<Path> files = Files.list(later)) {
            largest = files.filter(f -> !f.getFileName().toString().startsWith("segments")
                            && !f.getFileName().toString().equals("write.lock"))
                    .max(Comparator.comparingLong(f -> f.toFile().length())).orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(largest);
        bytes[bytes.length - 1] ^= 0x01;
        Files.write(largest, bytes);

        // when
        try (LiveIndex live = LiveIndex.open(indexRoot).orElseThrow()) {

            // then
            assertThat(live.generation().name()).isEqualTo(earlier);
            assertThat(live.needsRebuild()).isTrue();
        }
    }

    @Test
    void should_open_a_generation_built_after_a_damaged_one() throws IOException {
        // given
        damagedGeneration(layout);
        assertThatThrownBy(() -> LiveIndex.open(indexRoot)).isInstanceOf(IndexException.class);

        // when
        String good = goodGeneration();

        // then
        try (LiveIndex live = LiveIndex.open(indexRoot).orElseThrow()) {
            assertThat(live.generation().name()).isEqualTo(good);
        }
    }
}
