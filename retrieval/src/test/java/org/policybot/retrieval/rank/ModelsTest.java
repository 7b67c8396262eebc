package org.policybot.retrieval.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsTest {

    @TempDir
    Path dir;

    private static LinearModel model(List<String> names, double w) {
        double[] weights = new double[names.size()];
        java.util.Arrays.fill(weights, w);
        double[] scale = new double[names.size()];
        java.util.Arrays.fill(scale, 2);
        return new LinearModel(names, new double[names.size()], scale, weights, -0.5);
    }

    @Test
    void should_read_back_what_it_wrote() throws Exception {
        Models.Variant hybrid = new Models.Variant(model(List.of("a", "b"), 1.5), model(List.of("c"), -2),
                model(List.of("d", "e"), 0.25), 0.8, 0.3);
        Models.Variant lexical = new Models.Variant(model(List.of("a", "b"), 0.5), model(List.of("c"), 1),
                model(List.of("d", "e"), 0.75), 0.7, 0.2);
        Models m = new Models(Models.FORMAT, "abc123", hybrid, lexical, null);
        Path file = dir.resolve("models.json");

        m.write(file);
        Models back = Models.read(file);

        assertThat(back.dataHash()).isEqualTo("abc123");
        assertThat(back.variant(true).answerThreshold()).isEqualTo(0.8);
        assertThat(back.variant(false).relatedThreshold()).isEqualTo(0.2);
        assertThat(back.variant(true).passages().logit(new double[] {2, 4})).isEqualTo(hybrid.passages().logit(new double[] {2, 4}));
        assertThat(back.variant(false).answers().features()).containsExactly("d", "e");
    }

    @Test
    void should_refuse_a_file_of_another_format_and_a_model_whose_features_the_code_does_not_compute() throws Exception {
        Path file = dir.resolve("old.json");
        Files.writeString(file, "{\"version\": 99}");

        assertThatThrownBy(() -> Models.read(file)).hasMessageContaining("format");
        assertThatThrownBy(() -> Models.checkFeatures(model(List.of("a"), 1), List.of("a", "b"), "passage"))
                .hasMessageContaining("chatbot train");
    }

    @Test
    void should_load_the_bundled_models_for_the_features_the_code_computes() {
        Models m = Models.bundled();

        assertThat(m.dataHash()).hasSize(64);
        assertThat(m.variant(true).relatedThreshold()).isLessThanOrEqualTo(m.variant(true).answerThreshold());
        Models.checkFeatures(m.variant(true).passages(), org.policybot.retrieval.search.PassageFeatures.NAMES, "passage");
    }

    @Test
    void should_know_nothing_before_fitting() {
        Models m = Models.untrained(List.of("a"), List.of("b"), List.of("c"));

        assertThat(m.variant(true).answers().probability(new double[] {42})).isEqualTo(0.5);
    }
}
