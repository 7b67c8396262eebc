package org.policybot.bot.documents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.policybot.retrieval.index.IndexService;
import org.policybot.retrieval.ingest.ArticleReader;
import org.policybot.retrieval.search.CorpusView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The articles folder as staff change it: files added or replaced only once they have been
 * read into at least one article, removed with their sidecar, and the index rebuilt once
 * per change. Changes run one at a time; one that fails (the rebuild, the disk) puts the
 * folder back as it was, so the folder always matches an index that could be built.
 * Files being received or checked live in a work folder of the data folder, never in the
 * articles folder, where the reader or another build could see them half-written.
 * <p>
 * With a {@link DocumentTable} (PostgreSQL), each change is also recorded there before the
 * rebuild, so the other replicas follow it ({@link DocumentFollower}); a change that cannot be
 * recorded is not made.
 */
public final class DocumentLibrary {

    private static final Logger log = LoggerFactory.getLogger(DocumentLibrary.class);

    /** What became of one uploaded file. */
    public enum Status { ADDED, REPLACED, REFUSED }

    /** Why a file was refused: its name, its type, its content, or a second file of the same name in one upload. */
    public enum Refusal { NAME, TYPE, CONTENT, DUPLICATE }

    /** A file received from a client: the name it was sent with and where its bytes are. */
    public record Upload(String submittedName, Path received) {
    }

    /**
     * One uploaded file's outcome.
     *
     * @param file      the name in the articles folder (the cleaned name; the submitted one when refused for it)
     * @param changes   how the submitted name was cleaned, empty when it was used as sent
     * @param reason    why it was refused, else null
     * @param problems  what the reader noted about an accepted file (a sidecar it could not read …)
     */
    public record Outcome(String file, String submitted, Status status, Refusal refusal, String reason,
                          List<String> changes, int articles, int passages, List<String> problems) {
        public Outcome {
            changes = List.copyOf(changes);
            problems = List.copyOf(problems);
        }

        static Outcome refused(String file, String submitted, Refusal why, String reason, List<String> changes) {
            return new Outcome(file, submitted, Status.REFUSED, why, reason, changes, 0, 0, List.of());
        }
    }

    /** What an upload did: each file's outcome, and the build when any file went in. */
    public record Change(List<Outcome> files, Optional<IndexService.BuildResult> build) {
        public Change {
            files = List.copyOf(files);
        }
    }

    /** Thrown when no file of the articles folder has the name asked for. */
    public static final class NoSuchDocument extends Exception {
        NoSuchDocument(String name) {
            super(name, null, false, false);
        }
    }

    /** Thrown instead of removing the last file the index is built from: an empty folder cannot be indexed. */
    public static final class LastDocument extends Exception {
        LastDocument(String name) {
            super(name, null, false, false);
        }
    }

    /** Thrown when the rebuild after a change failed; the folder was put back and the index in service is unchanged. */
    public static final class ChangeFailed extends RuntimeException {
        ChangeFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final IndexService index;
    private final Supplier<CorpusView> corpus;
    private final Path articles;
    private final Path work;
    private final ReentrantLock changing = new ReentrantLock(true);
    private final Listing listing;
    private final Optional<DocumentTable> shared;

    /**
     * @param corpus the corpus in service, for the files' articles and when the index was built
     * @param work   a folder of the data folder for files being received and checked (emptied now:
     *               what is in it was left by a process that stopped)
     */
    public DocumentLibrary(IndexService index, Supplier<CorpusView> corpus, Path work) {
        this(index, corpus, work, Optional.empty());
    }

