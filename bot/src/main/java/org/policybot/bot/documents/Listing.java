package org.policybot.bot.documents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.policybot.retrieval.index.IndexService;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.ArticleReader;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.search.CorpusView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of the articles folder with what the index in service made of each: its
 * articles and passages, or why it was skipped. The reasons come from the last build of this
 * process; after a restart that reused the index on disk, a skipped file is read again once
 * (and its reasons kept while it is unchanged).
 */
public final class Listing {

    private static final Logger log = LoggerFactory.getLogger(Listing.class);

    /** Whether a file is in the index in service, was skipped by its build, or changed since. */
    public enum Status { INDEXED, SKIPPED, PENDING }

    /**
     * One file of the folder.
     *
     * @param articles the articles read from it, in the order of the file
     * @param sidecar  the name of its sidecar metadata file, when it has one
     * @param problems what the reader said of it: why it was skipped, or what it could not use
     */
    public record Entry(String file, String type, long bytes, Instant modified, List<Article> articles, int passages,
                        Status status, List<String> problems, Optional<String> sidecar) {
        public Entry {
            articles = List.copyOf(articles);
            problems = List.copyOf(problems);
        }
    }

    /** Reasons found by reading a skipped file again, by name, with the size and time they hold for. */
    private record Rechecked(long bytes, Instant modified, List<String> problems) {
    }

    private final IndexService index;
    private final Path articlesDir;
    private final Path work;
    private final Map<String, Rechecked> rechecked = new ConcurrentHashMap<>();

    Listing(IndexService index, Path work) {
        this.index = index;
        this.articlesDir = index.articlesDir();
        this.work = work;
    }

    /** The file of the folder with this exact name, when it is one the list shows. */
    Optional<Path> find(String name) {
        return files().stream().filter(p -> p.getFileName().toString().equals(name)).findFirst();
    }

    /**
     * Regular files of the articles folder in name order, except hidden ones, sidecars (shown
     * with their file) and the folder's README.md.
     */
    private List<Path> files() {
        try (Stream<Path> s = Files.list(articlesDir)) {
            return s.filter(p -> {
                String name = p.getFileName().toString();
                return !name.startsWith(".") && !ArticleReader.isSidecar(name) && !name.equalsIgnoreCase("readme.md")
                        && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the articles folder " + articlesDir, e);
        }
    }

    List<Entry> entries(CorpusView view) {
        Map<String, List<Article>> articles = new HashMap<>();
        view.articles().values().stream().sorted(Comparator.comparingInt(Article::line))
                .forEach(a -> articles.computeIfAbsent(a.file(), f -> new ArrayList<>()).add(a));
        Map<String, Integer> passages = new HashMap<>();
        for (Passage p : view.passages()) {
            passages.merge(p.file(), 1, Integer::sum);
        }
        Optional<Map<String, List<String>>> lastProblems = index.lastBuild().map(b -> {
            Map<String, List<String>> m = new HashMap<>();
            b.problems().forEach(p -> m.computeIfAbsent(p.file(), f -> new ArrayList<>()).add(p.message()));
            return m;
        });
        List<Entry> out = new ArrayList<>();
        for (Path file : files()) {
            String name = file.getFileName().toString();
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                continue; // removed while listing
            }
            Instant modified = attributes.lastModifiedTime().toInstant();
            List<Article> read = articles.getOrDefault(name, List.of());
            Status status = modified.isAfter(view.builtAt()) ? Status.PENDING : read.isEmpty() ? Status.SKIPPED : Status.INDEXED;
            List<String> problems = lastProblems.map(m -> m.getOrDefault(name, List.of()))
                    .orElseGet(() -> status == Status.SKIPPED ? recheck(file, attributes.size(), modified) : List.of());
            Optional<String> sidecar = ArticleReader.sidecarCandidates(file).stream()
                    .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).map(p -> p.getFileName().toString()).findFirst();
            out.add(new Entry(name, FileNames.extension(name), attributes.size(), modified, read,
                    passages.getOrDefault(name, 0), status, problems, sidecar));
        }
        return out;
    }

    /** Why a skipped file was skipped, read again from a copy (with its sidecars) in the work folder. */
    private List<String> recheck(Path file, long bytes, Instant modified) {
        String name = file.getFileName().toString();
        Rechecked known = rechecked.get(name);
        if (known != null && known.bytes() == bytes && known.modified().equals(modified)) {
            return known.problems();
        }
        Path folder = null;
        try {
            folder = Files.createTempDirectory(work, "recheck-");
            Files.copy(file, folder.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
            for (Path sidecar : ArticleReader.sidecarCandidates(file)) {
                if (Files.isRegularFile(sidecar, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(sidecar, folder.resolve(sidecar.getFileName().toString()));
                }
            }
            List<String> problems = index.check(folder).problems().stream()
                    .filter(p -> p.file().equals(name)).map(ArticleReader.Problem::message).toList();
            rechecked.put(name, new Rechecked(bytes, modified, problems));
            return problems;
        } catch (IOException e) {
            log.warn("Could not read {} again to say why it was skipped: {}", name, e.getMessage());
            return List.of();
        } finally {
            if (folder != null) {
                try {
                    DocumentLibrary.deleteTree(folder);
                } catch (IOException e) {
                    log.warn("Could not delete {}: {}", folder, e.getMessage());
                }
            }
        }
    }

}
