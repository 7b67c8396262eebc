package org.policybot.bot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.policybot.config.Settings;
import org.policybot.config.SettingsLoader;

/**
 * Settings for tests: the bundled articles (or another folder), a data folder of the test's own, vectors off
 * (the embedding model is exercised by retrieval tests), a random free HTTP port, plus
 * any environment variables the test adds.
 */
public final class TestSettings {

    private TestSettings() {
    }

    public static Path bundledArticles() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("articles")) && Files.exists(p.resolve("pom.xml"))) {
                return p.resolve("articles");
            }
        }
        throw new IllegalStateException("bundled articles not found above " + here);
    }

    /** Per-user and per-address limits so high that a test's own traffic never meets them. */
    public static final Map<String, String> NO_RATE_LIMITS = Map.of(
            "CHATBOT_RATE_LIMIT_PER_MINUTE", "100000",
            "CHATBOT_RATE_LIMIT_BURST", "100000",
            "CHATBOT_RATE_LIMIT_PER_ADDRESS_PER_MINUTE", "100000",
            "CHATBOT_RATE_LIMIT_PER_ADDRESS_BURST", "100000");

    public static Settings of(Path dataDir, Map<String, String> extra) {
        return of(dataDir, bundledArticles(), extra);
    }

    /** The same over another folder of articles (a corpus the test wrote). */
    public static Settings of(Path dataDir, Path articlesDir, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("CHATBOT_ARTICLES_DIR", articlesDir.toString());
        env.put("CHATBOT_DATA_DIR", dataDir.toString());
        env.put("CHATBOT_RETRIEVAL_VECTORS", "false");
        env.put("CHATBOT_HTTP_PORT", "0");
        // Tests stop their servers at once; the drain at stop has tests of its own.
        env.put("CHATBOT_HTTP_DRAIN_MS", "0");
        env.putAll(extra);
        return new SettingsLoader(env, dataDir).load(Optional.empty());
    }

    public static Settings of(Path dataDir) {
        return of(dataDir, Map.of());
    }

    /** The passage and sentence vectors of the bundled articles, kept between test classes (the model is slow to embed). */
    private static final Path SHARED_VECTORS = Path.of("target", "test-vector-cache", "passages.bin").toAbsolutePath();

    /**
     * Settings with vectors on, as the product runs by default: the embedding model is loaded
     * and questions are embedded. Vectors computed by earlier test classes are reused.
     */
    public static Settings withVectors(Path dataDir) {
        try {
            if (Files.exists(SHARED_VECTORS)) {
                Path cache = dataDir.resolve("vectors").resolve("passages.bin");
                Files.createDirectories(cache.getParent());
                Files.copy(SHARED_VECTORS, cache, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return of(dataDir, Map.of("CHATBOT_RETRIEVAL_VECTORS", "true"));
    }

    /** Keeps the vectors a test class computed for the next ones ({@link #withVectors}). */
    public static void keepVectors(Path dataDir) {
        Path cache = dataDir.resolve("vectors").resolve("passages.bin");
        try {
            if (Files.exists(cache) && (!Files.exists(SHARED_VECTORS) || Files.size(cache) > Files.size(SHARED_VECTORS))) {
                Files.createDirectories(SHARED_VECTORS.getParent());
                Files.copy(cache, SHARED_VECTORS, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
