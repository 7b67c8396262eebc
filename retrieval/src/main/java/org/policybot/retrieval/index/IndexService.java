package org.policybot.retrieval.index;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.policybot.retrieval.embed.Embedder;
import org.policybot.retrieval.embed.VectorCache;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.ArticleReader;
import org.policybot.retrieval.ingest.Chunker;
import org.policybot.retrieval.ingest.FileHashes;
import org.policybot.retrieval.ingest.Ocr;
import org.policybot.retrieval.ingest.Passage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index lifecycle in one place: build from the articles folder (into a new generation,
 * swapped in atomically), rebuild on first use when the index is missing, damaged or the
 * articles changed, and follow a rebuild made by another process (the command line while a
 * server runs) by watching the {@code CURRENT} pointer. When the generation in service is
 * found damaged, {@link LiveIndex} falls back to an earlier one and the watcher builds a
 * fresh one. Folders of builds killed before they finished are removed at the first use.
 */
public final class IndexService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IndexService.class);

    /** How long the watcher waits before trying again to replace a damaged generation, when building failed. */
    static final long REPAIR_RETRY_NANOS = 60_000_000_000L;
    /** The parse cache's folder, beside the index folder. */
    static final String PARSE_CACHE = "parsed";
    /** The record of article files' hashes, in the parse cache's folder. */
    static final String FILE_HASHES = "file-hashes.bin";

    /** What a rebuild did. */
    public record BuildResult(int articles, int passages, List<ArticleReader.Problem> problems,
                              int vectorsComputed, int vectorsCached, long millis, int filesParsed, int filesUnchanged) {
    }

    private final Path articlesDir;
    private final Path indexRoot;
    private final Path vectorCacheFile;
    private final Supplier<Optional<Embedder>> embedder;
    private final Chunker chunker;
    private final ArticleReader reader;
    private final Ocr ocr;
    /** What each file gave when last read, so a build parses only added and changed files. */
    private final ParseCache parseCache;
    /** Each article file's hash by its size and time, so a build reads only files that changed since the last. */
    private final FileHashes hashes;
    private final ArticleReader.Limits limits;
    /** Reads files being checked before they join the folder ({@link #check}); made on first use. */
    private ArticleReader checker;
    private final Object checking = new Object();
    /** What the last build in this process read, or null before the first. */
    private volatile BuildResult lastBuild;
    private volatile LiveIndex live;
    /** From how many passages on a build reuses the previous generation's segments; tests lower it. */
    int reuseFrom = IndexBuilder.REUSE_FROM;
    /** When the watcher last failed to replace a damaged generation (System.nanoTime); 0 when it has not. */
    private long repairFailedAt;

    /**
     * @param embedder supplies the embedding model, or empty when vectors are off; called
     *                 lazily and at most once by callers that memoize it
     */
    public IndexService(Path articlesDir, Path indexRoot, Path vectorCacheFile, Supplier<Optional<Embedder>> embedder,
                        Chunker chunker) {
        this(articlesDir, indexRoot, vectorCacheFile, embedder, chunker, ArticleReader.Limits.DEFAULT);
    }

    /** @param limits how large a document may be and how long its parse may take */
    public IndexService(Path articlesDir, Path indexRoot, Path vectorCacheFile, Supplier<Optional<Embedder>> embedder,
                        Chunker chunker, ArticleReader.Limits limits) {
        this(articlesDir, indexRoot, vectorCacheFile, embedder, chunker, limits, Ocr.onPath());
    }

    /** @param ocr reads scanned PDF pages (when its Tesseract is installed) */
    public IndexService(Path articlesDir, Path indexRoot, Path vectorCacheFile, Supplier<Optional<Embedder>> embedder,
                        Chunker chunker, ArticleReader.Limits limits, Ocr ocr) {
        this.reader = new ArticleReader(limits, ocr);
        this.ocr = ocr;
        this.limits = limits;
        this.articlesDir = articlesDir;
        this.indexRoot = indexRoot;
        this.vectorCacheFile = vectorCacheFile;
        this.parseCache = new ParseCache(indexRoot.toAbsolutePath().resolveSibling(PARSE_CACHE));
        this.hashes = FileHashes.kept(indexRoot.toAbsolutePath().resolveSibling(PARSE_CACHE).resolve(FILE_HASHES));
        this.embedder = embedder;
        this.chunker = chunker;
    }

    public Path articlesDir() {
        return articlesDir;
    }

    public Optional<Embedder> embedder() {
        return embedder.get();
    }

    /**
     * Builds a new generation from the articles folder and switches to it.
     *
     * @throws ArticlesFolderException when the folder does not exist or is not a folder
     * @throws IndexException          when it cannot be read, holds no readable article, or the build fails;
     *                                 the generation in service, if any, is unchanged
     */
    public synchronized BuildResult rebuild() {
        return rebuild(null, BuildProgress.NONE, false);
    }

    /** The same, telling how it goes. */
    public synchronized BuildResult rebuild(BuildProgress progress) {
        return rebuild(null, progress, false);
    }

    /**
     * Builds a new generation and points {@code CURRENT} at it, opening it here only when this
     * process has a generation open already: for a process that only builds (the command
     * line). Servers on the same index follow {@code CURRENT} and open it themselves; opening
     * reads every stored document and checksum, a third of a rebuild after one changed file
     * at 10,000 documents.
     */
    public synchronized BuildResult build(BuildProgress progress) {
        return rebuild(null, progress, false, live != null);
    }

    /**
     * Builds and switches; {@code knownFingerprint} is the folder's, when the caller has just read it.
     * {@code fromScratch}: write every document, reusing nothing of the previous generation (after damage).
     */
    private BuildResult rebuild(String knownFingerprint, BuildProgress progress, boolean fromScratch) {
        return rebuild(knownFingerprint, progress, fromScratch, true);
    }

    private BuildResult rebuild(String knownFingerprint, BuildProgress progress, boolean fromScratch, boolean open) {
        long start = System.nanoTime();
        checkArticlesFolder();
        ArticleReader.Corpus corpus;
        String fingerprint;
        Optional<Embedder> model;
        int[] counts = {0, 0}; // files parsed, files whose result was kept from an earlier build
        try {
            corpus = reader.readAll(articlesDir, parseCache, hashes, (done, total, reused) -> {
                counts[reused ? 1 : 0]++;
                progress.filesRead(done, total, counts[0]);
            });
            // Asked for only now: a model loading in the background loads while the folder is read.
            model = embedder.get();
            fingerprint = knownFingerprint != null ? knownFingerprint
                    : Corpora.fingerprint(articlesDir, model.isPresent(), ocr::available, hashes);
            hashes.save();
        } catch (IOException e) {
            throw unreadableArticlesFolder(e);
        }
        if (corpus.articles().isEmpty()) {
            throw new IndexException("no article could be read from " + articlesDir
                    + (corpus.problems().isEmpty() ? "" : " (" + corpus.problems().size() + " files skipped)")
                    + "; the index in service, if any, is unchanged");
        }
        List<Article> articles = corpus.articles();
        List<Passage> passages = chunker.chunkAll(articles);
        progress.passages(passages.size());
        IndexBuilder.Report report = write(articles, passages, corpus.extracted(), model, fingerprint, progress, fromScratch);
        if (open) {
            reopen();
        }
        BuildResult result = new BuildResult(report.articles(), report.passages(), corpus.problems(), report.vectorsComputed(),
                report.vectorsCached(), (System.nanoTime() - start) / 1_000_000, counts[0], counts[1]);
        lastBuild = result;
        return result;
    }

    /** What the last build made by this process read (its skipped files and why), if it made one. */
    public Optional<BuildResult> lastBuild() {
        return Optional.ofNullable(lastBuild);
    }

    /** What a folder of candidate files gives, read and chunked as a build would, without building. */
    public record Check(List<Article> articles, int passages, List<ArticleReader.Problem> problems) {
        public Check {
            articles = List.copyOf(articles);
            problems = List.copyOf(problems);
        }
    }

    /**
     * Reads the files of a folder with the reader, limits and OCR of builds, so a file can be
     * tried before it joins the articles folder: what would be skipped there is reported here.
     * One check at a time; builds are not held up by it.
     *
     * @throws IOException when the folder cannot be listed
     */
    public Check check(Path folder) throws IOException {
        synchronized (checking) {
            if (checker == null) {
                checker = new ArticleReader(limits, ocr);
            }
            ArticleReader.Corpus corpus = checker.readAll(folder);
            return new Check(corpus.articles(), chunker.chunkAll(corpus.articles()).size(), corpus.problems());
        }
    }

    /**
     * Writes the generation. The vector cache lives only in here, and is closed before the
     * new generation is opened: its files (and its file of newly computed vectors) are open
     * only while a build reads them.
     */
    private IndexBuilder.Report write(List<Article> articles, List<Passage> passages, java.util.Map<String, String> extracted,
                                      Optional<Embedder> model, String fingerprint, BuildProgress progress,
                                      boolean fromScratch) {
        VectorCache cache = model.isPresent() ? VectorCache.open(vectorCacheFile) : null;
        try {
            return new IndexBuilder(new IndexLayout(indexRoot), IndexBuilder.PARALLEL_FROM, reuseFrom)
                    .build(articles, passages, extracted, model.orElse(null), cache, fingerprint, articlesDir, progress, fromScratch);
        } finally {
            if (cache != null) {
                cache.close();
            }
        }
    }

    /**
     * Opens the index, building it first when it is missing, cannot be opened, or is older
     * than the articles. When an index exists but cannot be brought up to date (the folder
     * is gone, empty or unreadable), it keeps serving and a warning says why.
     *
     * @throws ArticlesFolderException when there is no usable index and the folder does not exist or is not a folder
     * @throws IndexException          when there is no usable index and none can be built
     */
    public synchronized LiveIndex ensureFresh() {
        if (live == null) {
            removeUnfinishedBuilds();
            live = openExisting();
        }
        try {
            checkArticlesFolder();
            String fingerprint;
            try {
                fingerprint = Corpora.fingerprint(articlesDir, embedder.get().isPresent(), ocr::available, hashes);
                hashes.save();
            } catch (IOException e) {
                throw unreadableArticlesFolder(e);
            }
            if (live == null || live.needsRebuild() || !live.generation().fingerprint().equals(fingerprint)) {
                log.info(live == null ? "No usable index yet: building it from {}"
                        : live.needsRebuild() ? "The index was damaged: building it again from {}"
                        : "Articles in {} changed: rebuilding the index", articlesDir);
                rebuild(fingerprint, BuildProgress.NONE, live != null && live.needsRebuild());
            }
        } catch (IndexException e) {
            if (live == null) {
                throw e;
            }
            log.warn("The index cannot be brought up to date ({}); still serving the index built at {}", e.getMessage(),
                    live.generation().builtAt());
        }
        return live;
    }

    private void checkArticlesFolder() {
        if (!Files.exists(articlesDir)) {
            throw new ArticlesFolderException(articlesDir, "does not exist");
        }
        if (!Files.isDirectory(articlesDir)) {
            throw new ArticlesFolderException(articlesDir, "is not a folder");
        }
    }

    /** An error reading the folder, said plainly (a file-system message is often just the path). */
    private IndexException unreadableArticlesFolder(IOException e) {
        checkArticlesFolder();
        String reason;
        if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            reason = f.getReason();
        } else if (e.getMessage() != null && !(e instanceof FileSystemException)) {
            reason = e.getMessage();
        } else {
            reason = e.getClass().getSimpleName();
        }
        return new IndexException("the articles folder " + articlesDir + " cannot be read: " + reason, e);
    }

    /**
     * Deletes the folders of builds killed before their swap, unless a build holds the lock
     * (then they may be its work in progress).
     */
    private void removeUnfinishedBuilds() {
        IndexLayout layout = new IndexLayout(indexRoot);
        try (IndexLayout.Lock lock = layout.tryLock()) {
            if (lock != null) {
                for (Path unfinished : layout.removeUnfinished()) {
                    log.info("Removed {}, newer than the generation CURRENT names: left by a build that stopped "
                            + "before its swap, or found damaged", unfinished.getFileName());
                }
            }
        } catch (IOException e) {
            log.warn("Could not look for unfinished index builds in {}: {}", indexRoot, e.getMessage());
        }
    }

    /**
     * The generation on disk (or an earlier one when it is damaged), or null when there is none
     * or none can be opened (damaged, or written in a format this version cannot read): either
     * way a rebuild replaces it.
     */
    private LiveIndex openExisting() {
        try {
            return LiveIndex.open(indexRoot).orElse(null);
        } catch (IndexException e) {
            log.warn("The index in {} cannot be used, building it again: {}", indexRoot, e.getMessage());
            return null;
        }
    }

    /** The open index; {@link #ensureFresh()} must have run. */
    public LiveIndex live() {
        LiveIndex l = live;
        if (l == null) {
            throw new IndexException("the index is not open yet");
        }
        return l;
    }

    private void reopen() {
        if (live == null) {
            live = LiveIndex.open(indexRoot).orElseThrow(() -> new IndexException("the new index cannot be opened"));
        } else {
            live.refresh();
        }
    }

    /**
     * Follows rebuilds made by other processes: checks the pointer every few seconds; and
     * builds a fresh generation when the one in service was found damaged.
     */
    public void watch(ScheduledExecutorService scheduler, long periodMillis) {
        scheduler.scheduleWithFixedDelay(() -> {
            LiveIndex l = live;
            if (l == null) {
                return;
            }
            try {
                l.refresh();
            } catch (RuntimeException e) {
                log.warn("Index refresh failed, still serving the previous generation: {}", e.getMessage());
            }
            if (l.needsRebuild()) {
                repair();
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Builds a generation to replace a damaged one; when that fails, tries again a minute later. */
    private synchronized void repair() {
        long now = System.nanoTime();
        if (repairFailedAt != 0 && now - repairFailedAt < REPAIR_RETRY_NANOS) {
            return;
        }
        try {
            BuildResult r = rebuild(null, BuildProgress.NONE, true);
            repairFailedAt = 0;
            log.info("Index rebuilt after damage: {} articles, {} passages", r.articles(), r.passages());
        } catch (RuntimeException e) {
            repairFailedAt = now == 0 ? 1 : now;
            log.warn("Rebuilding the damaged index failed ({}); trying again in a minute", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (live != null) {
            live.close();
            live = null;
        }
    }
}
