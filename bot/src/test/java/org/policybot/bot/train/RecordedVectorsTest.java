package org.policybot.bot.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.api.UsageException;
import org.policybot.retrieval.embed.Embedder;

class RecordedVectorsTest {

    @TempDir
    Path dir;

    /** Unit vectors made from the text, counting what it was asked to embed. */
    static final class CountingEmbedder implements Embedder {
        final String name;
        final List<String> embedded = new ArrayList<>();

        CountingEmbedder(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int dimensions() {
            return 3;
        }

        @Override
        public List<float[]> embedPassages(List<String> texts) {
            embedded.addAll(texts);
            return texts.stream().map(CountingEmbedder::vector).toList();
        }

        @Override
        public float[] embedQuery(String query) {
            embedded.add(query);
            return vector("query: " + query);
        }

        static float[] vector(String text) {
            double a = text.hashCode() % 1000 / 1000.0;
            double b = text.length() / 100.0;
            double n = Math.sqrt(a * a + b * b + 1);
            return new float[] {(float) (a / n), (float) (b / n), (float) (1 / n)};
        }
    }

    @Test
    void should_hand_a_later_run_the_very_vectors_the_first_run_used_without_embedding() throws IOException {
        Path file = dir.resolve("vectors.bin");
        CountingEmbedder first = new CountingEmbedder("m");
        RecordedVectors a = RecordedVectors.open(file, first);
        List<float[]> passages = a.embedPassages(List.of("养老保险关系转移", "退役军人"));
        float[] query = a.embedQuery("转移要多久");
        assertThat(a.embedded()).isEqualTo(3);
        // What was handed out is already in the file's form, close to the model's own vector.
        assertThat(passages.get(0)).usingElementComparator((x, y) -> Math.abs(x - y) <= 1 / 32767f ? 0 : 1)
                .containsExactly(CountingEmbedder.vector("养老保险关系转移"));
        a.write(file);

        CountingEmbedder second = new CountingEmbedder("m");
        RecordedVectors b = RecordedVectors.open(file, second);
        List<float[]> again = b.embedPassages(List.of("退役军人", "养老保险关系转移"));
        assertThat(again.get(0)).containsExactly(passages.get(1));
        assertThat(again.get(1)).containsExactly(passages.get(0));
        assertThat(b.embedQuery("转移要多久")).containsExactly(query);
        assertThat(second.embedded).isEmpty();
        assertThat(b.embedded()).isZero();
        assertThat(b.digest()).isEqualTo(a.digest());
    }

    @Test
    void should_tell_a_passage_from_a_query_of_the_same_text() {
        CountingEmbedder model = new CountingEmbedder("m");
        RecordedVectors r = RecordedVectors.open(dir.resolve("none.bin"), model);
        float[] passage = r.embedPassages(List.of("12333")).get(0);
        float[] query = r.embedQuery("12333");
        assertThat(Arrays.equals(passage, query)).isFalse();
        assertThat(model.embedded).containsExactly("12333", "12333");
    }

    @Test
    void should_keep_only_the_vectors_this_run_used() throws IOException {
        Path file = dir.resolve("vectors.bin");
        RecordedVectors a = RecordedVectors.open(file, new CountingEmbedder("m"));
        a.embedPassages(List.of("甲", "乙"));
        a.write(file);
        RecordedVectors b = RecordedVectors.open(file, new CountingEmbedder("m"));
        b.embedPassages(List.of("乙"));
        b.write(file);

        CountingEmbedder third = new CountingEmbedder("m");
        RecordedVectors c = RecordedVectors.open(file, third);
        c.embedPassages(List.of("甲", "乙"));
        assertThat(third.embedded).containsExactly("甲");
    }

    @Test
    void should_write_equal_files_for_equal_runs_whatever_the_order() throws IOException {
        RecordedVectors a = RecordedVectors.open(dir.resolve("none.bin"), new CountingEmbedder("m"));
        a.embedPassages(List.of("甲", "乙", "丙"));
        RecordedVectors b = RecordedVectors.open(dir.resolve("none.bin"), new CountingEmbedder("m"));
        b.embedPassages(List.of("丙"));
        b.embedPassages(List.of("乙", "甲"));
        a.write(dir.resolve("a.bin"));
        b.write(dir.resolve("b.bin"));
        assertThat(Files.readAllBytes(dir.resolve("a.bin"))).isEqualTo(Files.readAllBytes(dir.resolve("b.bin")));
        assertThat(a.digest()).isEqualTo(b.digest());
    }

    @Test
    void should_ignore_the_vectors_of_another_model() throws IOException {
        Path file = dir.resolve("vectors.bin");
        RecordedVectors a = RecordedVectors.open(file, new CountingEmbedder("old"));
        a.embedPassages(List.of("甲"));
        a.write(file);
        CountingEmbedder other = new CountingEmbedder("new");
        RecordedVectors.open(file, other).embedPassages(List.of("甲"));
        assertThat(other.embedded).containsExactly("甲");
    }

    @Test
    void should_refuse_a_file_cut_short_or_not_its_own_with_a_clear_reason() throws IOException {
        Path file = dir.resolve("vectors.bin");
        RecordedVectors a = RecordedVectors.open(file, new CountingEmbedder("m"));
        a.embedPassages(List.of("甲", "乙"));
        a.write(file);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 3));
        assertThatThrownBy(() -> RecordedVectors.open(file, new CountingEmbedder("m")))
                .isInstanceOf(UsageException.class).hasMessageContaining("cut short");

        Files.write(file, Arrays.copyOf(whole, whole.length + 1));
        assertThatThrownBy(() -> RecordedVectors.open(file, new CountingEmbedder("m")))
                .isInstanceOf(UsageException.class).hasMessageContaining("bytes after");

        Files.writeString(file, "{\"not\": \"vectors\"}", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RecordedVectors.open(file, new CountingEmbedder("m")))
                .isInstanceOf(UsageException.class).hasMessageContaining("not a file of recorded vectors");
    }
}
