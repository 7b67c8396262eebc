package org.policybot.bot.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.TestSettings;
import org.policybot.bot.cli.TrainCommand;
import org.policybot.config.Settings;
import org.policybot.retrieval.Retrieval;
import org.policybot.retrieval.rank.Models;

/**
 * The models shipped in the jar come from the project's labelled sets by {@code chatbot train}
 * and nothing else: fitting them again here gives the same data hash, the same thresholds and
 * the cross-validated and cross-corpus metrics recorded in the file, from the vectors that
 * run recorded; and those metrics stay above the floors the project holds itself to.
 */
@Tag("bundled-corpus")
class ShippedModelsTest {

    @TempDir
    static Path data;

    static Models shipped;
    static Models again;
    static RecordedVectors recorded;

    @BeforeAll
    static void fitAgain() throws Exception {
        shipped = Models.bundled();
        Settings settings = TestSettings.of(data, Map.of("CHATBOT_RETRIEVAL_VECTORS", "true"));
        Path home = TestSettings.bundledArticles().getParent();
        int folds = shipped.metrics().path("folds").asInt(5);
        // The vectors the shipped models were fitted on: the quantized model's kernels differ
        // between processors, and the fit must not depend on the machine the test runs on.
        recorded = RecordedVectors.open(home.resolve(TrainCommand.VECTORS), Retrieval.embedderFor(settings).orElseThrow());
        // And the day they were fitted on: relative years in the questions ("去年") count from it.
        LocalDate asOf = LocalDate.parse(shipped.metrics().path("asOf").asText());
        again = new Training(settings, Optional.of(recorded), folds, asOf, new PrintWriter(new StringWriter()))
                .run(Training.defaultCorpora(home));
    }

    @Test
    void should_be_fitted_on_the_recorded_vectors_and_those_alone() {
        assertThat(recorded.embedded()).as("texts missing from " + TrainCommand.VECTORS + ": run 'chatbot train'").isZero();
        assertThat(again.metrics().path("vectors").asText()).isEqualTo(shipped.metrics().path("vectors").asText());
    }

    @Test
    void should_be_fitted_on_the_project_sets_as_they_are_now() {
        assertThat(again.dataHash()).as("run 'chatbot train' after changing eval/ or articles/").isEqualTo(shipped.dataHash());
    }

    @Test
    void should_reproduce_the_recorded_metrics_and_thresholds() {
        List<String> differences = new ArrayList<>();
        compare("", shipped.metrics(), again.metrics(), differences);
        assertThat(differences).as("metrics that differ from the models file by more than 0.01").isEmpty();
        for (boolean vectors : List.of(true, false)) {
            assertThat(again.variant(vectors).answerThreshold())
                    .isCloseTo(shipped.variant(vectors).answerThreshold(), org.assertj.core.data.Offset.offset(0.02));
            assertThat(again.variant(vectors).relatedThreshold())
                    .isCloseTo(shipped.variant(vectors).relatedThreshold(), org.assertj.core.data.Offset.offset(0.02));
        }
    }

    @Test
    void should_stay_above_the_floors_on_the_corpus_it_was_not_fitted_on_and_in_cross_validation() {
        JsonNode cross = again.metrics().path("hybrid").path("crossCorpus").path("bundled -> corpus2");
        assertThat(cross.path("retrieval").path("recall").asDouble()).as("R@5 on corpus2").isGreaterThanOrEqualTo(Floors.CROSS_RECALL);
        assertThat(cross.path("answers").path("keyFactRate").asDouble()).as("key fact on corpus2")
                .isGreaterThanOrEqualTo(Floors.CROSS_KEY_FACT);
        assertThat(cross.path("answers").path("confidentlyWrongRate").asDouble()).as("confidently wrong on corpus2")
                .isLessThanOrEqualTo(Floors.CROSS_WRONG);
        assertThat(cross.path("answers").path("notAnsweredRate").asDouble()).as("negatives not answered on corpus2")
                .isGreaterThanOrEqualTo(Floors.CROSS_NEGATIVES);
        JsonNode cv = again.metrics().path("hybrid").path("crossValidated").path("answers");
        assertThat(cv.path("keyFactRate").asDouble()).as("cross-validated key fact").isGreaterThanOrEqualTo(Floors.CV_KEY_FACT);
        assertThat(cv.path("confidentlyWrongRate").asDouble()).as("cross-validated confidently wrong")
                .isLessThanOrEqualTo(Floors.CV_WRONG);
    }

    /** Every number in {@code a} that differs from the same place in {@code b} by more than 0.01. */
    private static void compare(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a.isNumber()) {
            if (!b.isNumber() || Math.abs(a.asDouble() - b.asDouble()) > 0.01) {
                out.add(path + ": " + a + " recorded, " + b + " now");
            }
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = a.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            compare(path + "/" + f.getKey(), f.getValue(), b.path(f.getKey()), out);
        }
    }

    /** The floors: a little under the figures measured when the models were last fitted (README, Quality). */
    static final class Floors {
        static final double CROSS_RECALL = 0.90;
        static final double CROSS_KEY_FACT = 0.60;
        static final double CROSS_WRONG = 0.13;
        static final double CROSS_NEGATIVES = 0.80;
        static final double CV_KEY_FACT = 0.82;
        static final double CV_WRONG = 0.08;

        private Floors() {
        }
    }
}
