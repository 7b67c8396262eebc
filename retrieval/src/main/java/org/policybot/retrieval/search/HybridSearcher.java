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
 *
 * <p>The question is embedded only when the words alone are not conclusive: when the best
 * sentence the lexical candidates offer already expresses most of the question's concepts
 * (and, for a question asking for a number, date or phone, holds one), the vector side
 * could only reorder passages that all say the same thing, and embedding is most of the
 * time a question costs. Questions phrased away from the articles' words, typos the
 * lexicon does not know and follow-ups still get both retrievers.
 */
public final class HybridSearcher implements PassageSearcher {

    /**
     * Tuning knobs; the defaults are the measured ones.
     *
     * @param conclusiveCoverage concept coverage of the best lexical sentence from which the
     *                           question is not embedded; above 1 it always is
     */
    public record Options(boolean vectors, int candidates, double vectorWeight, int rrfK, double conclusiveCoverage) {
        public static Options defaults(boolean vectors) {
            return new Options(vectors, 50, 0.5, 60, 0.6);
        }

        /** These options, embedding every question. */
        public Options alwaysDense() {
            return new Options(vectors, candidates, vectorWeight, rrfK, Double.POSITIVE_INFINITY);
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
        return corpusOf(index.generation());
    }

    /** The corpus of one generation; the view of the generation in service is kept. */
    private CorpusView corpusOf(LiveIndex.Generation g) {
        CorpusView v = view;
        if (v != null && v.generation().equals(g.name())) {
            return v;
        }
        synchronized (this) {
            v = view;
            if (v == null || !v.generation().equals(g.name())) {
                Vocabulary vocabulary = Vocabulary.of(g.articles().values(), g.passages());
                v = new CorpusView(g.name(), g.builtAt(), g.articles(), g.passages(), vocabulary,
                        new QueryUnderstanding(lexicon, vocabulary), g.source());
                // A search still finishing on the previous generation must not evict the current view.
                if (index.generation() == g) {
                    view = v;
                }
            }
            return v;
        }
    }

    /**
     * Searches one snapshot of the index: the generation whose searcher is acquired gives
     * the corpus, the doc-id table and the passages, so a rebuild swapped in meanwhile
     * never mixes two generations in one result.
     */
    @Override
    public SearchResult search(String question, List<String> context, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1");
        }
        return index.withSnapshot(snapshot -> search(snapshot, question, context, k));
    }

    private SearchResult search(LiveIndex.Snapshot snapshot, String question, List<String> context, int k) {
        CorpusView corpus = corpusOf(snapshot.generation());
        UnderstoodQuery q = corpus.understanding().understand(question, context);
        if (q.isEmpty() && embedder.isEmpty()) {
            return new SearchResult(q, List.of());
        }
        List<Hit> hits;
        boolean vectors = embedder.isPresent() && snapshot.generation().hasVectors();
        if (q.intent() == UnderstoodQuery.Intent.SUMMARY && (vectors || !fuse(snapshot, q, false).isEmpty())) {
            hits = summaryHits(snapshot, q, corpus, k);
        } else {
            SentenceScorer scorer = new SentenceScorer(q, corpus.vocabulary());
            Map<String, Scored> scored = new HashMap<>();
            Reranked reranked = rerank(snapshot, q, scorer, fuse(snapshot, q, false), scored);
            if (vectors && !conclusive(q, reranked.best())) {
                reranked = rerank(snapshot, q, scorer, fuse(snapshot, q, true), scored);
            }
            hits = top(snapshot, reranked.scores(), k);
            if (q.answerType() == UnderstoodQuery.AnswerType.PERSON) {
                hits = withIntroduction(snapshot, hits, corpus, k, scorer, scored);
            }
        }
        return new SearchResult(q, hits);
    }

    private static String lastTurn(List<String> context) {
        for (int i = context.size() - 1; i >= 0; i--) {
            if (context.get(i) != null && !context.get(i).isBlank()) {
                return context.get(i);
            }
        }
        return "";
    }

    /** Whether the best lexical sentence answers the question well enough to skip the vector side. */
    private boolean conclusive(UnderstoodQuery q, SentenceScorer.Score best) {
        return best != null && best.coverage() >= options.conclusiveCoverage()
                && (!AnswerPatterns.isSpecific(q.answerType()) || best.answerType());
    }

