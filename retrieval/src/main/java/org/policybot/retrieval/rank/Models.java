package org.policybot.retrieval.rank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The fitted models of the answer path, as one versioned file: the passage ranker, the
 * sentence scorer and the answerability model with its two thresholds, each fitted twice
 * (with the vector features, and without them for when vectors are off), plus the hash of the
 * labelled data they were fitted on and the cross-validated metrics they scored. Written by
 * {@code chatbot train}; never edited by hand.
 */
public record Models(int version, String dataHash, Variant hybrid, Variant lexical, JsonNode metrics) {

    /** The file format; a file of another version is refused. */
    public static final int FORMAT = 1;
    /** Where the bundled models live on the class path. */
    public static final String RESOURCE = "/policybot/models.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static volatile Models bundled;

    /**
     * One set of models.
     *
     * @param answerThreshold  answerability from which an answer is given as confident
     * @param relatedThreshold answerability from which the closest sentences are shown as related
     */
    public record Variant(LinearModel passages, LinearModel sentences, LinearModel answers, double answerThreshold,
                          double relatedThreshold) {
        public Variant {
            Objects.requireNonNull(passages, "passages");
            Objects.requireNonNull(sentences, "sentences");
            Objects.requireNonNull(answers, "answers");
            if (!(relatedThreshold <= answerThreshold)) {
                throw new IllegalArgumentException("the related threshold must not exceed the answer threshold");
            }
        }
    }

    public Models {
        Objects.requireNonNull(hybrid, "hybrid");
        Objects.requireNonNull(lexical, "lexical");
        dataHash = dataHash == null ? "" : dataHash;
        metrics = metrics == null ? JSON.createObjectNode() : metrics;
    }

    /**
     * Models that know nothing yet (every weight 0, every probability one half): what fitting
     * starts from, since the features of each stage do not depend on its own model.
     */
    public static Models untrained(List<String> passages, List<String> sentences, List<String> answers) {
        Variant v = new Variant(zero(passages), zero(sentences), zero(answers), 1.0, 1.0);
        return new Models(FORMAT, "", v, v, null);
    }

    /** A model of these features with every weight 0. */
    public static LinearModel zero(List<String> features) {
        double[] mean = new double[features.size()];
        double[] scale = new double[features.size()];
        java.util.Arrays.fill(scale, 1);
        return new LinearModel(features, mean, scale, new double[features.size()], 0);
    }

    /** The variant for a searcher with or without vectors. */
    public Variant variant(boolean vectors) {
        return vectors ? hybrid : lexical;
    }

    /** The models shipped in the jar (read once). */
    public static Models bundled() {
        Models m = bundled;
        if (m == null) {
            try (InputStream in = Models.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the bundled models " + RESOURCE + " are missing from the class path");
                }
                m = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the bundled models", e);
            }
            bundled = m;
        }
        return m;
    }

    public static Models read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson() + "\n", StandardCharsets.UTF_8);
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", version);
        root.put("dataHash", dataHash);
        root.set("hybrid", variantJson(hybrid));
        root.set("lexical", variantJson(lexical));
        root.set("metrics", metrics);
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Models parse(String json) throws IOException {
        JsonNode root = JSON.readTree(json);
        if (root == null || root.path("version").asInt() != FORMAT) {
            throw new IOException("not a models file of format " + FORMAT);
        }
        return new Models(FORMAT, root.path("dataHash").asText(""), variant(root.path("hybrid")),
                variant(root.path("lexical")), root.path("metrics"));
    }

    private static ObjectNode variantJson(Variant v) {
        ObjectNode n = JSON.createObjectNode();
        n.set("passages", modelJson(v.passages()));
        n.set("sentences", modelJson(v.sentences()));
        n.set("answers", modelJson(v.answers()));
        n.put("answerThreshold", v.answerThreshold());
        n.put("relatedThreshold", v.relatedThreshold());
        return n;
    }

    private static Variant variant(JsonNode n) throws IOException {
        if (!n.isObject()) {
            throw new IOException("a models file needs both variants");
        }
        return new Variant(model(n.path("passages")), model(n.path("sentences")), model(n.path("answers")),
                n.path("answerThreshold").asDouble(), n.path("relatedThreshold").asDouble());
    }

    private static ObjectNode modelJson(LinearModel m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("bias", m.bias());
        ArrayNode features = n.putArray("features");
        for (int i = 0; i < m.features().size(); i++) {
            features.addObject().put("name", m.features().get(i)).put("mean", m.mean()[i]).put("scale", m.scale()[i])
                    .put("weight", m.weights()[i]);
        }
        return n;
    }

    private static LinearModel model(JsonNode n) throws IOException {
        if (!n.path("features").isArray()) {
            throw new IOException("a model needs its features");
        }
        List<String> names = new ArrayList<>();
        int size = n.path("features").size();
        double[] mean = new double[size];
        double[] scale = new double[size];
        double[] weights = new double[size];
        int i = 0;
        for (JsonNode f : n.path("features")) {
            names.add(f.path("name").asText());
            mean[i] = f.path("mean").asDouble();
            scale[i] = f.path("scale").asDouble(1);
            weights[i] = f.path("weight").asDouble();
            i++;
        }
        return new LinearModel(names, mean, scale, weights, n.path("bias").asDouble());
    }

    /** A model's features must be exactly the features the code computes, in the same order. */
    public static void checkFeatures(LinearModel model, List<String> expected, String what) {
        if (!model.features().equals(expected)) {
            throw new IllegalStateException("the " + what + " model was fitted on features " + model.features()
                    + " but the code computes " + expected + ": run chatbot train again");
        }
    }
}
