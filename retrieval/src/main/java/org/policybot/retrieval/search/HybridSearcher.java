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
import org.policybot.retrieval.rank.LinearModel;
import org.policybot.retrieval.rank.Models;
import org.policybot.retrieval.text.ChineseText;

/**
 * Hybrid search: BM25 over words, bigrams and the passage context (title, section, byline),
 * and the nearest neighbours of the question's BGE vector, as candidates; then a fitted
 * ranker orders the candidates by features of both retrievers, the vectors of the passage
 * and of its sentences, and how much of the question the passage's best sentence expresses
 * ({@link PassageFeatures}). Every question is embedded when vectors are on. Summary
 * questions return the main passages of the best matching article instead.
 */
public final class HybridSearcher implements PassageSearcher {

    /**
     * @param candidates how many passages each retriever contributes
     * @param models     the fitted models; the variant with or without vectors is used
     */
    public record Options(boolean vectors, int candidates, Models models) {
        public static Options defaults(boolean vectors) {
            return new Options(vectors, 50, Models.bundled());
        }

        public Options withModels(Models m) {
            return new Options(vectors, candidates, m);
        }
    }

    private static final int MAX_TERMS = 64;
    /** Candidates beyond this many (in fused order) are not scored: they never reach the top. */
    private static final int RANK_DEPTH = 60;

    private final LiveIndex index;
    private final Lexicon lexicon;
    private final Optional<Embedder> embedder;
    private final Options options;
    private final Analyzer bigrams = Analyzers.bigrams();
    /** The corpus view of the generation in service, shared by searchers that differ only in their models. */
    private final java.util.concurrent.atomic.AtomicReference<CorpusView> view;
    /** The view of the generation about to replace the one in service, prepared before it serves. */
    private final java.util.concurrent.atomic.AtomicReference<CorpusView> prepared;
    /** Prepares the view of each new generation; the index holds it weakly, this searcher strongly. */
    private final java.util.function.Consumer<LiveIndex.Generation> warmer;

    public HybridSearcher(LiveIndex index, Lexicon lexicon, Optional<Embedder> embedder, Options options) {
        this(index, lexicon, embedder, options, new java.util.concurrent.atomic.AtomicReference<>(),
                new java.util.concurrent.atomic.AtomicReference<>());
        index.addWarmer(warmer);
    }

    private HybridSearcher(LiveIndex index, Lexicon lexicon, Optional<Embedder> embedder, Options options,
                           java.util.concurrent.atomic.AtomicReference<CorpusView> view,
                           java.util.concurrent.atomic.AtomicReference<CorpusView> prepared) {
        this.index = index;
        this.lexicon = lexicon;
        this.embedder = options.vectors() ? embedder : Optional.empty();
        this.options = options;
        this.view = view;
        this.prepared = prepared;
        this.warmer = g -> prepared.set(viewOf(g));
        Models.checkFeatures(options.models().variant(true).passages(), PassageFeatures.NAMES, "passage");
    }

    /** The same index, lexicon, embedder and corpus view with other models (for cross-validation). */
    public HybridSearcher withModels(Models models) {
        return new HybridSearcher(index, lexicon, embedder, options.withModels(models), view, prepared);
    }

    @Override
    public String name() {
        return embedder.isPresent() ? "hybrid" : "bm25";
    }

    /** Whether questions are embedded (vectors on and a model loaded). */
    public boolean vectors() {
        return embedder.isPresent();
    }

    /** The models in use: the variant with vectors when they are on. */
    public Models.Variant models() {
        return options.models().variant(embedder.isPresent());
    }

    /** The corpus of the generation in service (rebuilt when the index switches generation). */
    public CorpusView corpus() {
        return corpusOf(index.generation());
    }

    /** The corpus of one generation; the view of the generation in service is kept. */
    private CorpusView corpusOf(LiveIndex.Generation g) {
        CorpusView v = view.get();
        if (v != null && v.generation().equals(g.name())) {
            return v;
        }
        CorpusView ready = prepared.get();
        if (ready != null && ready.generation().equals(g.name())) {
            // Prepared before the generation went into service (its vocabulary takes tens of seconds at 10,000 documents).
            if (index.generation() == g) {
                view.set(ready);
                prepared.compareAndSet(ready, null);
            }
            return ready;
        }
        synchronized (view) {
            v = view.get();
            if (v == null || !v.generation().equals(g.name())) {
                v = viewOf(g);
                // A search still finishing on the previous generation must not evict the current view.
                if (index.generation() == g) {
                    view.set(v);
                }
            }
            return v;
        }
    }