    /** Fused score per passage id over the candidates of both retrievers. */
    private Map<String, Double> fuse(LiveIndex.Snapshot snapshot, UnderstoodQuery q, boolean withDense) {
        List<String> lexical = q.isEmpty() ? List.of() : ranked(snapshot, lexicalQuery(q), options.candidates());
        List<String> dense = List.of();
        if (withDense && embedder.isPresent() && snapshot.generation().hasVectors()) {
            // The embedded text carries the last earlier turn only for a follow-up, as the words do.
            String text = q.followUp() ? lastTurn(q.context()) + " " + q.question() : q.question();
            float[] vector = embedder.get().embedQuery(text);
            Query knn = new KnnFloatVectorQuery(Fields.VECTOR, vector, options.candidates(),
                    new TermQuery(new Term(Fields.TYPE, "passage")));
            dense = ranked(snapshot, knn, options.candidates());
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

    /** A passage's best sentence and the passage's own coverage of the question, computed once per search. */
    private record Scored(SentenceScorer.Score best, double coverage) {
    }

    /** Reranked scores per passage id, and the best sentence among them (null when none was scored). */
    record Reranked(Map<String, Double> scores, SentenceScorer.Score best) {
    }

    /**
     * Reorders the best candidates by how well their best sentence answers the question
     * (concept coverage, answer type, year), keeping some weight on the retrieval rank.
     * Passages already in {@code scored} are not scored again.
     */
    private Reranked rerank(LiveIndex.Snapshot snapshot, UnderstoodQuery q, SentenceScorer scorer, Map<String, Double> fused,
                            Map<String, Scored> scored) {
        if (q.isEmpty()) {
            return new Reranked(fused, null);
        }
        Map<String, Passage> byId = snapshot.generation().passagesById();
        List<Map.Entry<String, Double>> entries = new ArrayList<>(fused.entrySet());
        entries.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        Map<String, Double> out = new LinkedHashMap<>();
        SentenceScorer.Score bestOverall = null;
        for (int r = 0; r < entries.size() && r < RERANK_DEPTH; r++) {
            Passage p = byId.get(entries.get(r).getKey());
            if (p == null) {
                continue;
            }
            Scored s = scored.computeIfAbsent(p.id(), id -> new Scored(scorer.best(p), scorer.coverage(p.text())));
            out.put(p.id(), s.best().total() + PASSAGE_COVERAGE * s.coverage() + RANK_WEIGHT / (1.0 + r / 5.0));
            if (bestOverall == null || s.best().total() > bestOverall.total()) {
                bestOverall = s.best();
            }
        }
        return new Reranked(out, bestOverall);
    }

    /**
     * For "who" questions: when the paragraph of the best sentence names someone whom
     * another passage introduces with a title ("…研究院院长刘晖"), bring that passage in
     * second, so the answer can say who the person is.
     */
    private List<Hit> withIntroduction(LiveIndex.Snapshot snapshot, List<Hit> hits, CorpusView corpus, int k,
                                       SentenceScorer scorer, Map<String, Scored> scored) {
        if (hits.isEmpty() || k < 2) {
            return hits;
        }
        Passage top = hits.get(0).passage();
        Scored topScored = scored.get(top.id());
        String best = (topScored != null ? topScored.best() : scorer.best(top)).sentence();
        String paragraph = java.util.Arrays.stream(top.body().split("\n")).filter(line -> line.contains(best))
                .findFirst().orElse(best);
        for (String name : corpus.vocabulary().introducedPeople()) {
            if (!paragraph.contains(name)) {
                continue;
            }
            String introId = corpus.vocabulary().introductionOf(name).orElseThrow();
            Passage intro = snapshot.generation().passagesById().get(introId);
            if (intro == null) {
                continue;
            }
            if (hits.stream().limit(2).anyMatch(h -> h.passage().id().equals(introId))) {
                return hits;
            }
            List<Hit> out = new ArrayList<>();
            out.add(hits.get(0));
            out.add(new Hit(2, hits.get(0).score(), intro));
            for (Hit h : hits.subList(1, hits.size())) {
                if (out.size() < k && !h.passage().id().equals(introId)) {
                    out.add(new Hit(out.size() + 1, h.score(), h.passage()));
                }
            }
            return out;
        }
        return hits;
    }

    private static final int RERANK_DEPTH = 40;
    private static final double PASSAGE_COVERAGE = 0.3;
    private static final double RANK_WEIGHT = 0.3;

    private List<Hit> top(LiveIndex.Snapshot snapshot, Map<String, Double> scores, int k) {
        List<Map.Entry<String, Double>> entries = new ArrayList<>(scores.entrySet());
        entries.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        List<Hit> hits = new ArrayList<>();
        Map<String, Passage> byId = snapshot.generation().passagesById();
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
     * For "what does the article about X say": find the article the question is about (its
     * title, subtitle, byline, headings and lead, together with how well its passages match),
     * then return its lead and the first passage of each section, and the passages that
     * match what the question asks about within the article ("哪些问题", "什么办法").
     */
    private List<Hit> summaryHits(LiveIndex.Snapshot snapshot, UnderstoodQuery q, CorpusView corpus, int k) {
        UnderstoodQuery topic = new UnderstoodQuery(q.question(), q.context(), q.normalized(), q.topicTerms(), q.intent(),
                q.answerType(), q.dates(), q.english(), q.followUp());
        Map<String, Double> passages = fuse(snapshot, topic, true);
        Map<String, Double> heads = scored(snapshot, headQuery(topic), 20);
        Map<String, Passage> byId = snapshot.generation().passagesById();
        Map<String, List<Double>> perArticle = new HashMap<>();
        passages.forEach((id, s) -> {
            Passage p = byId.get(id);
            if (p != null) {
                perArticle.computeIfAbsent(p.articleId(), a -> new ArrayList<>()).add(s);
            }
        });
        double maxHead = heads.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double maxAgg = perArticle.values().stream().mapToDouble(v -> topSum(v, 3)).max().orElse(0);
        Map<String, Double> articleScores = new HashMap<>();
        heads.forEach((id, s) -> articleScores.merge(id, HEAD_WEIGHT * s / maxHead, Double::sum));
        perArticle.forEach((id, v) -> articleScores.merge(id, (1 - HEAD_WEIGHT) * topSum(v, 3) / maxAgg, Double::sum));
        if (articleScores.isEmpty()) {
            return List.of();
        }
        String best = articleScores.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        String head = org.policybot.retrieval.text.ChineseText.fold(corpus.article(best)
                .map(a -> a.title() + a.subtitle() + a.byline()).orElse(""));
        java.util.Set<String> inHead = new java.util.HashSet<>();
        q.topicTerms().stream().filter(t -> head.contains(t.text())).forEach(t -> inHead.add(t.concept()));
        List<QueryTerm> aspects = new ArrayList<>(q.aspectTerms());
        q.topicTerms().stream().filter(t -> !inHead.contains(t.concept())).forEach(aspects::add);
        SentenceScorer aspectScorer = new SentenceScorer(new UnderstoodQuery(q.question(), q.context(), q.normalized(),
                aspects, q.intent(), UnderstoodQuery.AnswerType.OTHER, q.dates(), q.english(), q.followUp()), corpus.vocabulary());
        List<Map.Entry<Passage, Double>> ranked = new ArrayList<>();
        String previousSection = null;
        // An aspect question ("讲了哪些问题") is answered by the passages on that aspect more than by
        // the article's structure; a plain summary follows the structure.
        double structureShare = q.aspectTerms().isEmpty() ? 1.0 : 0.4;
        for (Passage p : corpus.passagesOf(best)) {
            double structure = structureWeight(p, previousSection);
            ranked.add(Map.entry(p, (structure == 1.0 ? 1.0 : structureShare * structure) + aspectScorer.coverage(p.text())));
            previousSection = p.section();
        }
        ranked.sort(Map.Entry.<Passage, Double>comparingByValue().reversed());
        List<Hit> hits = new ArrayList<>();
        for (Map.Entry<Passage, Double> e : ranked.subList(0, Math.min(k, ranked.size()))) {
            hits.add(new Hit(hits.size() + 1, round(e.getValue()), e.getKey()));
        }
        return hits;
    }

    private static final double HEAD_WEIGHT = 0.6;

    /**
     * How much a passage says about its whole article by its place: the lead and an
     * abstract most, the rest of the lead and each section's opening next.
     */
    static double structureWeight(Passage p, String previousSection) {
        if (p.position() == 0 || p.body().startsWith("【摘要】") || p.body().startsWith("[摘要]")) {
            return 1.0;
        }
        if (p.section().isEmpty() && p.position() == 1) {
            return 0.7;
        }
        return p.section().equals(previousSection) ? 0.0 : 0.5;
    }

    /** BM25 over the head of each article (title, subtitle, byline, headings, lead). */
    Query headQuery(UnderstoodQuery q) {
        Map<Term, Double> boosts = new LinkedHashMap<>();
        for (QueryTerm t : q.terms()) {
            for (String token : Analyzers.segment(t.text())) {
                boosts.merge(new Term(Fields.HEAD_WORDS, token), t.weight(), Math::max);
            }
            List<String> grams = tokens(bigrams, t.text());
            double norm = Math.sqrt(Math.max(1, grams.size()));
            for (String gram : grams) {
                if (gram.codePointCount(0, gram.length()) >= 2) {
                    boosts.merge(new Term(Fields.HEAD_BIGRAMS, gram), t.weight() * 0.5 / norm, Math::max);
                }
            }
        }
        return booleanOf(boosts, "article");
    }

    private static double topSum(List<Double> values, int n) {
        return values.stream().sorted(Comparator.reverseOrder()).limit(n).mapToDouble(Double::doubleValue).sum();
    }

    private List<String> ranked(LiveIndex.Snapshot snapshot, Query query, int n) {
        return new ArrayList<>(scored(snapshot, query, n).keySet());
    }

    /** Document ids with their scores, best first, mapped through the snapshot's own doc-id table. */
    private Map<String, Double> scored(LiveIndex.Snapshot snapshot, Query query, int n) {
        try {
            TopDocs top = snapshot.searcher().search(query, n);
            Map<String, Double> ids = new LinkedHashMap<>();
            for (ScoreDoc sd : top.scoreDocs) {
                String id = snapshot.generation().idOf(sd.doc);
                if (id != null) {
                    ids.put(id, (double) sd.score);
                }
            }
            return ids;
        } catch (IOException e) {
            throw new IndexException("search failed: " + e.getMessage(), e);
        }
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
        return booleanOf(boosts, "passage");
    }

    private static Query booleanOf(Map<Term, Double> boosts, String type) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(new TermQuery(new Term(Fields.TYPE, type)), BooleanClause.Occur.FILTER);
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
