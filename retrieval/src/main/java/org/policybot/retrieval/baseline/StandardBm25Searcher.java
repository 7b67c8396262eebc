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
 */
public final class StandardBm25Searcher implements PassageSearcher {

    private final List<Passage> passages;
    private final IndexSearcher searcher;
    private final Analyzer analyzer = new StandardAnalyzer();

    public StandardBm25Searcher(List<Passage> passages) {
        this.passages = List.copyOf(passages);
        try {
            ByteBuffersDirectory dir = new ByteBuffersDirectory();
            try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(analyzer))) {
                for (int i = 0; i < passages.size(); i++) {
                    Document d = new Document();
                    d.add(new StoredField("n", i));
                    d.add(new TextField("text", passages.get(i).text(), Field.Store.NO));
                    w.addDocument(d);
                }
            }
            this.searcher = new IndexSearcher(DirectoryReader.open(dir));
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
        List<Hit> hits = new ArrayList<>();
        try {
            Query q = new QueryParser("text", analyzer).parse(QueryParser.escape(text));
            for (ScoreDoc sd : searcher.search(q, k).scoreDocs) {
                int n = searcher.storedFields().document(sd.doc).getField("n").numericValue().intValue();
                hits.add(new Hit(hits.size() + 1, sd.score, passages.get(n)));
            }
        } catch (Exception e) {
            // An unparseable question finds nothing, as in a default setup.
        }
        return new SearchResult(none, hits);
    }
}
