package org.policybot.retrieval.baseline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.search.Hit;
import org.policybot.retrieval.search.PassageSearcher;
import org.policybot.retrieval.search.SearchResult;
import org.policybot.retrieval.search.UnderstoodQuery;

/**
 * Baseline for evaluation: Lucene's StandardAnalyzer (one token per Chinese character),
 * BM25, the question as typed, no query understanding. What a default Lucene setup does.
 * Holds an in-memory index: close it when the evaluation is done.
 */
public final class StandardBm25Searcher implements PassageSearcher, AutoCloseable {

    /**
     * The end of the text searched (the question and the latest context): the analyzer makes
     * at most one clause per character, so this stays well under the clause limit.
     *
     * <p>NOTE: a default setup fails on longer text (too many clauses) and would find nothing;
     * the baseline keeps the end instead, so its figures measure ranking, not that failure.
     */
    static final int MAX_QUERY_CHARS = 256;

    private final List<Passage> passages;
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final Analyzer analyzer = new StandardAnalyzer();

    public StandardBm25Searcher(List<Passage> passages) {
        this.passages = List.copyOf(passages);
        try {
            try (IndexWriter w = new IndexWriter(directory, new IndexWriterConfig(analyzer))) {
                for (int i = 0; i < passages.size(); i++) {
                    Document d = new Document();
                    d.add(new StoredField("n", i));
                    d.add(new TextField("text", passages.get(i).text(), Field.Store.NO));
                    w.addDocument(d);
                }
            }
            this.reader = DirectoryReader.open(directory);
            this.searcher = new IndexSearcher(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "bm25-standard";
    }

    @Override
    public SearchResult search(String question, List<String> context, int k) {
        String text = context.isEmpty() ? question : String.join(" ", context) + " " + question;
        UnderstoodQuery none = new UnderstoodQuery(question, context, text, List.of(), UnderstoodQuery.Intent.FACT,
                UnderstoodQuery.AnswerType.OTHER, List.of(), false);
        Query q;
        try {
            q = new QueryParser("text", analyzer).parse(QueryParser.escape(end(text, MAX_QUERY_CHARS)));
        } catch (ParseException e) {
            // A question the parser rejects (empty, "AND OR NOT") finds nothing, as in a default setup.
            return new SearchResult(none, List.of());
        }
        List<Hit> hits = new ArrayList<>();
        try {
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc sd : searcher.search(q, k).scoreDocs) {
                int n = stored.document(sd.doc).getField("n").numericValue().intValue();
                hits.add(new Hit(hits.size() + 1, sd.score, passages.get(n)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("baseline search failed", e);
        }
        return new SearchResult(none, hits);
    }

    /** The last {@code max} characters of the text, never splitting a surrogate pair. */
    private static String end(String text, int max) {
        int count = text.codePointCount(0, text.length());
        return count <= max ? text : text.substring(text.offsetByCodePoints(0, count - max));
    }

    @Override
    public void close() {
        try (directory; reader) {
            // Closes the reader, then the in-memory index.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
