package org.policybot.bot.train;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.policybot.bot.answer.AnswerFeatures;
import org.policybot.bot.answer.Candidate;
import org.policybot.bot.answer.DefaultAnswerService;
import org.policybot.bot.answer.ExtractiveComposer;
import org.policybot.bot.answer.Question;
import org.policybot.bot.answer.SentenceFeatures;
import org.policybot.bot.answer.SourceTexts;
import org.policybot.bot.eval.EvalItem;
import org.policybot.config.Settings;
import org.policybot.retrieval.Retrieval;
import org.policybot.retrieval.embed.Embedder;
import org.policybot.retrieval.rank.LinearModel;
import org.policybot.retrieval.rank.ListwiseRegression;
import org.policybot.retrieval.rank.LogisticRegression;
import org.policybot.retrieval.rank.Models;
import org.policybot.retrieval.search.HybridSearcher;
import org.policybot.retrieval.search.PassageFeatures;
import org.policybot.retrieval.search.UnderstoodQuery;
import org.policybot.retrieval.text.ChineseText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits the three models of the answer path on labelled questions, stage by stage, through
 * the same code that answers: the passage ranker on every candidate passage (relevant when it
 * holds an expected string), the sentence model on the sentences of the passages the fitted
 * ranker puts first (relevant when they hold one), and the answerability model on the answers
 * the fitted sentence model composes (right when they show the key fact). Thresholds are
 * chosen on out-of-fold probabilities ({@link Thresholds}). Deterministic: the same data give
 * the same models.
 */