    /** Whether the view of this generation is ready, so its first search builds nothing. */
    boolean viewReady(String generation) {
        CorpusView v = view.get();
        CorpusView p = prepared.get();
        return v != null && v.generation().equals(generation) || p != null && p.generation().equals(generation);
    }

    /** The corpus view of a generation: its vocabulary and query understanding (built from all its passages). */
    private CorpusView viewOf(LiveIndex.Generation g) {
        Vocabulary vocabulary = Vocabulary.of(g.articles().values(), g.passages());
        return new CorpusView(g.name(), g.builtAt(), g.articles(), g.passages(), vocabulary,
                new QueryUnderstanding(lexicon, vocabulary), g.source(), g.vectors(), g.extracted(), g.passagesById());
    }

    /**
     * Searches one snapshot of the index: the generation whose searcher is acquired gives
     * the corpus, the doc-id table and the passages, so a rebuild swapped in meanwhile
     * never mixes two generations in one result; the result carries that corpus.
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
        float[] vector = queryVector(snapshot, q);
        if (q.isEmpty() && vector == null) {
            return new SearchResult(q, List.of(), corpus, null, Map.of());
        }
        List<Hit> hits;
        Map<String, Double> scores = new HashMap<>();
        if (q.intent() == UnderstoodQuery.Intent.SUMMARY && (vector != null || !lexical(snapshot, q).isEmpty())) {
            hits = summaryHits(snapshot, q, corpus, k, vector);
        } else {
            SentenceScorer scorer = new SentenceScorer(q, corpus.vocabulary());
            List<Candidate> ranked = candidates(snapshot, corpus, q, vector, scorer);
            LinearModel ranker = models().passages();
            double[] logits = new double[ranked.size()];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = ranker.logit(ranked.get(i).features());
            }
            // Each candidate's probability of being the passage that answers, among this question's candidates.
            double[] p = org.policybot.retrieval.rank.ListwiseRegression.softmax(logits);
            Map<String, SentenceScorer.Score> best = new HashMap<>();
            for (int i = 0; i < p.length; i++) {
                scores.put(ranked.get(i).passage().id(), p[i]);
                best.put(ranked.get(i).passage().id(), ranked.get(i).best());
            }
            hits = top(snapshot, scores, k);
            if (q.answerType() == UnderstoodQuery.AnswerType.PERSON) {
                hits = withIntroduction(snapshot, hits, corpus, k, scorer, best);
            }
        }
        return new SearchResult(q, hits, corpus, vector, scores);
    }

    /** The Chinese words an English question's words translate to, in order. */
    private static String translated(UnderstoodQuery q) {
        StringBuilder sb = new StringBuilder();
        for (QueryTerm t : q.terms()) {
            if (t.source() == QueryTerm.Source.TRANSLATION) {
                sb.append(t.text()).append(' ');
            }
        }
        return sb.toString().strip();
    }

    private static String lastTurn(List<String> context) {
        for (int i = context.size() - 1; i >= 0; i--) {
            if (context.get(i) != null && !context.get(i).isBlank()) {
                return context.get(i);
            }
        }
        return "";
    }

    /** The question's vector (with the earlier turn's words for a follow-up), or null without vectors. */
    private float[] queryVector(LiveIndex.Snapshot snapshot, UnderstoodQuery q) {
        if (embedder.isEmpty() || !snapshot.generation().hasVectors() || !embeddable(q.question())) {
            return null;
        }
        // A question in English is embedded with the Chinese words it translates to: the model reads Chinese.
        String own = q.english() ? translated(q) + " " + q.question() : q.question();
        // The embedded text carries the last earlier turn only for a follow-up, as the words do.
        String text = q.followUp() ? lastTurn(q.context()) + " " + own : own;
        return embedder.get().embedQuery(text);
    }

    /** The vector of a text, embedded as a question is; null without vectors or without a word to embed. */
    public float[] embed(String text) {
        return embedder.isEmpty() || !embeddable(text) ? null : embedder.get().embedQuery(text);
    }