    /** @param shared where changes are recorded for the other replicas (PostgreSQL), empty for one process */
    public DocumentLibrary(IndexService index, Supplier<CorpusView> corpus, Path work, Optional<DocumentTable> shared) {
        this.shared = shared;
        this.index = index;
        this.corpus = corpus;
        this.articles = index.articlesDir();
        this.work = work;
        this.listing = new Listing(index, work);
        try {
            Files.createDirectories(work);
            try (Stream<Path> left = Files.list(work)) {
                for (Path p : left.toList()) {
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the upload folder " + work, e);
        }
    }

    /** A new, empty folder for the files of one request while they arrive; the caller deletes it with {@link #discard}. */
    public Path receivingFolder() throws IOException {
        return Files.createTempDirectory(work, "receive-");
    }

    /** Deletes a folder from {@link #receivingFolder()} and what is left in it. */
    public void discard(Path folder) {
        try {
            deleteTree(folder);
        } catch (IOException e) {
            log.warn("Could not delete the upload work folder {}: {}", folder, e.getMessage());
        }
    }

    /** Every file of the articles folder with what the index made of it. */
    public List<Listing.Entry> list() {
        return listing.entries(corpus.get());
    }

    /**
     * Checks each upload, moves those that read into articles into the articles folder
     * (replacing a file of the same name) and rebuilds the index once.
     *
     * @throws ChangeFailed when the rebuild fails: the folder is as it was before
     */
    public Change add(List<Upload> uploads) throws IOException {
        changing.lock();
        Path trial = null;
        try {
            trial = Files.createTempDirectory(work, "add-");
            List<Outcome> outcomes = new ArrayList<>();
            List<Installed> installed = new ArrayList<>();
            try {
                checkAndInstall(uploads, trial, outcomes, installed);
            } catch (IOException | RuntimeException e) {
                undo(installed); // a disk error halfway: none of this upload stays
                throw e;
            }
            if (installed.isEmpty()) {
                return new Change(outcomes, Optional.empty());
            }
            List<DocumentTable.FileChange> previous = new ArrayList<>();
            try {
                if (shared.isPresent()) {
                    List<DocumentTable.FileChange> recorded = new ArrayList<>();
                    for (Installed i : installed) {
                        String file = i.target().getFileName().toString();
                        recorded.add(new DocumentTable.FileChange(file, Files.readAllBytes(i.target())));
                        previous.add(new DocumentTable.FileChange(file, i.previous() == null ? null : Files.readAllBytes(i.previous())));
                    }
                    shared.get().record(recorded);
                }
            } catch (IOException | RuntimeException e) {
                undo(installed); // the other replicas could not follow: the change is not made
                throw e;
            }
            IndexService.BuildResult build;
            try {
                build = index.rebuild();
            } catch (RuntimeException e) {
                undo(installed);
                recordUndo(previous);
                throw new ChangeFailed("the index could not be rebuilt, the articles folder was put back: " + e.getMessage(), e);
            }
            log.info("Documents uploaded: {}; index rebuilt with {} articles, {} passages", outcomes.stream()
                    .filter(o -> o.status() != Status.REFUSED).map(Outcome::file).toList(), build.articles(), build.passages());
            return new Change(outcomes, Optional.of(build));
        } finally {
            if (trial != null) {
                discard(trial);
            }
            changing.unlock();
        }
    }

    /** Checks each upload in its own folder under {@code trial} and installs those that read into articles. */
    private void checkAndInstall(List<Upload> uploads, Path trial, List<Outcome> outcomes, List<Installed> installed)
            throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < uploads.size(); i++) {
            Upload u = uploads.get(i);
            FileNames.Clean clean;
            try {
                clean = FileNames.clean(u.submittedName());
            } catch (FileNames.Refused e) {
                outcomes.add(Outcome.refused(FileNames.printable(String.valueOf(u.submittedName())), u.submittedName(),
                        e.unsupportedType() ? Refusal.TYPE : Refusal.NAME, e.getMessage(), List.of()));
                continue;
            }
            String name = clean.name();
            if (names.stream().anyMatch(n -> n.equalsIgnoreCase(name))) {
                outcomes.add(Outcome.refused(name, u.submittedName(), Refusal.DUPLICATE,
                        "这次上传中已有同名文件：" + name, clean.changes()));
                continue;
            }
            names.add(name);
            outcomes.add(tryOne(u, clean, trial.resolve("check-" + i), installed));
        }
    }

    /** A file put into the articles folder, and the copy of the file it replaced (null when it added one). */
    private record Installed(Path target, Path previous) {
    }

