package org.policybot.retrieval.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads article files into {@link Article}s: UTF-8 text (one paragraph per line, blank lines
 * between), and PDF, Word (.docx, .doc), web pages (.html, .htm), RTF and ODT through
 * {@link DocumentReader} (Apache Tika), whose text then goes the same way; the layout
 * damage of pages turned into text is repaired. PDF pages without a text layer are read by
 * Tesseract when it is installed ({@link Ocr}), and the articles of such a PDF marked
 * ({@link Article#fromOcr()}). Title, date, issuer, number, region and
 * source come from an optional sidecar file ({@link Sidecar}) or a Markdown file's front
 * matter, else from a document's properties, else from the text; validity (effective,
 * expires, supersedes) from the sidecar or front matter, else from the text's own phrases
 * ({@link ValidityFinder}), and replacements are linked across the folder. A file that
 * cannot be read (encrypted, damaged, too large, too slow to parse, a decompression bomb,
 * of an unknown type) is reported with a one-line reason and skipped; it never stops the
 * others.
 */
public final class ArticleReader {

    private static final Logger log = LoggerFactory.getLogger(ArticleReader.class);
    /** Text files larger than this are refused: the corpus is articles, not dumps. */
    public static final long MAX_FILE_BYTES = 8L * 1024 * 1024;
    /** Text files, read as they are. */
    public static final List<String> TEXT_TYPES = List.of("txt", "md");
    /** Images of a page (a scanned or photographed notice): read by OCR only. */
    public static final List<String> IMAGE_TYPES = List.of("png", "jpg", "jpeg", "tif", "tiff");
    /** Documents, read through Tika (images by its OCR parser). */
    public static final List<String> DOCUMENT_TYPES = List.of("pdf", "docx", "doc", "wps", "html", "htm", "rtf", "odt",
            "png", "jpg", "jpeg", "tif", "tiff");

    /**
     * How much a document may take: its size in bytes, and the time its parse may run
     * (a parser that hangs is abandoned on its thread and the file skipped).
     */
    public record Limits(long maxDocumentBytes, Duration timeout) {
        public static final long DEFAULT_MAX_DOCUMENT_BYTES = 50L * 1024 * 1024;
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
        public static final Limits DEFAULT = new Limits(DEFAULT_MAX_DOCUMENT_BYTES, DEFAULT_TIMEOUT);
    }

    /** A file that was skipped, and why. */
    public record Problem(String file, String message) {
    }

    /**
     * Everything read from a folder.
     *
     * @param extracted the text extracted from each document (not from text files, which are
     *                  their own text), by file name: what its passages came from, what quotes
     *                  from it are checked against
     */
    public record Corpus(List<Article> articles, List<Problem> problems, List<String> files, Map<String, String> extracted) {
        public Corpus {
            articles = List.copyOf(articles);
            problems = List.copyOf(problems);
            files = List.copyOf(files);
            extracted = extracted == null ? Map.of() : Map.copyOf(extracted);
        }

        public Corpus(List<Article> articles, List<Problem> problems, List<String> files) {
            this(articles, problems, files, Map.of());
        }
    }

    /** What one file gave: its articles, and the text extracted from it when it is a document. */
    private record Read(List<Article> articles, String extracted) {
    }

    private final Limits limits;
    private final DocumentReader documents;
    /** Parses documents, so a parse can be given up after {@link Limits#timeout}; replaced when one hangs. */
    private ExecutorService worker;

    public ArticleReader() {
        this(Limits.DEFAULT);
    }

    /** Scanned PDF pages read by Tesseract on the PATH, when it is installed. */
    public ArticleReader(Limits limits) {
        this(limits, Ocr.onPath());
    }

    /** @param ocr reads the pages of a PDF that have no text layer (when Tesseract is installed) */
    public ArticleReader(Limits limits, Ocr ocr) {
        this(limits, new DocumentReader(Optional.of(ocr), (int) Math.max(1, limits.timeout().toSeconds())));
    }

    ArticleReader(Limits limits, DocumentReader documents) {
        this.limits = limits;
        this.documents = documents;
    }

    /** Thrown when one file cannot be turned into articles; the message names the file. */
    public static final class UnreadableArticleException extends Exception {
        /** Whether the cause may pass (an I/O error, an interrupt): then reading again may succeed. */
        final boolean transientCause;

        public UnreadableArticleException(String message) {
            this(message, false);
        }

        UnreadableArticleException(String message, boolean transientCause) {
            super(message);
            this.transientCause = transientCause;
        }
    }

    /**
     * The article files of a folder, in name order: text files and documents of the types
     * above, except hidden files and a README.md (the folder's own description).
     */
    public static List<Path> articleFiles(Path dir) throws IOException {
        return Listing.of(dir).articleFiles();
    }

    /**
     * One listing of a folder: its article files ({@link #articleFiles}), the files that are
     * neither article files, sidecars nor hidden (reported, not read), and the names of all
     * its entries in lower case, so that looking for each file's four possible sidecars (at
     * 10,000 files, 40,000 calls that mostly fail, in each build's keys and fingerprint) asks
     * the file system only about names that are there.
     */
    public record Listing(List<Path> articleFiles, List<Path> otherFiles, Set<String> names) {

        public static Listing of(Path dir) throws IOException {
            List<Path> entries;
            try (Stream<Path> s = Files.list(dir)) {
                entries = s.sorted().toList();
            }
            List<Path> articles = new ArrayList<>();
            List<Path> others = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (Path p : entries) {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                names.add(name);
                if (name.startsWith(".")) {
                    continue;
                }
                if (readableType(name)) {
                    if (!name.equals("readme.md") && Files.isRegularFile(p)) {
                        articles.add(p);
                    }
                } else if (!Sidecar.isSidecar(name) && Files.isRegularFile(p)) {
                    others.add(p);
                }
            }
            return new Listing(List.copyOf(articles), List.copyOf(others), Set.copyOf(names));
        }

        /**
         * The sidecars of one of the listed files that exist: asked of the file system only for
         * a name the listing holds (compared in lower case, so that a file system that ignores
         * case still finds what it would have found).
         */
        public List<Path> sidecarsOf(Path file) {
            List<Path> out = new ArrayList<>(1);
            for (Path sidecar : sidecarCandidates(file)) {
                if (names.contains(sidecar.getFileName().toString().toLowerCase(Locale.ROOT)) && Files.isRegularFile(sidecar)) {
                    out.add(sidecar);
                }
            }
            return out;
        }
    }

    private static boolean readableType(String lowerName) {
        String ext = extension(lowerName);
        return TEXT_TYPES.contains(ext) || DOCUMENT_TYPES.contains(ext);
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The sidecar metadata files an article file may have (see {@link Sidecar}), existing or not. */
    public static List<Path> sidecarCandidates(Path file) {
        return Sidecar.candidates(file);
    }

    /** Whether a file is a sidecar metadata file ({@code NAME.meta.yaml}): read with its article file, not on its own. */
    public static boolean isSidecar(String fileName) {
        return Sidecar.isSidecar(fileName);
    }

    /** Whether a file is read through Tika (not as text). */
    public static boolean isDocument(String fileName) {
        return DOCUMENT_TYPES.contains(extension(fileName));
    }

    /** Whether a file is an image of a page, read by OCR only. */
    static boolean isImage(String fileName) {
        return IMAGE_TYPES.contains(extension(fileName));
    }

    /** Whether a file's text may come from OCR: a PDF may be a scan, an image always is one. */
    public static boolean scannable(String fileName) {
        return extension(fileName).equals("pdf") || isImage(fileName);
    }

    /** Whether OCR may read some of a file's text: a scan, or the pictures of a Word file or a web page. */
    public static boolean readByOcr(String fileName) {
        return scannable(fileName) || DocumentReader.isWord(fileName) || isWebPage(fileName);
    }

    private static boolean isWebPage(String fileName) {
        String ext = extension(fileName);
        return ext.equals("html") || ext.equals("htm");
    }

    /**
     * The picture files a web page shows from beside it ({@code NAME_files/…}), whose text OCR
     * reads into the page's: what its result depends on besides its own bytes. None for other
     * files. The page is read for them only when {@code hashes} has not seen its content.
     */
    public static List<Path> pictures(Path file, FileHashes hashes) {
        return isWebPage(file.getFileName().toString()) ? WebPictures.of(file, hashes) : List.of();
    }

    /**
     * Reads every article file of a folder.
     *
     * @throws IOException when the folder itself is missing or cannot be listed
     */
    public Corpus readAll(Path dir) throws IOException {
        return readAll(dir, ReadCache.NONE, Progress.NONE);
    }

    /** Told after each file of {@link #readAll(Path, ReadCache, Progress)}. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total, reused) -> { };

        /** @param reused whether the file's result came from the cache (it was not parsed) */
        void fileRead(int done, int total, boolean reused);
    }

    /**
     * Reads every article file of a folder, parsing only the files whose result the cache
     * does not hold (added or changed ones); the cache then keeps what this read used.
     *
     * @throws IOException when the folder itself is missing or cannot be listed
     */
    public Corpus readAll(Path dir, ReadCache cache, Progress progress) throws IOException {
        return readAll(dir, cache, FileHashes.inMemory(), progress);
    }

    /**
     * The same, taking each file's hash (for its cache key) from {@code hashes}, which reads only
     * the files it has not hashed as they are now.
     */
    public Corpus readAll(Path dir, ReadCache cache, FileHashes hashes, Progress progress) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("articles folder " + dir + " does not exist or is not a folder");
        }
        List<Article> articles = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<String> files = new ArrayList<>();
        Map<String, String> extracted = new HashMap<>();
        Listing listing = Listing.of(dir);
        List<Path> all = listing.articleFiles();
        Map<Path, String> idBases = idBases(all);
        boolean scans = all.stream().anyMatch(p -> readByOcr(p.getFileName().toString()));
        if (scans) {
            // Looks for Tesseract now, so its absence is said once, at the start, not per file.
            documents.ocrUnavailable();
        }
        Set<String> used = new HashSet<>();
        // Each file's key (its hash, read only when the file changed) and its kept result are
        // found on every core: at 10,000 files, doing it one file after another was most of the
        // reading of a rebuild after one changed file. (File hashes and web pages' picture
        // names are kept in thread-safe maps.)
        String[] keys = new String[all.size()];
        ReadCache.FileResult[] kept = new ReadCache.FileResult[all.size()];
        if (cache != ReadCache.NONE) {
            java.util.stream.IntStream.range(0, all.size()).parallel().forEach(i -> {
                keys[i] = cacheKey(all.get(i), idBases.get(all.get(i)), hashes, listing);
                kept[i] = keys[i] == null ? null : cache.find(keys[i]).orElse(null);
            });
        }
        try {
            for (int i = 0; i < all.size(); i++) {
                Path file = all.get(i);
                String name = file.getFileName().toString();
                String key = keys[i];
                ReadCache.FileResult result = kept[i];
                boolean reused = result != null;
                if (result == null) {
                    Fresh fresh = readFresh(file, idBases.get(file));
                    result = fresh.result();
                    if (key != null && fresh.lasting()) {
                        cache.keep(key, result);
                    }
                }
                if (key != null) {
                    used.add(key);
                }
                for (String problem : result.problems()) {
                    problems.add(new Problem(name, problem));
                    if (reused) {
                        log.warn("Metadata of {}: {}", name, problem.replaceFirst("^metadata: ", ""));
                    }
                }
                if (result.failure() != null) {
                    problems.add(new Problem(name, result.failure()));
                    log.warn("Skipped {}: {}", name, result.failure());
                } else if (result.articles().isEmpty()) {
                    String message = name.toLowerCase(Locale.ROOT).endsWith(".pdf") && result.extracted() != null
                            && result.extracted().isBlank()
                            ? documents.ocrUnavailable().map(why -> "no text layer (a scanned PDF?): OCR is unavailable ("
                                    + why + "; install " + Ocr.PACKAGES + ")")
                                    .orElse("no text layer (a scanned PDF?), and OCR found no text on its pages")
                            : isImage(name) ? "OCR found no article text in the image"
                            : "no article text found";
                    problems.add(new Problem(name, message));
                    log.warn("Skipped {}: {}", name, message);
                } else {
                    articles.addAll(result.articles());
                    files.add(name);
                    if (result.extracted() != null) {
                        extracted.put(name, result.extracted());
                    }
                }
                progress.fileRead(i + 1, all.size(), reused);
            }
        } finally {
            stopWorker();
        }
        cache.retain(used);
        articles = new ArrayList<>(ValidityFinder.link(articles));
        for (Path other : listing.otherFiles()) {
            String name = other.getFileName().toString();
            String ext = extension(name);
            String message = "unknown type" + (ext.isEmpty() ? "" : " (." + ext + ")") + ": only "
                    + String.join(", ", TEXT_TYPES) + ", " + String.join(", ", DOCUMENT_TYPES) + " files are read";
            problems.add(new Problem(name, message));
            log.warn("Skipped {}: {}", name, message);
        }
        return new Corpus(articles, problems, files, extracted);
    }

    /**
     * One file's result as just read, and whether it lasts: false when reading failed for a
     * passing reason (an I/O error, an interrupt), so reading again may succeed and the
     * result must not be kept.
     */
    private record Fresh(ReadCache.FileResult result, boolean lasting) {
    }

    /** Reads one file into a result; a file that cannot be read gives its reason. */
    private Fresh readFresh(Path file, String idBase) {
        String name = file.getFileName().toString();
        List<Problem> metadata = new ArrayList<>();
        try {
            Read read = read(file, idBase, metadata);
            return new Fresh(new ReadCache.FileResult(read.articles(), read.extracted(), messages(metadata), null), true);
        } catch (UnreadableArticleException e) {
            log.debug("Reading {} failed: {}", name, e.getMessage());
            return new Fresh(new ReadCache.FileResult(List.of(), null, messages(metadata), e.getMessage()), !e.transientCause);
        }
    }

    private static List<String> messages(List<Problem> problems) {
        return problems.stream().map(Problem::message).toList();
    }

    /**
     * The cache key of one file's result: a hash of what the result depends on. Null when the
     * file cannot be read to hash it (then it is read without the cache, and says why).
     */
    private String cacheKey(Path file, String idBase, FileHashes hashes, Listing listing) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String name = file.getFileName().toString();
        boolean ocr = readByOcr(name) && documents.ocrUnavailable().isEmpty();
        String settings = name + "|" + idBase + "|" + limits.maxDocumentBytes() + "|" + limits.timeout().toMillis()
                + "|ocr=" + ocr;
        sha.update(settings.getBytes(StandardCharsets.UTF_8));
        try {
            if (Files.size(file) > (isDocument(name) ? limits.maxDocumentBytes() : MAX_FILE_BYTES)) {
                return null; // refused at once by its size: nothing to save, and not worth hashing
            }
            sha.update((byte) 0);
            sha.update(hashes.sha256(file));
            for (Path sidecar : listing.sidecarsOf(file)) {
                sha.update(("|" + sidecar.getFileName()).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(hashes.sha256(sidecar));
            }
            for (Path picture : ocr ? pictures(file, hashes) : List.<Path>of()) {
                sha.update(("|" + file.toAbsolutePath().normalize().getParent().relativize(picture)).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(hashes.sha256(picture));
            }
        } catch (IOException e) {
            return null;
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * What the ids of each file's articles start with: the file's stem ("001_x" for
     * 001_x.txt), unless another file of the folder has the same stem and takes it first
     * (a .txt file, else the first by name); the others use their whole name ("001_x.md"),
     * so two files never share ids and never overwrite each other in the index.
     */
    static Map<Path, String> idBases(List<Path> files) {
        Map<String, List<Path>> byStem = new HashMap<>();
        for (Path file : files) {
            byStem.computeIfAbsent(stem(file.getFileName().toString()), s -> new ArrayList<>()).add(file);
        }
        Map<Path, String> out = new HashMap<>();
        for (Map.Entry<String, List<Path>> e : byStem.entrySet()) {
            List<Path> sharing = new ArrayList<>(e.getValue());
            sharing.sort(Comparator.comparing((Path p) -> !p.getFileName().toString().endsWith(".txt"))
                    .thenComparing(p -> p.getFileName().toString()));
            out.put(sharing.get(0), e.getKey());
            for (Path other : sharing.subList(1, sharing.size())) {
                out.put(other, other.getFileName().toString());
            }
        }
        return out;
    }

    /** The name without its last extension ("a.b.txt" gives "a.b"; "a." and "a" stay as they are). */
    static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot >= 0 && dot < fileName.length() - 1 ? fileName.substring(0, dot) : fileName;
    }

    /** Reads one file; its articles' ids start with the file's stem. */
    public List<Article> read(Path file) throws UnreadableArticleException {
        try {
            return read(file, stem(file.getFileName().toString()), new ArrayList<>()).articles();
        } finally {
            stopWorker();
        }
    }

    private Read read(Path file, String idBase, List<Problem> problems) throws UnreadableArticleException {
        String name = file.getFileName().toString();
        Sidecar sidecar = Sidecar.of(file);
        for (String problem : sidecar.problems()) {
            problems.add(new Problem(name, "metadata: " + problem));
            log.warn("Metadata of {}: {}", name, problem);
        }
        if (isDocument(name)) {
            DocumentReader.Extracted doc = extractInTime(file);
            // A scan's text is printed lines, as a PDF's: both are joined into paragraphs again.
            Mode mode = scannable(name) ? Mode.PDF
                    : MARKED_HEADING.matcher(doc.text()).find() ? Mode.MARKED : Mode.UNMARKED;
            List<Article> articles = withMetadata(parse(name, idBase, doc.text(), mode), doc.title(), doc.date(), sidecar);
            if (doc.ocr()) {
                articles = articles.stream().map(Article::withOcr).toList();
            }
            return new Read(articles, doc.text());
        }
        return new Read(withMetadata(readText(file, name, idBase, sidecar, problems), "", Optional.empty(), sidecar), null);
    }

    /**
     * Title and date from the document's properties (when it has useful ones), then the
     * sidecar over both: the title of the file's first article, the rest for all of them.
     * Validity: what each article's text says, with what the front matter and sidecar say over it.
     */
    private static List<Article> withMetadata(List<Article> articles, String propertyTitle, Optional<LocalDate> propertyDate,
                                              Sidecar sidecar) {
        List<Article> out = new ArrayList<>();
        boolean metadata = !(propertyTitle.isEmpty() && propertyDate.isEmpty() && sidecar.fields().isEmpty());
        for (int i = 0; i < articles.size(); i++) {
            Article a = articles.get(i);
            if (metadata) {
                String title = a.title();
                if (i == 0) {
                    title = sidecar.get("title").orElse(propertyTitle.isEmpty() ? title : propertyTitle);
                }
                Optional<LocalDate> date = sidecar.get("date").flatMap(Sidecar::date).or(() -> propertyDate).or(a::date);
                Map<String, String> info = new HashMap<>(a.info());
                for (String key : Article.INFO_KEYS) {
                    sidecar.get(key).ifPresent(v -> info.put(key, v));
                }
                a = a.withMetadata(title, date, sidecar.get("source").orElse(a.source()), info);
            }
            Validity validity = ValidityFinder.BUNDLED.find(a.bodyText(), a.date())
                    .overriddenBy(a.validity()).overriddenBy(sidecar.validity());
            out.add(validity.isEmpty() ? a : a.withValidity(validity));
        }
        return out;
    }

    /** Parses a document on the worker thread, giving up after the timeout. */
    private DocumentReader.Extracted extractInTime(Path file) throws UnreadableArticleException {
        try {
            long size = Files.size(file);
            if (size > limits.maxDocumentBytes()) {
                throw new UnreadableArticleException("larger than " + megabytes(limits.maxDocumentBytes())
                        + " (" + megabytes(size) + "; the limit is the setting chatbot.retrieval.max-document-mb)");
            }
        } catch (IOException e) {
            throw new UnreadableArticleException("cannot be read: " + DocumentReader.reason(e), true);
        }
        if (worker == null) {
            worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "document-parse");
                t.setDaemon(true);
                return t;
            });
        }
        Future<DocumentReader.Extracted> parse = worker.submit(() -> documents.extract(file));
        try {
            return parse.get(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            parse.cancel(true);
            // The parser may ignore the interrupt: leave its thread behind, the next file gets a new one.
            worker.shutdownNow();
            worker = null;
            boolean ocr = scannable(file.getFileName().toString()) && documents.ocrUnavailable().isEmpty();
            throw new UnreadableArticleException("parsing took longer than " + limits.timeout().toSeconds()
                    + " s and was given up (" + (ocr
                    ? "a long scanned PDF or image? OCR takes seconds a page: raise chatbot.retrieval.document-timeout-seconds"
                    : "a damaged or pathological file?") + ")");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnreadableArticleException u) {
                throw u;
            }
            throw new UnreadableArticleException("cannot be parsed: " + DocumentReader.reason(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            parse.cancel(true);
            throw new UnreadableArticleException("reading was interrupted", true);
        }
    }

    private void stopWorker() {
        if (worker != null) {
            worker.shutdownNow();
            worker = null;
        }
    }

    private static String megabytes(long bytes) {
        return bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? (bytes >> 20) + " MB"
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    /**
     * Reads a text file; a Markdown file's front matter is read as metadata (the sidecar's
     * keys, which the sidecar overrides) and left out of the text.
     */
    private List<Article> readText(Path file, String name, String idBase, Sidecar sidecar, List<Problem> problems)
            throws UnreadableArticleException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new UnreadableArticleException("larger than " + (MAX_FILE_BYTES >> 20) + " MB");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UnreadableArticleException("cannot be read: " + e.getClass().getSimpleName() + " " + e.getMessage(), true);
        }
        String text = decode(bytes);
        if (!name.toLowerCase(Locale.ROOT).endsWith(".md")) {
            return parse(name, idBase, text);
        }
        Sidecar.Front front = Sidecar.frontMatter(name, text);
        for (String problem : front.sidecar().problems()) {
            problems.add(new Problem(name, "metadata: " + problem));
            log.warn("Metadata of {}: {}", name, problem);
        }
        List<Article> articles = parse(name, idBase, front.text());
        return front.sidecar().fields().isEmpty() ? articles
                : withMetadata(articles, "", Optional.empty(), sidecar.over(front.sidecar()));
    }

    /** Parses the text of one file, with the validity its text states; public for tests and tools that hold text in memory. */
    public List<Article> parse(String fileName, String content) {
        return withMetadata(parse(fileName, stem(fileName), content), "", Optional.empty(), Sidecar.NONE);
    }

    /**
     * How a file's lines are read: a text file's by their shape; a document that marks its
     * headings (Word, HTML, RTF, ODT with heading styles) has every other line as a paragraph
     * or table row; one that marks none has headings found by their shape (as a text file);
     * the paragraphs of both are whole (no cut lines to join). A PDF marks nothing: its lines
     * are read by their shape, except table rows (three or more cells), and cut lines are joined.
     */
    enum Mode { TEXT, MARKED, UNMARKED, PDF }

    private static final Pattern MARKED_HEADING = Pattern.compile("(?m)^#{1,6} ");

    private static final Pattern PDF_ROW = Pattern.compile("^[^\\s。；;]+(?: [^\\s。；;]+){2,}$");

    private static final Pattern NUMBERED_HEADING = Pattern.compile(
            "^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十\\d]+[章节条部分])");

    private List<Article> parse(String fileName, String idBase, String content) {
        return parse(fileName, idBase, content, Mode.TEXT);
    }

    private List<Article> parse(String fileName, String idBase, String content, Mode mode) {
        List<Unit> units = new ArrayList<>();
        if (content.startsWith("\uFEFF")) {
            content = content.substring(1);
        }
        String[] lines = content.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = stripControl(lines[i]);
            if (!line.isBlank()) {
                Unit u = LineClassifier.classify(i + 1, line);
                if (mode != Mode.TEXT && u.kind == Unit.Kind.TEXT) {
                    boolean row = line.contains(BlockHandler.CELL_SEPARATOR) || mode == Mode.PDF && PDF_ROW.matcher(u.text).matches();
                    u.paragraph = mode == Mode.MARKED || row;
                    u.whole = row || mode != Mode.MARKED && NUMBERED_HEADING.matcher(u.text).find() && Continuation.headingLike(u.text);
                }
                units.add(u);
            }
        }
        LayoutRepair.markListsAndNotes(units);
        if (mode == Mode.TEXT || mode == Mode.PDF) {
            LayoutRepair.joinCutLines(units);
        }
        return ArticleAssembler.assemble(fileName, idBase, units, mode != Mode.TEXT);
    }

    private static String decode(byte[] bytes) throws UnreadableArticleException {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return text;
        } catch (CharacterCodingException e) {
            throw new UnreadableArticleException("is not UTF-8 text (save it as UTF-8)");
        }
    }

    private static String stripControl(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\t' || !Character.isISOControl(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
