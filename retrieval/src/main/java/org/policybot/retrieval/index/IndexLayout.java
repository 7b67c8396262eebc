package org.policybot.retrieval.index;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where generations of the index live: {@code <root>/gen-*} folders and a {@code CURRENT}
 * file naming the one in service. Replacing {@code CURRENT} with an atomic move is the swap.
 * Whoever writes generations or moves {@code CURRENT} holds the build lock
 * ({@code build.lock}, a file lock, so across processes too).
 */
final class IndexLayout {
    static final String CURRENT = "CURRENT";
    static final String PREFIX = "gen-";
    static final String LOCK = "build.lock";

    /** The build lock, held until closed. */
    interface Lock extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

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

    /** The build lock, or null when another build (in this process or another) holds it. */
    Lock tryLock() throws IOException {
        Files.createDirectories(root);
        FileChannel channel = FileChannel.open(root.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return null;
        }
        FileLock held = lock;
        return () -> {
            try (channel) {
                held.release();
            }
        };
    }

    /** Every generation folder, newest first. */
    List<Path> generations() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isDirectory(p))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
                    .toList();
        }
    }

    /**
     * Deletes the folders of builds that never finished: every generation newer than the one
     * {@code CURRENT} names (all of them when there is none), since a build moves
     * {@code CURRENT} before it lets go of the lock. Call with the build lock held.
     *
     * @return the folders deleted
     */
    List<Path> removeUnfinished() throws IOException {
        Optional<Path> current = current();
        List<Path> unfinished = generations().stream()
                .filter(g -> current.isEmpty() || g.getFileName().toString().compareTo(current.get().getFileName().toString()) > 0)
                .toList();
        unfinished.forEach(IndexLayout::deleteTree);
        return unfinished;
    }

    /**
     * Points {@code CURRENT} back at an earlier generation when it still names {@code damaged},
     * under the build lock (a build that finished meanwhile has moved it on: then nothing
     * changes). False when a build holds the lock or {@code CURRENT} names another generation.
     */
    boolean pointBack(String damaged, Path earlier) throws IOException {
        try (Lock lock = tryLock()) {
            if (lock == null) {
                return false;
            }
            Optional<Path> current = current();
            if (current.isEmpty() || !current.get().getFileName().toString().equals(damaged)) {
                return false;
            }
            point(earlier);
            return true;
        }
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
        List<Path> gens = generations();
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
