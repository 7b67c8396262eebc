package org.policybot.retrieval;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the bundled articles folder from a module's test working directory. */
public final class BundledArticles {
    private BundledArticles() {
    }

    public static Path dir() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path candidate = p.resolve("articles");
            if (Files.isDirectory(candidate) && Files.exists(p.resolve("pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("bundled articles folder not found above " + here);
    }

    public static Path file(String prefix) {
        try (var files = Files.list(dir())) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