    /**
     * Whether the model's tokenizer finds anything in the text: it drops whitespace, control
     * and format characters (zero-width spaces, BOM), unpaired surrogates, private-use and
     * unassigned code points, U+FFFD and combining marks, and refuses a text left empty.
     */
    static boolean embeddable(String text) {
        return text != null && text.codePoints().anyMatch(cp -> {
            int type = Character.getType(cp);
            return !Character.isWhitespace(cp) && !Character.isSpaceChar(cp) && cp != 0xFFFD
                    && type != Character.CONTROL && type != Character.FORMAT && type != Character.SURROGATE
                    && type != Character.PRIVATE_USE && type != Character.UNASSIGNED
                    && type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK;
        });
    }

    /** A candidate passage with its ranking features and its best sentence. */
    public record Candidate(Passage passage, double[] features, SentenceScorer.Score best) {
    }

    /**
     * Every candidate of both retrievers for a question, with its features, in no particular
     * order: what the ranker is fitted on ({@code chatbot train}).
     */
    public List<Candidate> candidates(String question, List<String> context) {
        return index.withSnapshot(snapshot -> {
            CorpusView corpus = corpusOf(snapshot.generation());
            UnderstoodQuery q = corpus.understanding().understand(question, context);
            if (q.intent() == UnderstoodQuery.Intent.SUMMARY) {
                return List.of();
            }
            return candidates(snapshot, corpus, q, queryVector(snapshot, q), new SentenceScorer(q, corpus.vocabulary()));
        });
    }

    private List<Candidate> candidates(LiveIndex.Snapshot snapshot, CorpusView corpus, UnderstoodQuery q, float[] vector,
                                       SentenceScorer scorer) {
        Map<String, Double> lexical = lexical(snapshot, q);
        Map<String, Double> dense = vector == null ? Map.of() : dense(snapshot, vector);
        Map<String, PassageFeatures.Retrieved> found = new LinkedHashMap<>();
        Map<String, Double> fused = new HashMap<>();
        int r = 0;
        for (Map.Entry<String, Double> e : lexical.entrySet()) {
            found.put(e.getKey(), new PassageFeatures.Retrieved(r, e.getValue(), -1, 0));
            fused.merge(e.getKey(), 1.0 / (60 + r + 1), Double::sum);
            r++;
        }
        r = 0;
        for (Map.Entry<String, Double> e : dense.entrySet()) {
            int rank = r;
            found.merge(e.getKey(), new PassageFeatures.Retrieved(-1, 0, rank, e.getValue()),
                    (a, b) -> new PassageFeatures.Retrieved(a.lexicalRank(), a.lexicalScore(), rank, b.denseCosine()));
            fused.merge(e.getKey(), 1.0 / (60 + r + 1), Double::sum);
            r++;
        }
        List<String> ids = new ArrayList<>(found.keySet());
        ids.sort(Comparator.comparingDouble((String id) -> -fused.get(id)));
        if (ids.size() > RANK_DEPTH) {
            ids = ids.subList(0, RANK_DEPTH);
        }
        Map<String, Passage> byId = snapshot.generation().passagesById();
        double maxLexical = lexical.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double maxDense = dense.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        List<String> questionBigrams = PassageFeatures.questionBigrams(q.normalized(), corpus.vocabulary());
        boolean specific = AnswerPatterns.isSpecific(q.answerType());
        Places places = corpus.vocabulary().places();
        List<String> askedPlaces = places.asked(q);
        List<Numbers.Asked> askedNumbers = Numbers.in(q.normalized());
        Map<String, Double> sentenceCosines = new HashMap<>();
        double maxSentence = 0;
        for (String id : ids) {
            double c = PassageFeatures.bestSentenceCosine(vector, corpus.vectorsOf(id));
            sentenceCosines.put(id, c);
            maxSentence = Math.max(maxSentence, c);
        }
        List<Passage> passages = new ArrayList<>();
        List<SentenceScorer.Score> bests = new ArrayList<>();
        List<double[]> base = new ArrayList<>();
        for (String id : ids) {
            Passage p = byId.get(id);
            if (p == null) {
                continue;
            }
            SentenceScorer.Score best = scorer.best(p);
            String heading = PassageFeatures.headingOf(p, corpus);
            base.add(PassageFeatures.of(found.get(id), best, scorer.coverage(p.text()), scorer.coverage(heading),
                    sentenceCosines.get(id), maxLexical, maxDense, maxSentence, specific,
                    PassageFeatures.bigramRecall(questionBigrams, ChineseText.compact(ChineseText.fold(p.text()))),
                    places.agreement(askedPlaces, PassageFeatures.placeText(p, corpus)), Numbers.match(askedNumbers, p.text())));
            passages.add(p);
            bests.add(best);
        }
        List<double[]> features = PassageFeatures.withinQuery(base);
        List<Candidate> out = new ArrayList<>(passages.size());
        for (int i = 0; i < passages.size(); i++) {
            out.add(new Candidate(passages.get(i), features.get(i), bests.get(i)));
        }
        return out;
    }

