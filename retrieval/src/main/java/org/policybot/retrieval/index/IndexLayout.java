package org.policybot.retrieval.index;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where generations of the index live: {@code <root>/gen-*} folders and a {@code CURRENT}
 * file naming the one in service. Replacing {@code CURRENT} with an atomic move is the swap.
 */
final class IndexLayout {
    static final String CURRENT = "CURRENT";
    static final String PREFIX = "gen-";

    final Path root;

    IndexLayout(Path root) {
        this.root = root;
    }

    Optional<Path> current() throws IOException {
        Path pointer = root.resolve(CURRENT);
        if (!Files.exists(pointer)) {
            return Optional.empty();
        }
        String name = Files.readString(pointer, StandardCharsets.UTF_8).strip();
        if (!name.startsWith(PREFIX) || name.contains("/") || name.contains("\\")) {
            return Optional.empty();
        }
        Path dir = root.resolve(name);
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    Path newGeneration() throws IOException {
        Files.createDirectories(root);
        for (int attempt = 0; ; attempt++) {
            Path dir = root.resolve(PREFIX + System.currentTimeMillis() + (attempt == 0 ? "" : "-" + attempt));
            try {
                return Files.createDirectory(dir);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    void point(Path generation) throws IOException {
        Path tmp = root.resolve(CURRENT + ".tmp");
        Files.writeString(tmp, generation.getFileName().toString() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, root.resolve(CURRENT), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes generations other than the current one and the one before it. */
    void removeOldGenerations(Path current) throws IOException {
        List<Path> gens;
        try (Stream<Path> s = Files.list(root)) {
            gens = s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isDirectory(p))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
                    .toList();
        }
        int kept = 0;
        for (Path g : gens) {
            if (g.equals(current)) {
                continue;
            }
            if (kept++ < 1 && g.getFileName().toString().compareTo(current.getFileName().toString()) < 0) {
                continue;
            }
            deleteTree(g);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Best effort: a leftover folder is harmless and removed next time.
                }
            });
        } catch (IOException ignored) {
            // Same as above.
        }
    }
}