    private Outcome tryOne(Upload u, FileNames.Clean clean, Path folder, List<Installed> installed) throws IOException {
        String name = clean.name();
        Files.createDirectories(folder);
        Path candidate = folder.resolve(name);
        Files.move(u.received(), candidate, StandardCopyOption.REPLACE_EXISTING);
        IndexService.Check check = index.check(folder);
        List<String> problems = check.problems().stream().map(ArticleReader.Problem::message).toList();
        if (check.articles().isEmpty()) {
            String why = problems.isEmpty() ? "no article text found" : String.join("; ", problems);
            log.info("Upload {} refused: {}", name, why);
            return Outcome.refused(name, u.submittedName(), Refusal.CONTENT, "无法读出文章，未加入（" + why + "）", clean.changes());
        }
        Path target = articles.resolve(name);
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            return Outcome.refused(name, u.submittedName(), Refusal.NAME, "文章文件夹里已有同名的子文件夹：" + name, clean.changes());
        }
        Path previous = null;
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            previous = folder.resolve("previous");
            Files.copy(target, previous, StandardCopyOption.COPY_ATTRIBUTES);
        }
        install(candidate, target);
        installed.add(new Installed(target, previous));
        return new Outcome(name, u.submittedName(), previous == null ? Status.ADDED : Status.REPLACED, null, null,
                clean.changes(), check.articles().size(), check.passages(), problems);
    }

    /**
     * Puts a file in place in one step, replacing what has its name: a rename when the work
     * folder is on the articles folder's file system, else a copy to a hidden name there (the
     * reader skips hidden files) and a rename.
     */
    private void install(Path file, Path target) throws IOException {
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Path staging = target.resolveSibling("." + target.getFileName() + ".uploading");
            Files.copy(file, staging, StandardCopyOption.REPLACE_EXISTING);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void undo(List<Installed> installed) {
        for (int n = installed.size() - 1; n >= 0; n--) {
            Installed i = installed.get(n);
            try {
                if (i.previous() == null) {
                    Files.deleteIfExists(i.target());
                } else {
                    install(i.previous(), i.target());
                }
            } catch (IOException e) {
                log.error("Could not put {} back after a failed upload: {}", i.target(), e.getMessage());
            }
        }
    }

    /**
     * Removes a file of the articles folder and its sidecar, and rebuilds the index.
     *
     * @param name the file's name, exactly as listed
     * @throws NoSuchDocument when the folder has no such file
     * @throws LastDocument   when it is the only file the index is built from
     * @throws ChangeFailed   when the rebuild fails: the files are put back
     */
    public IndexService.BuildResult remove(String name) throws NoSuchDocument, LastDocument, IOException {
        changing.lock();
        Path trash = null;
        try {
            Path file = listing.find(name).orElseThrow(() -> new NoSuchDocument(name));
            CorpusView view = corpus.get();
            boolean othersIndexed = view.articles().values().stream().map(a -> a.file()).distinct()
                    .anyMatch(f -> !f.equals(name) && Files.isRegularFile(articles.resolve(f)));
            if (!othersIndexed) {
                throw new LastDocument(name);
            }
            trash = Files.createTempDirectory(work, "remove-");
            List<Path[]> moved = new ArrayList<>();
            try {
                for (Path p : withSidecars(file)) {
                    Path to = trash.resolve(p.getFileName().toString());
                    Files.move(p, to);
                    moved.add(new Path[] {p, to});
                }
            } catch (IOException e) {
                putBack(moved);
                throw e;
            }
            try {
                shared.ifPresent(t -> t.record(moved.stream()
                        .map(m -> DocumentTable.FileChange.removed(m[0].getFileName().toString())).toList()));
            } catch (RuntimeException e) {
                putBack(moved); // the other replicas could not follow: the change is not made
                throw e;
            }
            try {
                IndexService.BuildResult build = index.rebuild();
                log.info("Document {} removed; index rebuilt with {} articles, {} passages", name, build.articles(), build.passages());
                return build;
            } catch (RuntimeException e) {
                putBack(moved);
                if (shared.isPresent()) {
                    List<DocumentTable.FileChange> back = new ArrayList<>();
                    for (Path[] m : moved) {
                        back.add(new DocumentTable.FileChange(m[0].getFileName().toString(), Files.readAllBytes(m[0])));
                    }
                    recordUndo(back);
                }
                throw new ChangeFailed("the index could not be rebuilt, " + name + " was put back: " + e.getMessage(), e);
            }
        } finally {
            if (trash != null) {
                discard(trash);
            }
            changing.unlock();
        }
    }

    /**
     * The file and the sidecars that belong to it: its own ({@code NAME.meta.yaml}), and the one
     * named by its stem unless another article file shares that stem (then it is theirs too).
     */
    private List<Path> withSidecars(Path file) throws IOException {
        List<Path> out = new ArrayList<>(List.of(file));
        String name = file.getFileName().toString();
        String stem = name.replaceFirst("\\.[^.]+$", "");
        boolean stemShared = ArticleReader.articleFiles(articles).stream()
                .map(p -> p.getFileName().toString())
                .anyMatch(n -> !n.equals(name) && n.replaceFirst("\\.[^.]+$", "").equals(stem));
        for (Path sidecar : ArticleReader.sidecarCandidates(file)) {
            boolean own = sidecar.getFileName().toString().toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ".");
            if (Files.isRegularFile(sidecar, LinkOption.NOFOLLOW_LINKS) && (own || !stemShared) && !out.contains(sidecar)) {
                out.add(sidecar);
            }
        }
        return out;
    }

    /**
     * Records that a change recorded before its rebuild failed was put back. NOTE: when that
     * fails too, the other replicas keep the change this one undid, until the file is changed again.
     */
    private void recordUndo(List<DocumentTable.FileChange> back) {
        try {
            shared.ifPresent(t -> t.record(back));
        } catch (RuntimeException e) {
            log.error("Could not record in the database that {} was put back; the other replicas keep the change: {}",
                    back.stream().map(DocumentTable.FileChange::file).toList(), e.getMessage());
        }
    }

    /** Runs work on the articles folder while no upload or removal does (a follower applying other replicas' changes). */
    <T> T whileUnchanged(java.util.concurrent.Callable<T> work) throws Exception {
        changing.lock();
        try {
            return work.call();
        } finally {
            changing.unlock();
        }
    }

    private static void putBack(List<Path[]> moved) {
        for (int n = moved.size() - 1; n >= 0; n--) {
            Path[] m = moved.get(n);
            try {
                Files.move(m[1], m[0]);
            } catch (IOException e) {
                log.error("Could not put {} back after a failed removal: {}", m[0], e.getMessage());
            }
        }
    }

    /** Deletes {@code root} and everything under it; nothing when it does not exist. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