    private Map<String, Double> lexical(LiveIndex.Snapshot snapshot, UnderstoodQuery q) {
        return q.isEmpty() ? Map.of() : scored(snapshot, lexicalQuery(q), options.candidates());
    }

    /** Passage ids by cosine with the query vector, best first. */
    private Map<String, Double> dense(LiveIndex.Snapshot snapshot, float[] vector) {
        // Only passages carry vectors: a filter on the document type would only cost a bit set of
        // every passage per question (a tenth of a search at 100,000 passages).
        Query knn = new KnnFloatVectorQuery(Fields.VECTOR, vector, options.candidates());
        Map<String, Double> scored = scored(snapshot, knn, options.candidates());
        // Lucene's COSINE score is (1 + cos) / 2: back to the cosine.
        Map<String, Double> out = new LinkedHashMap<>();
        scored.forEach((id, s) -> out.put(id, 2 * s - 1));
        return out;
    }

    /** Fused score per passage id over the candidates of both retrievers (reciprocal rank), for summaries. */
    private Map<String, Double> fuse(LiveIndex.Snapshot snapshot, UnderstoodQuery q, float[] vector) {
        List<String> lexical = new ArrayList<>(lexical(snapshot, q).keySet());
        List<String> dense = vector == null ? List.of() : new ArrayList<>(dense(snapshot, vector).keySet());
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int r = 0; r < lexical.size(); r++) {
            scores.merge(lexical.get(r), 1.0 / (60 + r + 1), Double::sum);
        }
        for (int r = 0; r < dense.size(); r++) {
            scores.merge(dense.get(r), 0.5 / (60 + r + 1), Double::sum);
        }
        return scores;
    }

    /**
     * For "who" questions: when the paragraph of the best sentence names someone whom
     * another passage introduces with a title ("…研究院院长刘晖"), bring that passage in
     * second, so the answer can say who the person is.
     */
    private List<Hit> withIntroduction(LiveIndex.Snapshot snapshot, List<Hit> hits, CorpusView corpus, int k,
                                       SentenceScorer scorer, Map<String, SentenceScorer.Score> scored) {
        if (hits.isEmpty() || k < 2) {
            return hits;
        }
        Passage top = hits.get(0).passage();
        SentenceScorer.Score topScored = scored.get(top.id());
        String best = (topScored != null ? topScored : scorer.best(top)).sentence();
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
    private List<Hit> summaryHits(LiveIndex.Snapshot snapshot, UnderstoodQuery q, CorpusView corpus, int k, float[] vector) {
        UnderstoodQuery topic = new UnderstoodQuery(q.question(), q.context(), q.normalized(), q.topicTerms(), q.intent(),
                q.answerType(), q.dates(), q.english(), q.followUp());
        Map<String, Double> passages = fuse(snapshot, topic, vector);
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
        return booleanOf(boosts);
    }

    private static double topSum(List<Double> values, int n) {
        return values.stream().sorted(Comparator.reverseOrder()).limit(n).mapToDouble(Double::doubleValue).sum();
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
        return booleanOf(boosts);
    }

    /**
     * A disjunction of the boosted terms. It needs no filter on the document type: the fields
     * of a passage query (words, bigrams, context) are only on passages, those of a head query
     * only on articles. Without a required clause Lucene scores a disjunction by its top
     * scores, skipping documents that cannot make the top n (a filter made it score every
     * document matching any term: most of a search's time at 10,000 documents).
     */
    private static Query booleanOf(Map<Term, Double> boosts) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int clauses = 0;
        for (Map.Entry<Term, Double> e : boosts.entrySet()) {
            if (clauses++ >= IndexSearcher.getMaxClauseCount() - 2) {
                break;
            }
            b.add(new BoostQuery(new TermQuery(e.getKey()), e.getValue().floatValue()), BooleanClause.Occur.SHOULD);
        }
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
