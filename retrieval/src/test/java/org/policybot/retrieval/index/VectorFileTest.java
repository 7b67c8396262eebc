package org.policybot.retrieval.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.retrieval.embed.Floats;
import org.policybot.retrieval.embed.Q15;
import org.policybot.retrieval.embed.PassageVectors;

class VectorFileTest {

    @TempDir
    Path generation;

    static final float[] PASSAGE = {0.6f, -0.8f, 0f};
    static final float[] SENTENCE = {0.1f, 0.2f, -0.97467945f};

    @Test
    void should_read_back_the_vectors_it_wrote_a_short_sentence_without_one() throws IOException {
        Map<String, PassageVectors> vectors = new LinkedHashMap<>();
        vectors.put("a#0", new PassageVectors(Q15.of(PASSAGE), new short[][] {Q15.of(SENTENCE), null}));

        VectorFile.write(generation, vectors);
        Map<String, PassageVectors> read = VectorFile.read(generation);

        assertThat(read).containsOnlyKeys("a#0");
        assertThat(read.get("a#0").passage()).containsExactly(Q15.of(PASSAGE));
        assertThat(read.get("a#0").sentenceCount()).isEqualTo(2);
        assertThat(read.get("a#0").sentences()[0]).containsExactly(Q15.of(SENTENCE));
        assertThat(read.get("a#0").sentences()[1]).isNull();
        assertThat(Files.size(generation.resolve(VectorFile.NAME))).as("two bytes a value")
                .isLessThan(4 + 4 + 5 + 4 + 6 + 4 + 4 + 6 + 4 + 4 + 1);
    }

    @Test
    void should_read_a_file_of_32_bit_floats_written_before_and_round_it() throws IOException {
        // given: a generation written in the earlier format
        writtenAsFloats();

        Map<String, PassageVectors> read = VectorFile.read(generation);

        assertThat(read.get("a#0").passage()).containsExactly(Q15.of(PASSAGE));
        assertThat(read.get("a#0").sentenceCosine(SENTENCE, 0)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(3e-3));
    }

    /** {@code vectors.bin} in the earlier format ("PVE2": 32-bit floats, with a checksum), passage "a#0" in it. */
    void writtenAsFloats() throws IOException {
        CheckedOutputStream checked = new CheckedOutputStream(Files.newOutputStream(generation.resolve(VectorFile.NAME)), new CRC32());
        try (DataOutputStream out = new DataOutputStream(checked)) {
            out.writeInt(0x50564532);
            out.writeInt(1);
            out.writeUTF("a#0");
            out.writeInt(PASSAGE.length);
            out.write(Floats.bytes(PASSAGE));
            out.writeInt(1);
            out.writeInt(SENTENCE.length);
            out.write(Floats.bytes(SENTENCE));
            out.writeInt((int) checked.getChecksum().getValue());
        }
    }

    static PassageVectors vectors(float first) {
        return new PassageVectors(Q15.of(new float[] {first, 0.5f, 0f}), new short[][] {Q15.of(SENTENCE)});
    }

    /** A file of records, each passage's first value given. */
    void written(String name, Map<String, Float> firsts) throws IOException {
        Map<String, PassageVectors> records = new LinkedHashMap<>();
        firsts.forEach((id, first) -> records.put(id, vectors(first)));
        VectorFile.write(generation, name, records.size(), records.entrySet().iterator());
    }

    @Test
    void should_read_a_later_files_record_of_a_passage_in_place_of_an_earlier_ones_and_only_the_passages_asked_for()
            throws IOException {
        // given: the files of a generation and of one built on it, which wrote "b" again and added "d"
        written(VectorFile.NAME, new java.util.TreeMap<>(Map.of("a", 0.1f, "b", 0.2f, "c", 0.3f)));
        written("vectors-gen-2.bin", new java.util.TreeMap<>(Map.of("b", -0.2f, "d", 0.4f)));

        // when: the later generation, which no longer has "c", is read
        Map<String, PassageVectors> read = VectorFile.read(generation, List.of(VectorFile.NAME, "vectors-gen-2.bin"),
                java.util.Set.of("a", "b", "d"));

        // then
        assertThat(read).containsOnlyKeys("a", "b", "d");
        assertThat(read.get("a").passage()).containsExactly(vectors(0.1f).passage());
        assertThat(read.get("b").passage()).containsExactly(vectors(-0.2f).passage());
        assertThat(read.get("d").passage()).containsExactly(vectors(0.4f).passage());
        assertThat(read.get("d").sentences()[0]).containsExactly(Q15.of(SENTENCE));
        assertThat(VectorFile.files(Map.of(Fields.META_VECTOR_FILES, VectorFile.NAME + ",vectors-gen-2.bin")))
                .containsExactly(VectorFile.NAME, "vectors-gen-2.bin");
        assertThat(VectorFile.files(Map.of())).as("written before there were parts").containsExactly(VectorFile.NAME);
    }

