package org.policybot.retrieval.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.policybot.retrieval.embed.Embedder;
import org.policybot.retrieval.index.Analyzers;
import org.policybot.retrieval.index.Fields;
import org.policybot.retrieval.index.IndexException;
import org.policybot.retrieval.index.LiveIndex;
import org.policybot.retrieval.ingest.Passage;

/**
 * Hybrid search: BM25 over words, bigrams and the passage context (title, section,
 * byline), plus nearest neighbours of the BGE query vector, fused by reciprocal rank.
 * Summary questions return the main passages of the best matching article instead.
 */
public final class HybridSearcher implements PassageSearcher {

    /** Tuning knobs; the defaults are the measured ones. */
    public record Options(boolean vectors, int candidates, double vectorWeight, int rrfK) {
        public static Options defaults(boolean vectors) {
            return new Options(vectors, 50, 1.0, 60);
        }
    }

    private static final int MAX_TERMS = 64;

    private final LiveIndex index;
    private final Lexicon lexicon;
    private final Optional<Embedder> embedder;
    private final Options options;
    private final Analyzer bigrams = Analyzers.bigrams();
    private volatile CorpusView view;

    public HybridSearcher(LiveIndex index, Lexicon lexicon, Optional<Embedder> embedder, Options options) {
        this.index = index;
        this.lexicon = lexicon;
        this.embedder = options.vectors() ? embedder : Optional.empty();
        this.options = options;
    }

    @Override
    public String name() {
        return embedder.isPresent() ? "hybrid" : "bm25";
    }

    /** The corpus of the generation in service (rebuilt when the index switches generation). */
    public CorpusView corpus() {
        LiveIndex.Generation g = index.generation();
        CorpusView v = view;
        if (v == null || !v.generation().equals(g.name())) {
            synchronized (this) {
                v = view;
                if (v == null || !v.generation().equals(g.name())) {
                    Vocabulary vocabulary = Vocabulary.of(g.articles().values(), g.passages());
                    v = new CorpusView(g.name(), g.builtAt(), g.articles(), g.passages(), vocabulary,
                            new QueryUnderstanding(lexicon, vocabulary));
                    view = v;
                }
            }
        }
        return v;
    }

