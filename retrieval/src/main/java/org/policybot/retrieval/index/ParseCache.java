package org.policybot.retrieval.index;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.policybot.retrieval.ingest.ReadCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader's per-file results on disk under the data folder, one gzipped JSON file per
 * key, in a folder per index format (a reader of another format never sees them). A
 * damaged entry is a miss and is removed; a failure to write one only warns: the next
 * build parses that file again.
 */
final class ParseCache implements ReadCache {

    private static final Logger log = LoggerFactory.getLogger(ParseCache.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");
    private static final String SUFFIX = ".json.gz";

    /** An entry as stored: articles in the index's own article record. */
    record Stored(List<ArticleJson.Stored> articles, @JsonInclude(JsonInclude.Include.NON_NULL) String extracted,
                  List<String> problems, @JsonInclude(JsonInclude.Include.NON_NULL) String failure) {
    }

    private final Path root;
    private final Path dir;
    private boolean warned;

    /** @param root the cache's folder; entries go in a subfolder named by the index format */
    ParseCache(Path root) {
        this.root = root;
        this.dir = root.resolve(Corpora.FORMAT);
    }

    @Override
    public Optional<FileResult> find(String key) {
        if (!KEY.matcher(key).matches()) {
            return Optional.empty();
        }
        Path file = dir.resolve(key + SUFFIX);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            Stored s = JSON.readValue(in, Stored.class);
            return Optional.of(new FileResult(s.articles().stream().map(ArticleJson.Stored::article).toList(),
                    s.extracted(), s.problems(), s.failure()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            log.warn("Ignoring a damaged entry of the parse cache ({}): the file is parsed again", e.toString());
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // Overwritten by keep() when the file has been parsed again.
            }
            return Optional.empty();
        }
    }

    @Override
    public void keep(String key, FileResult result) {
        if (!KEY.matcher(key).matches()) {
            return;
        }
        Stored s = new Stored(result.articles().stream().map(ArticleJson.Stored::of).toList(), result.extracted(),
                result.problems(), result.failure());
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, key, ".tmp");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp))) {
                JSON.writeValue(out, s);
            }
            Files.move(tmp, dir.resolve(key + SUFFIX), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            if (!warned) {
                log.warn("The parse cache in {} cannot be written ({}): changed files are parsed again on every build",
                        dir, e.toString());
                warned = true;
            }
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // A leftover .tmp file is removed by the next retain().
                }
            }
        }
    }

    /** Removes every entry not used by the last read, and the folders of other index formats. */
    @Override
    public void retain(Set<String> keys) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (DirectoryStream<Path> formats = Files.newDirectoryStream(root)) {
            for (Path format : formats) {
                if (!format.equals(dir) && Files.isDirectory(format)) {
                    IndexLayout.deleteTree(format);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Could not tidy {}: {}", root, e.toString());
        }
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean kept = name.endsWith(SUFFIX) && keys.contains(name.substring(0, name.length() - SUFFIX.length()));
                // A .tmp file may be another build's entry being written: it goes once it is old.
                if (!kept && (!name.endsWith(".tmp") || olderThanAnHour(entry))) {
                    Files.deleteIfExists(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Could not tidy {}: {}", dir, e.toString());
        }
    }

    private static boolean olderThanAnHour(Path file) throws IOException {
        return Files.getLastModifiedTime(file).toMillis() < System.currentTimeMillis() - 3_600_000L;
    }
}