    @Test
    void should_add_a_file_only_while_records_of_passages_gone_stay_within_a_quarter() throws IOException {
        // given: a generation of eight passages in one file
        Map<String, Float> eight = new java.util.TreeMap<>();
        for (int i = 0; i < 8; i++) {
            eight.put("p" + i, i / 10f);
        }
        written(VectorFile.NAME, eight);
        List<String> files = List.of(VectorFile.NAME);

        // then: writing two again leaves two stale records in ten (a quarter of eight passages); three, three
        assertThat(VectorFile.extendable(generation, files, 8, 2)).isTrue();
        assertThat(VectorFile.extendable(generation, files, 8, 3)).isFalse();
        // and the files kept count, as does whether they can be read at all
        List<String> many = java.util.Collections.nCopies(VectorFile.MAX_FILES, VectorFile.NAME);
        assertThat(VectorFile.extendable(generation, many, 100, 1)).isFalse();
        assertThat(VectorFile.extendable(generation, List.of(VectorFile.NAME, "vectors-gone.bin"), 8, 1)).isFalse();
    }

    @Test
    void should_neither_combine_nor_add_to_a_file_of_32_bit_floats() throws IOException {
        // given: a file of floats written before, and a later file of 16-bit values
        writtenAsFloats();
        written("vectors-gen-2.bin", Map.of("a", 0.1f));

        assertThat(VectorFile.extendable(generation, List.of(VectorFile.NAME), 10, 1)).isFalse();
        assertThatThrownBy(() -> VectorFile.read(generation, List.of(VectorFile.NAME, "vectors-gen-2.bin"), null))
                .isInstanceOf(IOException.class).hasMessageContaining("32-bit");
    }

    @Test
    void should_refuse_a_file_whose_bytes_changed() throws IOException {
        VectorFile.write(generation, Map.of("a#0", new PassageVectors(Q15.of(PASSAGE), new short[][] {Q15.of(SENTENCE)})));
        Path file = generation.resolve(VectorFile.NAME);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 8] ^= 0x10;
        Files.write(file, bytes);

        assertThatThrownBy(() -> VectorFile.read(generation)).isInstanceOf(IOException.class).hasMessageContaining("checksum");
    }

    @Test
    void should_map_a_file_in_parts_and_read_every_passage_from_the_right_one() throws IOException {
        // given: forty passages of three-value vectors, some sentences too short to have one
        Map<String, PassageVectors> written = new LinkedHashMap<>();
        java.util.Random random = new java.util.Random(3);
        for (int p = 0; p < 40; p++) {
            short[][] sentences = new short[p % 4][];
            for (int s = 0; s < sentences.length; s++) {
                sentences[s] = s == 1 ? null : Q15.of(new float[] {random.nextFloat(), -random.nextFloat(), 0.5f});
            }
            written.put("doc" + p + "#" + p, new PassageVectors(Q15.of(new float[] {random.nextFloat(), 0f, -1f}), sentences));
        }
        VectorFile.write(generation, written);

        // when: mapped in parts of at most 100 bytes (a record is 14 to 50), and whole
        Map<String, PassageVectors> parts = VectorFile.read(generation, 100);
        Map<String, PassageVectors> whole = VectorFile.read(generation);

        // then
        for (Map<String, PassageVectors> read : List.of(parts, whole)) {
            assertThat(read).hasSize(40);
            assertThat(read.keySet()).containsExactlyElementsOf(written.keySet());
            for (Map.Entry<String, PassageVectors> e : written.entrySet()) {
                PassageVectors back = read.get(e.getKey());
                assertThat(back.passage()).containsExactly(e.getValue().passage());
                assertThat(back.sentenceCount()).isEqualTo(e.getValue().sentenceCount());
                for (int s = 0; s < back.sentences().length; s++) {
                    assertThat(back.sentences()[s]).isEqualTo(e.getValue().sentences()[s]);
                }
            }
            assertThat(read.get("doc99#99")).isNull();
            assertThat(read.containsKey("doc7#7")).isTrue();
            assertThat(read.containsKey("doc99#99")).isFalse();
        }
    }

    @Test
    void should_refuse_a_record_larger_than_a_mapped_part() throws IOException {
        VectorFile.write(generation, Map.of("a#0", new PassageVectors(Q15.of(new float[64]), new short[0][])));

        assertThatThrownBy(() -> VectorFile.read(generation, 100)).isInstanceOf(IOException.class).hasMessageContaining("a record of");
    }

    @Test
    void should_refuse_a_truncated_file() throws IOException {
        VectorFile.write(generation, Map.of("a#0", new PassageVectors(Q15.of(PASSAGE), new short[][] {Q15.of(SENTENCE)})));
        Path file = generation.resolve(VectorFile.NAME);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 9));

        assertThatThrownBy(() -> VectorFile.read(generation)).isInstanceOf(IOException.class).hasMessageContaining("truncated");
    }
}
