package org.policybot.retrieval.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vector cache computes only texts it has not seen, keeps across processes exactly the
 * vectors it computed (rounded to 16 bits once), and drops the vectors of texts the last
 * build no longer asked for. Its vectors stay on disk until a list asks for one.
 */
class VectorCacheTest {

    @TempDir
    Path dir;

    /** Vectors made from the text's bytes, including values a float-by-float copy must keep (negative zero, NaN, tiny). */
    static final class CountingEmbedder implements Embedder {
        final List<String> embedded = new ArrayList<>();

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public int dimensions() {
            return 5;
        }

        @Override
        public List<float[]> embedPassages(List<String> texts) {
            embedded.addAll(texts);
            return texts.stream().map(CountingEmbedder::vector).toList();
        }

        @Override
        public float[] embedQuery(String query) {
            return vector(query);
        }

        static float[] vector(String text) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            return new float[] {b.length, -0.0f, Float.MIN_VALUE, b[0] / 3.0f, Float.intBitsToFloat(0x7fc00001)};
        }
    }

    /** The cache file gives every one of the texts' vectors without embedding any. */
    static void assertCachedWhole(Path file, CountingEmbedder model, List<String> texts) {
        model.embedded.clear();
        try (VectorCache cache = VectorCache.open(file)) {
            assertEmbeddingsOf(cache.vectorsFor(texts, model), texts);
        }
        assertThat(model.embedded).isEmpty();
    }

    /** A cache file holding the texts' vectors, saved by a build that asked for them. */
    static void saved(Path file, CountingEmbedder model, List<String> texts) {
        try (VectorCache cache = VectorCache.open(file)) {
            cache.vectorsFor(texts, model);
            cache.retainAskedAndSave();
        }
    }

    /** Each vector is its text's embedding, rounded to 16 bits. */
    static void assertEmbeddingsOf(List<short[]> vectors, List<String> texts) {
        assertThat(vectors).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            assertThat(vectors.get(i)).as(texts.get(i)).containsExactly(Q15.of(CountingEmbedder.vector(texts.get(i))));
        }
    }

    @Test
    void should_keep_across_processes_the_vectors_last_asked_for_and_nothing_else() {
        // given: a build asked for three texts, then a build asked for two of them and a new one
        // (one stale in three: more than a quarter, so the file is written anew)
        Path file = dir.resolve("vectors/passages.bin");
        CountingEmbedder model = new CountingEmbedder();
        VectorCache first = VectorCache.open(file);
        first.vectorsFor(List.of("养老保险", "医疗保险", "失业保险"), model);
        first.retainAskedAndSave();
        VectorCache second = VectorCache.open(file);
        second.vectorsFor(List.of("养老保险", "医疗保险", "工伤保险"), model);
        second.retainAskedAndSave();
        assertThat(model.embedded).containsExactly("养老保险", "医疗保险", "失业保险", "工伤保险");

        // when: a third process asks for all four
        model.embedded.clear();
        List<short[]> vectors = VectorCache.open(file).vectorsFor(List.of("养老保险", "医疗保险", "工伤保险", "失业保险"), model);

        // then: only the text the second build did not ask for is embedded again, and the kept vectors are
        // bit for bit the ones first computed, rounded to 16 bits
        assertThat(model.embedded).containsExactly("失业保险");
        for (int i = 0; i < 4; i++) {
            float[] expected = CountingEmbedder.vector(List.of("养老保险", "医疗保险", "工伤保险", "失业保险").get(i));
            assertThat(vectors.get(i)).containsExactly(Q15.of(expected));
        }
    }

    @Test
    void should_append_the_new_vectors_while_few_are_stale_and_keep_the_stale_ones_until_then() throws Exception {
        // given: a cache of eight texts
        Path file = dir.resolve("vectors/passages.bin");
        CountingEmbedder model = new CountingEmbedder();
        List<String> texts = new ArrayList<>(List.of("甲县养老", "乙县医疗", "丙县失业", "丁县工伤", "戊县生育", "己县住房", "庚县低保", "辛县救助"));
        saved(file, model, texts);
        byte[] before = java.nio.file.Files.readAllBytes(file);

        // when: a build asks for seven of them and a new one (one stale in eight)
        texts.set(7, "壬县公积金");
        try (VectorCache second = VectorCache.open(file)) {
            second.vectorsFor(texts, model);
            second.retainAskedAndSave();
        }

        // then: the file is the old records, the new one appended, and a count of nine
        byte[] after = java.nio.file.Files.readAllBytes(file);
        int record = 32 + 4 + 5 * 2;
        assertThat(after).hasSize(before.length + record);
        assertThat(java.util.Arrays.copyOfRange(after, 8, before.length)).isEqualTo(java.util.Arrays.copyOfRange(before, 8, before.length));
        assertThat(java.nio.ByteBuffer.wrap(after, 4, 4).getInt()).isEqualTo(9);
        // and every vector, the stale one's too, is read back without embedding it again
        model.embedded.clear();
        List<String> all = new ArrayList<>(texts);
        all.add("辛县救助");
        try (VectorCache third = VectorCache.open(file)) {
            assertEmbeddingsOf(third.vectorsFor(all, model), all);
        }
        assertThat(model.embedded).isEmpty();
    }

    @Test
    void should_keep_every_vector_when_a_build_asked_only_for_the_texts_it_writes_again() {
        // given: a cache of four texts
        Path file = dir.resolve("vectors/passages.bin");
        CountingEmbedder model = new CountingEmbedder();
        List<String> texts = List.of("甲县养老", "乙县医疗", "丙县失业", "丁县工伤");
        saved(file, model, texts);

        // when: a build asks for one new text only, the rest being kept elsewhere
        try (VectorCache second = VectorCache.open(file)) {
            second.vectorsFor(List.of("戊县生育"), model);
            second.addAskedAndSave();
        }

        // then: all five are read back without embedding any again (retaining the asked one
        // would have dropped four in five)
        assertCachedWhole(file, model, List.of("甲县养老", "乙县医疗", "丙县失业", "丁县工伤", "戊县生育"));
    }

    @Test
    void should_keep_every_vector_it_read_when_a_build_that_asked_for_a_few_writes_a_file_another_process_replaced() {
        // given: a cache of four texts; this build reads it and asks for one text and one new one
        Path file = dir.resolve("vectors/passages.bin");
        CountingEmbedder model = new CountingEmbedder();
        List<String> four = List.of("甲县养老", "乙县医疗", "丙县失业", "丁县工伤");
        saved(file, model, four);
        try (VectorCache mine = VectorCache.open(file)) {
            mine.vectorsFor(List.of("甲县养老", "戊县生育"), model);
            // another process writes the file anew meanwhile, with one text of its own
            saved(file, model, List.of("己县住房"));

            // when: this build keeps what it computed and everything else it had
            mine.addAskedAndSave();
        }

        // then: the file, written anew from this build's cache, holds all five it knew
        assertCachedWhole(file, model, List.of("甲县养老", "乙县医疗", "丙县失业", "丁县工伤", "戊县生育"));
    }

    @Test
    void should_ignore_records_past_the_count_that_a_stopped_append_left_and_write_over_them() throws Exception {
        Path file = dir.resolve("vectors/passages.bin");
        CountingEmbedder model = new CountingEmbedder();
        saved(file, model, List.of("养老保险", "医疗保险", "失业保险", "工伤保险"));
        // a process stopped after appending part of a record, before counting it
        java.nio.file.Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7}, java.nio.file.StandardOpenOption.APPEND);

        try (VectorCache second = VectorCache.open(file)) {
            second.vectorsFor(List.of("养老保险", "医疗保险", "失业保险", "工伤保险", "生育保险"), model);
            second.retainAskedAndSave();
        }

        model.embedded.clear();
        try (VectorCache third = VectorCache.open(file)) {
            assertEmbeddingsOf(third.vectorsFor(List.of("生育保险", "养老保险"), model), List.of("生育保险", "养老保险"));
        }
        assertThat(model.embedded).isEmpty();
    }

    @Test
    void should_write_the_file_anew_when_another_process_wrote_or_appended_to_it_since_it_was_read() throws Exception {
        Path file = dir.resolve("vectors/passages.bin");
        CountingEmbedder model = new CountingEmbedder();
        List<String> eight = List.of("甲县养老", "乙县医疗", "丙县失业", "丁县工伤", "戊县生育", "己县住房", "庚县低保", "辛县救助");
        saved(file, model, eight);
        for (boolean rewritten : List.of(true, false)) {
            // given: two processes read the cache; the other saves first, writing it anew (most of its
            // texts are new) or appending to it (one is)
            VectorCache mine = VectorCache.open(file);
            List<String> theirs = new ArrayList<>(rewritten ? List.of("甲县养老", "壬县公积金", "癸县医保", "子县残疾")
                    : eight.subList(0, 7));
            theirs.add("寅县就业" + rewritten);
            saved(file, model, theirs);

            // when: this one saves what it asked for
            List<String> asked = new ArrayList<>(eight.subList(0, 7));
            asked.add("卯县培训" + rewritten);
            mine.vectorsFor(asked, model);
            mine.retainAskedAndSave();
            mine.close();

            // then: the file reads whole, with every vector this one asked for as computed
            model.embedded.clear();
            try (VectorCache after = VectorCache.open(file)) {
                assertEmbeddingsOf(after.vectorsFor(asked, model), asked);
            }
            assertThat(model.embedded).as("rewritten: " + rewritten).isEmpty();
        }
    }

    @Test
    void should_write_the_file_anew_when_it_was_removed_since_it_was_read() throws Exception {
        Path file = dir.resolve("vectors/passages.bin");
        CountingEmbedder model = new CountingEmbedder();
        saved(file, model, List.of("养老保险", "医疗保险", "失业保险", "工伤保险"));
        try (VectorCache second = VectorCache.open(file)) {
            second.vectorsFor(List.of("养老保险", "医疗保险", "失业保险", "工伤保险", "生育保险"), model);
            java.nio.file.Files.delete(file);

            second.retainAskedAndSave();
        }

        model.embedded.clear();
        try (VectorCache third = VectorCache.open(file)) {
            third.vectorsFor(List.of("生育保险", "养老保险"), model);
        }
        assertThat(model.embedded).isEmpty();
    }

    @Test
    void should_read_a_cache_of_32_bit_floats_written_before_and_round_it() throws Exception {
        // given: a cache file in the earlier format ("VEC1"), holding one text's vector
        Path file = dir.resolve("vectors/passages.bin");
        java.nio.file.Files.createDirectories(file.getParent());
        float[] old = {0.1f, -0.2f, 0.3f, 0.4f, 0.5f};
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(java.nio.file.Files.newOutputStream(file))) {
            out.writeInt(0x56454331);
            out.writeInt(1);
            out.write(java.util.HexFormat.of().parseHex(VectorCache.key("counting", "养老保险")));
            out.writeInt(old.length);
            out.write(Floats.bytes(old));
        }
        CountingEmbedder model = new CountingEmbedder();

        // when
        List<short[]> vectors = VectorCache.open(file).vectorsFor(List.of("养老保险"), model);

        // then: the old vector is used, rounded, and nothing is embedded again
        assertThat(model.embedded).isEmpty();
        assertThat(vectors.get(0)).containsExactly(Q15.of(old));
    }

    @Test
    void should_keep_computed_vectors_in_a_file_until_saved_and_read_them_from_disk() throws Exception {
        // given
        Path file = dir.resolve("vectors/passages.bin");
        CountingEmbedder model = new CountingEmbedder();
        List<String> texts = List.of("养老保险", "医疗保险", "养老保险");
        try (VectorCache cache = VectorCache.open(file)) {

            // when
            List<short[]> vectors = cache.vectorsFor(texts, model);

            // then: the computed vectors are in a file of their own beside the cache, read back on demand
            assertThat(computingFiles()).hasSize(1);
            assertThat(java.nio.file.Files.size(computingFiles().get(0))).as("two vectors of five 16-bit values and their counts")
                    .isEqualTo(2 * (4 + 5 * 2));
            assertThat(model.embedded).containsExactly("养老保险", "医疗保险");
            assertThat(vectors).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(vectors.get(i)).containsExactly(Q15.of(CountingEmbedder.vector(texts.get(i))));
            }

            // and when saved: the cache file holds them, the file of computed ones is gone, and the list still reads
            cache.retainAskedAndSave();
            assertThat(computingFiles()).isEmpty();
            assertThat(vectors.get(1)).containsExactly(Q15.of(CountingEmbedder.vector("医疗保险")));
        }
        assertThat(java.nio.file.Files.size(file)).isEqualTo(8 + 2 * (32 + 4 + 5 * 2));
    }

    @Test
    void should_refuse_to_read_once_closed_and_leave_no_file_of_computed_vectors() throws Exception {
        Path file = dir.resolve("vectors/passages.bin");
        VectorCache cache = VectorCache.open(file);
        List<short[]> vectors = cache.vectorsFor(List.of("养老保险"), new CountingEmbedder());

        cache.close();

        assertThat(computingFiles()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> vectors.get(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void should_remove_computed_vectors_a_stopped_process_left_an_hour_ago_and_keep_recent_ones() throws Exception {
        // given: two files of computed vectors, one untouched for two hours, one written a minute ago
        Path file = dir.resolve("vectors/passages.bin");
        java.nio.file.Files.createDirectories(file.getParent());
        Path old = java.nio.file.Files.writeString(file.resolveSibling("passages.bin.111.computing"), "x");
        Path recent = java.nio.file.Files.writeString(file.resolveSibling("passages.bin.222.computing"), "x");
        java.nio.file.Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(7200)));
        java.nio.file.Files.setLastModifiedTime(recent, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(60)));

        // when
        VectorCache.open(file).close();

        // then
        assertThat(old).doesNotExist();
        assertThat(recent).exists();
    }

    private List<Path> computingFiles() throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir.resolve("vectors"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".computing")).toList();
        }
    }
}
