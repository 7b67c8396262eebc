package org.policybot.bot.documents;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.policybot.retrieval.index.IndexService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes this replica's articles folder follow the documents uploaded and removed on every
 * replica ({@link DocumentTable}): every period it reads the changes numbered after the last
 * it applied, writes or removes those files (each written to a hidden name and renamed, so no
 * build sees it half-written; one whose bytes it already has is left alone), and rebuilds the
 * index once; the old generation serves until the new one is in. The number applied is kept
 * in the data folder, so a restart resumes there; a new data folder starts from the first
 * change. A change that cannot be applied (disk full, a failed build, the database out of
 * reach) is logged once and tried again next period; serving goes on meanwhile.
 */
public final class DocumentFollower {

    private static final Logger log = LoggerFactory.getLogger(DocumentFollower.class);

    /** Rows read per query: the bytes are fetched one file at a time, so this bounds only the metadata held. */
    static final int BATCH = 500;

    private final DocumentTable table;
    private final DocumentLibrary library;
    private final IndexService index;
    private final Path articles;
    private final Path appliedFile;
    private volatile long applied;
    /** Files were changed here and no build has taken them in yet. Guarded by the library's lock. */
    private boolean rebuildOwed;
    /** Whether the last attempt failed, so a failure that repeats is logged once. Only the follower's thread. */
    private boolean failing;

    /** @param appliedFile the file of the data folder that keeps the number of the last change applied */
    public DocumentFollower(DocumentTable table, DocumentLibrary library, IndexService index, Path appliedFile) {
        this.table = table;
        this.library = library;
        this.index = index;
        this.articles = index.articlesDir();
        this.appliedFile = appliedFile;
        this.applied = readApplied(appliedFile);
    }

    /** The number of the last change applied here (0: none yet), for {@code /health}. */
    public long applied() {
        return applied;
    }

    /** Follows every {@code periodMillis} on the scheduler. */
    public void start(ScheduledExecutorService scheduler, long periodMillis) {
        scheduler.scheduleWithFixedDelay(this::followLogged, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void followLogged() {
        try {
            follow();
            if (failing) {
                log.info("Documents changed on other replicas are applied again (up to change {})", applied);
                failing = false;
            }
        } catch (Exception e) {
            if (!failing) {
                log.warn("Could not apply the documents changed on other replicas ({}); the index in service is kept, "
                        + "trying again", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                failing = true;
            } else {
                log.debug("Still cannot apply the documents changed on other replicas: {}", e.getMessage());
            }
        }
    }

    /**
     * Applies the changes recorded since the last applied, and rebuilds once if a file changed.
     *
     * @return how many changes were read
     */
    public int follow() throws Exception {
        return library.whileUnchanged(() -> {
            long upTo = applied;
            int read = 0;
            List<DocumentTable.Row> rows;
            do {
                rows = table.changedAfter(upTo, BATCH);
                for (DocumentTable.Row r : rows) {
                    if (apply(r)) {
                        rebuildOwed = true;
                    }
                    upTo = r.seq();
                    read++;
                }
            } while (rows.size() == BATCH);
            if (read == 0 && !rebuildOwed) {
                return 0;
            }
            if (rebuildOwed) {
                IndexService.BuildResult build = index.rebuild();
                rebuildOwed = false;
                log.info("Documents changed on other replicas applied (up to change {}); index rebuilt with {} articles",
                        upTo, build.articles());
            } else {
                index.ensureFresh(); // the files were already so: a folder shared with the replica that changed them
            }
            saveApplied(upTo);
            applied = upTo;
            return read;
        });
    }

    /**
     * Before a replica's first build: writes the changes recorded after the last applied into
     * its articles folder and counts them applied, so that build takes them in. A new replica
     * with an empty articles folder so starts with the documents the others have.
     *
     * @return how many changes were read
     */
    public static int applyBeforeFirstBuild(DocumentTable table, Path articles, Path appliedFile) throws IOException {
        long upTo = readApplied(appliedFile);
        int read = 0;
        List<DocumentTable.Row> rows;
        do {
            rows = table.changedAfter(upTo, BATCH);
            for (DocumentTable.Row r : rows) {
                put(table, articles, r);
                upTo = r.seq();
                read++;
            }
        } while (rows.size() == BATCH);
        if (read > 0) {
            saveApplied(appliedFile, upTo);
            log.info("Documents shared by other replicas written to {} before the first build (up to change {})", articles, upTo);
        }
        return read;
    }

    private boolean apply(DocumentTable.Row r) throws IOException {
        return put(table, articles, r);
    }

    /** Puts one file as the table has it; true when the folder changed. */
    private static boolean put(DocumentTable table, Path articles, DocumentTable.Row r) throws IOException {
        String name = r.file();
        if (name.isEmpty() || name.startsWith(".") || name.contains("/") || name.contains("\\")) {
            log.warn("Skipped the shared document {}: not a plain file name", name);
            return false;
        }
        Path target = articles.resolve(name);
        if (r.deleted()) {
            return Files.deleteIfExists(target);
        }
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                && DocumentTable.hash(Files.readAllBytes(target)).equals(r.hash())) {
            return false;
        }
        Optional<byte[]> bytes = table.content(name);
        if (bytes.isEmpty()) {
            return false; // removed since; a later change says so
        }
        Path temp = articles.resolve("." + name + ".following");
        try {
            Files.write(temp, bytes.get());
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return true;
    }

    private void saveApplied(long seq) throws IOException {
        saveApplied(appliedFile, seq);
    }

    private static void saveApplied(Path appliedFile, long seq) throws IOException {
        Path temp = appliedFile.resolveSibling(appliedFile.getFileName() + ".tmp");
        Files.writeString(temp, Long.toString(seq), StandardCharsets.UTF_8);
        Files.move(temp, appliedFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static long readApplied(Path file) {
        if (!Files.exists(file)) {
            return 0;
        }
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (IOException | NumberFormatException e) {
            log.warn("Could not read {} ({}): applying every shared document change again", file, e.getMessage());
            return 0;
        }
    }
}