public final class Trainer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Trainer.class);

    /**
     * L2 penalty of every model, on standardised features. NOTE: not fitted; between 0.3 and 10 the
     * cross-corpus figures moved by less than one question's worth, and 100 lost recall.
     */
    static final double L2 = 1.0;

    /** A corpus made ready: its index and an answer service without and (when the model loads) with vectors. */
    public static final class Prepared {
        final LabelledCorpus corpus;
        final Retrieval retrieval;
        final SourceTexts sources;
        final DefaultAnswerService hybrid;
        final DefaultAnswerService lexical;

        Prepared(LabelledCorpus corpus, Retrieval retrieval, SourceTexts sources, DefaultAnswerService hybrid,
                 DefaultAnswerService lexical) {
            this.corpus = corpus;
            this.retrieval = retrieval;
            this.sources = sources;
            this.hybrid = hybrid;
            this.lexical = lexical;
        }

        public LabelledCorpus corpus() {
            return corpus;
        }

        /** The answer service of a variant with these models (for studies of single questions). */
        public DefaultAnswerService answerService(boolean vectors, Models models) {
            return service(vectors).withModels(models);
        }

        /** The searcher of a variant (untrained models: for feature studies). */
        public HybridSearcher searcherFor(boolean vectors) {
            return service(vectors).searcher();
        }

        DefaultAnswerService service(boolean vectors) {
            if (vectors && hybrid == null) {
                throw new IllegalStateException("the embedding model is not available: cannot fit the vector variant");
            }
            return vectors ? hybrid : lexical;
        }

        SourceTexts sources() {
            return sources;
        }
    }

    /** One labelled question of a prepared corpus. */
    public record Example(Prepared set, EvalItem item) {
        String key() {
            return set.corpus.name() + "/" + item.id();
        }
    }

    /** What the answerability model said of one question, and what was true. */
    record Prediction(Example example, double probability, boolean correct, boolean relatedShowsKeyFact) {
    }

    private final Settings base;
    private final Path work;
    private final Optional<Embedder> embedder;
    private final Clock clock;
    private final List<Prepared> prepared = new ArrayList<>();
    private final Map<String, List<HybridSearcher.Candidate>> candidates = new ConcurrentHashMap<>();

    /**
     * @param work  where the corpora's indexes are built (kept between runs: the vector cache
     *              makes a second run fast)
     * @param clock today for the questions: relative years ("去年") and which documents are in
     *              force depend on it, so a fit that must be repeated fixes it
     */
    public Trainer(Settings base, Path work, Optional<Embedder> embedder, Clock clock) {
        this.base = base;
        this.work = work;
        this.embedder = embedder.map(QueryVectorCache::new);
        this.clock = clock;
    }

    public boolean hasVectors() {
        return embedder.isPresent();
    }

    /** Indexes a corpus (or reuses its index) and wires its answer services with untrained models. */
    public Prepared prepare(LabelledCorpus corpus) {
        Path data = work.resolve(corpus.name());
        Settings s = base.withFolders(corpus.articles().toAbsolutePath().normalize(), data).withVectors(embedder.isPresent());
        Retrieval retrieval = new Retrieval(s, () -> embedder);
        Models untrained = untrained();
        HybridSearcher hybridSearcher = embedder.isPresent() ? retrieval.searcher(untrained, true) : null;
        HybridSearcher lexicalSearcher = retrieval.searcher(untrained, false);
        Prepared p = new Prepared(corpus, retrieval, SourceTexts.load(s.articlesDir()),
                hybridSearcher == null ? null : new DefaultAnswerService(hybridSearcher, Optional.empty(), null, s.articlesDir(), clock),
                new DefaultAnswerService(lexicalSearcher, Optional.empty(), null, s.articlesDir(), clock));
        prepared.add(p);
        return p;
    }

    static Models untrained() {
        return Models.untrained(PassageFeatures.NAMES, SentenceFeatures.NAMES, AnswerFeatures.NAMES);
    }

    public static Models of(Models.Variant v) {
        return new Models(Models.FORMAT, "", v, v, null);
    }

    /**
     * Fits the ranker, the sentence model and the answerability model on these examples, with
     * the features in {@code disabled} left out, and the given thresholds.
     */
    Models.Variant fit(List<Example> train, boolean vectors, Set<String> disabled, Thresholds thresholds) {
        LinearModel ranker = fitRanker(train, vectors, disabled);
        Models.Variant stage = new Models.Variant(ranker, Models.zero(SentenceFeatures.NAMES), Models.zero(AnswerFeatures.NAMES),
                1, 1);
        LinearModel sentences = fitSentences(train, vectors, disabled, stage);
        stage = new Models.Variant(ranker, sentences, Models.zero(AnswerFeatures.NAMES), 1, 1);
        LinearModel answers = fitAnswers(train, vectors, disabled, stage);
        if (log.isDebugEnabled()) {
            log.debug("Fitted on {} questions: ranker {}; sentences {}; answers {}", train.size(), weights(ranker),
                    weights(sentences), weights(answers));
        }
        return new Models.Variant(ranker, sentences, answers, thresholds.answer(), thresholds.related());
    }

    private LinearModel fitRanker(List<Example> train, boolean vectors, Set<String> disabled) {
        List<List<double[]>> groups = new ArrayList<>();
        List<boolean[]> labels = new ArrayList<>();
        for (Example e : train) {
            if (!e.item().answerable()) {
                continue;
            }
            List<HybridSearcher.Candidate> found = candidates(e, vectors);
            boolean[] relevant = new boolean[found.size()];
            boolean any = false;
            for (int i = 0; i < relevant.length; i++) {
                relevant[i] = holdsExpected(found.get(i).passage().text(), e.item());
                any |= relevant[i];
            }
            if (any) {
                groups.add(found.stream().map(HybridSearcher.Candidate::features).toList());
                labels.add(relevant);
            }
        }
        return ListwiseRegression.fit(PassageFeatures.NAMES, groups, labels, L2, disabledOf(PassageFeatures.GROUPS, disabled, vectors));
    }

    private LinearModel fitSentences(List<Example> train, boolean vectors, Set<String> disabled, Models.Variant stage) {
        List<List<double[]>> groups = new ArrayList<>();
        List<boolean[]> labels = new ArrayList<>();
        for (Example e : train) {
            if (!e.item().answerable()) {
                continue;
            }
            ExtractiveComposer.Evidence ev = evidence(e, vectors, stage);
            if (ev == null || ev.candidates().isEmpty()) {
                continue;
            }
            boolean[] relevant = new boolean[ev.candidates().size()];
            boolean any = false;
            for (int i = 0; i < relevant.length; i++) {
                relevant[i] = sentenceHoldsExpected(ev.candidates().get(i), ev.candidates(), e.item());
                any |= relevant[i];
            }
            if (any) {
                groups.add(ev.candidates().stream().map(Candidate::features).toList());
                labels.add(relevant);
            }
        }
        return ListwiseRegression.fit(SentenceFeatures.NAMES, groups, labels, L2, disabledOf(SentenceFeatures.GROUPS, disabled, vectors));
    }

    private LinearModel fitAnswers(List<Example> train, boolean vectors, Set<String> disabled, Models.Variant stage) {
        List<double[]> rows = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        for (Example e : train) {
            ExtractiveComposer.Evidence ev = evidence(e, vectors, stage);
            if (ev == null || ev.best() == null) {
                continue;
            }
            rows.add(ev.answerFeatures());
            labels.add(e.item().answerable() && showsExpected(ev.chosenSentences(), e.item()));
        }
        return LogisticRegression.fit(AnswerFeatures.NAMES, rows, labels, null, L2,
                disabledOf(AnswerFeatures.GROUPS, disabled, vectors));
    }

    /** The answerability of each example under fitted models (null evidence: probability 0). */
    List<Prediction> predict(List<Example> examples, boolean vectors, Models.Variant variant) {
        List<Prediction> out = new ArrayList<>();
        for (Example e : examples) {
            ExtractiveComposer.Evidence ev = evidence(e, vectors, variant);
            if (ev == null) {
                continue;
            }
            boolean correct = ev.best() != null && e.item().answerable() && showsExpected(ev.chosenSentences(), e.item());
            List<String> related = ev.chosenSentences().subList(0, Math.min(2, ev.chosenSentences().size()));
            boolean relatedShows = ev.best() != null && e.item().answerable() && showsExpected(related, e.item());
            out.add(new Prediction(e, ev.best() == null ? 0 : ev.answerability(), correct, relatedShows));
        }
        return out;
    }

    /** The evidence for an example; null for summary questions, which the summary composer answers. */
    private ExtractiveComposer.Evidence evidence(Example e, boolean vectors, Models.Variant variant) {
        DefaultAnswerService service = e.set().service(vectors).withModels(of(variant));
        ExtractiveComposer.Evidence ev = service.evidence(new Question(e.item().question(), e.item().context(), "", ""));
        return ev.query().intent() == UnderstoodQuery.Intent.SUMMARY ? null : ev;
    }

    private List<HybridSearcher.Candidate> candidates(Example e, boolean vectors) {
        return candidates.computeIfAbsent(e.key() + "|" + vectors, k -> e.set().service(vectors).searcher()
                .candidates(e.item().question(), e.item().context()));
    }

    /** k folds of the examples, by position in a fixed order (every corpus spread over all folds). */
    static List<List<Example>> folds(List<Example> examples, int k) {
        List<List<Example>> folds = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            folds.add(new ArrayList<>());
        }
        Map<String, Integer> next = new HashMap<>();
        for (Example e : examples) {
            int n = next.merge(e.set().corpus.name(), 1, Integer::sum) - 1;
            folds.get(n % k).add(e);
        }
        return folds;
    }

    /** Out-of-fold models and predictions of a k-fold cross-validation. */
    public record CrossValidation(List<List<Example>> folds, List<Models.Variant> models, List<Prediction> predictions) {

        /** The out-of-fold predictions of every fold but {@code f}. */
        List<Prediction> outside(int f) {
            Set<Example> in = Set.copyOf(folds.get(f));
            return predictions.stream().filter(p -> !in.contains(p.example())).toList();
        }
    }

    CrossValidation crossValidate(List<Example> examples, int k, boolean vectors, Set<String> disabled) {
        List<List<Example>> folds = folds(examples, k);
        List<Models.Variant> models = new ArrayList<>();
        List<Prediction> predictions = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            List<Example> train = new ArrayList<>();
            for (int g = 0; g < k; g++) {
                if (g != f) {
                    train.addAll(folds.get(g));
                }
            }
            Models.Variant v = fit(train, vectors, disabled, Thresholds.NONE);
            models.add(v);
            predictions.addAll(predict(folds.get(f), vectors, v));
            log.info("Fold {} of {} fitted ({} questions held out)", f + 1, k, folds.get(f).size());
        }
        return new CrossValidation(folds, models, predictions);
    }

    /** The examples of the corpora, in order. */
    static List<Example> examples(List<Prepared> sets) {
        List<Example> out = new ArrayList<>();
        for (Prepared p : sets) {
            p.corpus.items().forEach(i -> out.add(new Example(p, i)));
        }
        return out;
    }

    /** Features disabled: those of the named groups, and the vector features when fitting without vectors. */
    static Set<String> disabledOf(Map<String, String> groups, Set<String> disabledGroups, boolean vectors) {
        Set<String> out = new java.util.HashSet<>();
        groups.forEach((feature, group) -> {
            if (disabledGroups.contains(group) || !vectors && group.contains("dense")) {
                out.add(feature);
            }
        });
        return out;
    }

    static boolean holdsExpected(String text, EvalItem item) {
        String t = ChineseText.compact(text);
        return item.expect().stream().anyMatch(x -> t.contains(ChineseText.compact(x)));
    }

    /** Whether the sentences shown hold an expected string (one may run over two of them). */
    static boolean showsExpected(List<String> sentences, EvalItem item) {
        return holdsExpected(String.join("", sentences), item);
    }

    /**
     * A sentence holds the answer when it holds an expected string, or a long part of one that
     * runs on into the sentence after it or began in the one before.
     */
    static boolean sentenceHoldsExpected(Candidate c, List<Candidate> all, EvalItem item) {
        String s = ChineseText.compact(c.sentence());
        String around = s;
        for (Candidate o : all) {
            if (o.passage().id().equals(c.passage().id()) && Math.abs(o.index() - c.index()) == 1) {
                around = o.index() < c.index() ? ChineseText.compact(o.sentence()) + around : around + ChineseText.compact(o.sentence());
            }
        }
        for (String x : item.expect()) {
            String e = ChineseText.compact(x);
            if (s.contains(e)) {
                return true;
            }
            if (around.contains(e) && overlap(s, e) >= Math.min(8, e.length() / 2)) {
                return true;
            }
        }
        return false;
    }

    /** The longest run of {@code e}'s characters found in {@code s}, from either end of {@code e}. */
    private static int overlap(String s, String e) {
        int best = 0;
        for (int len = e.length(); len > best; len--) {
            if (s.contains(e.substring(0, len)) || s.contains(e.substring(e.length() - len))) {
                best = len;
            }
        }
        return best;
    }

    /** The weights of a model on its standardised features, for the log. */
    static String weights(LinearModel m) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < m.features().size(); i++) {
            sb.append(m.features().get(i)).append('=').append(String.format(java.util.Locale.ROOT, "%.2f", m.weights()[i])).append(' ');
        }
        return sb.append("bias=").append(String.format(java.util.Locale.ROOT, "%.2f", m.bias())).toString();
    }

    List<Prepared> prepared() {
        return prepared;
    }

    @Override
    public void close() {
        for (Prepared p : prepared) {
            p.retrieval.close();
        }
    }

    /** Per-corpus groups of examples, in order of first appearance. */
    static Map<Prepared, List<Example>> byCorpus(List<Example> examples) {
        Map<Prepared, List<Example>> out = new LinkedHashMap<>();
        for (Example e : examples) {
            out.computeIfAbsent(e.set(), p -> new ArrayList<>()).add(e);
        }
        return out;
    }
}
