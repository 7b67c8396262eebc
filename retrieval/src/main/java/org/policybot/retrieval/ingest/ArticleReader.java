package org.policybot.retrieval.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads article files (UTF-8 text, one paragraph per line, blank lines between) into
 * {@link Article}s, repairing the layout damage of pages turned into text. A file that
 * cannot be read is reported and skipped; it never stops the others.
 */
public final class ArticleReader {

    private static final Logger log = LoggerFactory.getLogger(ArticleReader.class);
    /** Files larger than this are refused: the corpus is articles, not dumps. */
    public static final long MAX_FILE_BYTES = 8L * 1024 * 1024;

    /** A file that was skipped, and why. */
    public record Problem(String file, String message) {
    }

    /** Everything read from a folder. */
    public record Corpus(List<Article> articles, List<Problem> problems, List<String> files) {
        public Corpus {
            articles = List.copyOf(articles);
            problems = List.copyOf(problems);
            files = List.copyOf(files);
        }
    }

    /** Thrown when one file cannot be turned into articles; the message names the file. */
    public static final class UnreadableArticleException extends Exception {
        public UnreadableArticleException(String message) {
            super(message);
        }
    }

    /**
     * The article files of a folder, in name order: *.txt and *.md, except hidden files and
     * a README.md (the folder's own description).
     */
    public static List<Path> articleFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return !name.startsWith(".") && (name.endsWith(".txt") || name.endsWith(".md"))
                        && !name.equals("readme.md") && Files.isRegularFile(p);
            }).sorted().toList();
        }
    }

    /**
     * Reads every article file of a folder.
     *
     * @throws IOException when the folder itself is missing or cannot be listed
     */
    public Corpus readAll(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("articles folder " + dir + " does not exist or is not a folder");
        }
        List<Article> articles = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<String> files = new ArrayList<>();
        List<Path> all = articleFiles(dir);
        Map<Path, String> idBases = idBases(all);
        for (Path file : all) {
            try {
                List<Article> read = read(file, idBases.get(file));
                if (read.isEmpty()) {
                    problems.add(new Problem(file.getFileName().toString(), "no article text found"));
                    log.warn("Skipped {}: no article text found", file.getFileName());
                    continue;
                }
                articles.addAll(read);
                files.add(file.getFileName().toString());
            } catch (UnreadableArticleException e) {
                problems.add(new Problem(file.getFileName().toString(), e.getMessage()));
                log.warn("Skipped {}: {}", file.getFileName(), e.getMessage());
            }
        }
        return new Corpus(articles, problems, files);
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

    private static String stem(String fileName) {
        return fileName.replaceFirst("\\.[^.]+$", "");
    }

    /** Reads one file; its articles' ids start with the file's stem. */
    public List<Article> read(Path file) throws UnreadableArticleException {
        return read(file, stem(file.getFileName().toString()));
    }

    private List<Article> read(Path file, String idBase) throws UnreadableArticleException {
        String name = file.getFileName().toString();
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new UnreadableArticleException("larger than " + (MAX_FILE_BYTES >> 20) + " MB");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UnreadableArticleException("cannot be read: " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
        return parse(name, idBase, decode(bytes));
    }

    /** Parses the text of one file; public for tests and tools that hold text in memory. */
    public List<Article> parse(String fileName, String content) {
        return parse(fileName, stem(fileName), content);
    }

    private List<Article> parse(String fileName, String idBase, String content) {
        List<Unit> units = new ArrayList<>();
        if (content.startsWith("\uFEFF")) {
            content = content.substring(1);
        }
        String[] lines = content.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = stripControl(lines[i]);
            if (!line.isBlank()) {
                units.add(LineClassifier.classify(i + 1, line));
            }
        }
        LayoutRepair.markListsAndNotes(units);
        LayoutRepair.joinCutLines(units);
        return ArticleAssembler.assemble(fileName, idBase, units);
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