    @Override
    public SearchResult search(String question, List<String> context, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1");
        }
        CorpusView corpus = corpus();
        UnderstoodQuery q = corpus.understanding().understand(question, context);
        if (q.isEmpty() && embedder.isEmpty()) {
            return new SearchResult(q, List.of());
        }
        Map<String, Double> fused = fuse(q, corpus);
        List<Hit> hits;
        if (q.intent() == UnderstoodQuery.Intent.SUMMARY && !fused.isEmpty()) {
            hits = summaryHits(fused, corpus, k);
        } else {
            hits = top(fused, corpus, k);
        }
        return new SearchResult(q, hits);
    }

    /** Fused score per passage id over the candidates of both retrievers. */
    Map<String, Double> fuse(UnderstoodQuery q, CorpusView corpus) {
        LiveIndex.Generation g = index.generation();
        List<String> lexical = q.isEmpty() ? List.of() : ranked(lexicalQuery(q), options.candidates());
        List<String> dense = List.of();
        if (embedder.isPresent() && g.hasVectors()) {
            String text = q.context().isEmpty() ? q.question() : q.context().get(q.context().size() - 1) + " " + q.question();
            float[] vector = embedder.get().embedQuery(text);
            Query knn = new KnnFloatVectorQuery(Fields.VECTOR, vector, options.candidates(),
                    new TermQuery(new Term(Fields.TYPE, "passage")));
            dense = ranked(knn, options.candidates());
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int r = 0; r < lexical.size(); r++) {
            scores.merge(lexical.get(r), 1.0 / (options.rrfK() + r + 1), Double::sum);
        }
        for (int r = 0; r < dense.size(); r++) {
            scores.merge(dense.get(r), options.vectorWeight() / (options.rrfK() + r + 1), Double::sum);
        }
        return scores;
    }

    private List<Hit> top(Map<String, Double> scores, CorpusView corpus, int k) {
        List<Map.Entry<String, Double>> entries = new ArrayList<>(scores.entrySet());
        entries.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        List<Hit> hits = new ArrayList<>();
        Map<String, Passage> byId = index.generation().passagesById();
        for (Map.Entry<String, Double> e : entries) {
            Passage p = byId.get(e.getKey());
            if (p != null) {
                hits.add(new Hit(hits.size() + 1, round(e.getValue()), p));
                if (hits.size() == k) {
                    break;
                }
            }
        }
        return hits;
    }

    /**
     * For "what does the article about X say": find the article the question is about (the
     * one whose passages score best together), then return its lead and the first passage
     * of each section, then its other passages by relevance.
     */
    private List<Hit> summaryHits(Map<String, Double> scores, CorpusView corpus, int k) {
        Map<String, Passage> byId = index.generation().passagesById();
        Map<String, List<Double>> perArticle = new HashMap<>();
        scores.forEach((id, s) -> {
            Passage p = byId.get(id);
            if (p != null) {
                perArticle.computeIfAbsent(p.articleId(), a -> new ArrayList<>()).add(s);
            }
        });
        String best = perArticle.entrySet().stream()
                .max(Comparator.comparingDouble(e -> topSum(e.getValue(), 3)))
                .map(Map.Entry::getKey).orElseThrow();
        double max = scores.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        List<Passage> passages = corpus.passagesOf(best);
        List<Map.Entry<Passage, Double>> ranked = new ArrayList<>();
        String previousSection = null;
        for (Passage p : passages) {
            double structure = p.position() == 0 ? 1.0 : (!p.section().equals(previousSection) ? 0.6 : 0.0);
            previousSection = p.section();
            double relevance = scores.getOrDefault(p.id(), 0.0) / max;
            ranked.add(Map.entry(p, structure + 0.8 * relevance));
        }
        ranked.sort(Map.Entry.<Passage, Double>comparingByValue().reversed());
        List<Hit> hits = new ArrayList<>();
        for (Map.Entry<Passage, Double> e : ranked.subList(0, Math.min(k, ranked.size()))) {
            hits.add(new Hit(hits.size() + 1, round(e.getValue()), e.getKey()));
        }
        return hits;
    }

    private static double topSum(List<Double> values, int n) {
        return values.stream().sorted(Comparator.reverseOrder()).limit(n).mapToDouble(Double::doubleValue).sum();
    }

    private List<String> ranked(Query query, int n) {
        return index.withSearcher(searcher -> {
            try {
                TopDocs top = searcher.search(query, n);
                List<String> ids = new ArrayList<>(top.scoreDocs.length);
                var stored = searcher.getIndexReader().storedFields();
                for (ScoreDoc sd : top.scoreDocs) {
                    ids.add(stored.document(sd.doc, java.util.Set.of(Fields.ID)).get(Fields.ID));
                }
                return ids;
            } catch (IOException e) {
                throw new IndexException("search failed: " + e.getMessage(), e);
            }
        });
    }

    /** BM25 over words, bigrams and context, one boosted clause per distinct (field, token). */
    Query lexicalQuery(UnderstoodQuery q) {
        Map<Term, Double> boosts = new LinkedHashMap<>();
        int used = 0;
        for (QueryTerm t : q.terms()) {
            if (used++ >= MAX_TERMS) {
                break;
            }
            double w = t.weight();
            for (String token : Analyzers.segment(t.text())) {
                boosts.merge(new Term(Fields.WORDS, token), w, Math::max);
                boosts.merge(new Term(Fields.CONTEXT_WORDS, token), w * 0.4, Math::max);
            }
            List<String> grams = tokens(bigrams, t.text());
            double norm = Math.sqrt(Math.max(1, grams.size()));
            for (String gram : grams) {
                if (gram.codePointCount(0, gram.length()) < 2) {
                    continue;
                }
                boosts.merge(new Term(Fields.BIGRAMS, gram), w * 0.5 / norm, Math::max);
                boosts.merge(new Term(Fields.CONTEXT_BIGRAMS, gram), w * 0.2 / norm, Math::max);
            }
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(new TermQuery(new Term(Fields.TYPE, "passage")), BooleanClause.Occur.FILTER);
        int clauses = 0;
        for (Map.Entry<Term, Double> e : boosts.entrySet()) {
            if (clauses++ >= IndexSearcher.getMaxClauseCount() - 2) {
                break;
            }
            b.add(new BoostQuery(new TermQuery(e.getKey()), e.getValue().floatValue()), BooleanClause.Occur.SHOULD);
        }
        b.setMinimumNumberShouldMatch(1);
        return b.build();
    }

    static List<String> tokens(Analyzer analyzer, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("f", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }
}
