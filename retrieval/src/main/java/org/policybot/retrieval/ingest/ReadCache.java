package org.policybot.retrieval.ingest;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one file gave when it was last read, kept between reads of a folder so that only
 * added or changed files are parsed again. Entries are found by a key that
 * {@link ArticleReader} derives from everything the result depends on: the file's name and
 * bytes, its sidecar's, the ids its articles take, the reader's limits and whether scanned
 * pages can be read. Where the entries live, and in which format, is the cache's business.
 */
public interface ReadCache {

    /**
     * One file's result before the folder-wide steps (replacements are linked afterwards).
     *
     * @param articles  its articles (empty when it gave none, or failed)
     * @param extracted the text extracted from a document, null for a text file
     * @param problems  what the reader said of its metadata (sidecar, front matter)
     * @param failure   why it could not be read, null when it could
     */
    record FileResult(List<Article> articles, String extracted, List<String> problems, String failure) {
        public FileResult {
            articles = List.copyOf(articles);
            problems = List.copyOf(problems);
        }
    }

    /** The result kept under the key, if any (a damaged entry counts as none). Called from several threads at once. */
    Optional<FileResult> find(String key);

    /** Keeps a result; a failure to keep it is the cache's to report, never the read's. */
    void keep(String key, FileResult result);

    /** After a whole folder was read: the keys it used; the cache may drop every other entry. */
    void retain(Set<String> keys);

    /** Keeps nothing: every file is parsed on every read. */
    ReadCache NONE = new ReadCache() {
        @Override
        public Optional<FileResult> find(String key) {
            return Optional.empty();
        }

        @Override
        public void keep(String key, FileResult result) {
        }

        @Override
        public void retain(Set<String> keys) {
        }
    };
}
