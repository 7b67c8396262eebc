package org.policybot.bot.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.policybot.bot.answer.DefaultAnswerService;
import org.policybot.bot.eval.AnswerEval;
import org.policybot.bot.eval.EvalItem;
import org.policybot.bot.eval.RetrievalEval;
import org.policybot.retrieval.rank.Models;

/**
 * The evaluations that tell whether the fitted answer path generalises, all scored through the
 * real answer service: k-fold cross-validation (each fold answered by models fitted on the
 * other folds, with thresholds chosen on the other folds' out-of-fold probabilities) and
 * cross-corpus runs (fitted on one corpus, thresholds from its own cross-validation, scored on
 * another).
 */
public final class Experiments {

    /** Retrieval at this depth is reported beside the answers. */
    public static final int K = 5;

    /** Answers and retrieval of one evaluation, and the cross-validation behind it (null for a cross-corpus run). */
    public record Result(String name, AnswerEval.Report answers, RetrievalEval.Report retrieval, Trainer.CrossValidation cv) {
    }

    private final Trainer trainer;

    public Experiments(Trainer trainer) {
        this.trainer = trainer;
    }

    /** k-fold cross-validation over the examples of the given corpora, pooled. */
    public Result crossValidated(String name, List<Trainer.Prepared> sets, int k, boolean vectors, Set<String> disabled) {
        List<Trainer.Example> examples = Trainer.examples(sets);
        Trainer.CrossValidation cv = trainer.crossValidate(examples, k, vectors, disabled);
        List<AnswerEval.ItemResult> results = new ArrayList<>();
        List<RetrievalEval.Report> retrieval = new ArrayList<>();
        long start = System.nanoTime();
        for (int f = 0; f < k; f++) {
            Thresholds t = Thresholds.choose(cv.outside(f), Thresholds.WRONG_BUDGET);
            Models.Variant fold = cv.models().get(f);
            Models models = Trainer.of(new Models.Variant(fold.passages(), fold.sentences(), fold.answers(), t.answer(), t.related()));
            for (Map.Entry<Trainer.Prepared, List<Trainer.Example>> e : Trainer.byCorpus(cv.folds().get(f)).entrySet()) {
                List<EvalItem> items = e.getValue().stream().map(Trainer.Example::item).toList();
                DefaultAnswerService service = e.getKey().service(vectors).withModels(models);
                results.addAll(AnswerEval.answer(service, items, e.getKey().sources()));
                retrieval.add(RetrievalEval.run(service.searcher(), items, K));
            }
        }
        double millis = (System.nanoTime() - start) / 1e6 / Math.max(1, examples.size());
        return new Result(name, AnswerEval.report(results, millis), RetrievalEval.merge(vectors ? "hybrid" : "bm25", K, retrieval), cv);
    }

    /** Fitted on {@code train} (thresholds from its k-fold cross-validation), scored on {@code test}. */
    public Result crossCorpus(Trainer.Prepared train, Trainer.Prepared test, int k, boolean vectors) {
        return crossCorpus(train, test, k, vectors, Set.of());
    }

    /** The same with feature groups left out of all three models (an ablation across corpora). */
    public Result crossCorpus(Trainer.Prepared train, Trainer.Prepared test, int k, boolean vectors, Set<String> disabled) {
        Models.Variant v = fitted(List.of(train), k, vectors, disabled);
        DefaultAnswerService service = test.service(vectors).withModels(Trainer.of(v));
        List<EvalItem> items = test.corpus().items();
        AnswerEval.Report answers = AnswerEval.run(service, items, test.sources());
        RetrievalEval.Report retrieval = RetrievalEval.run(service.searcher(), items, K);
        return new Result(train.corpus().name() + " -> " + test.corpus().name(), answers, retrieval, null);
    }

    /** Models fitted on every example of the corpora, with thresholds from their k-fold cross-validation. */
    public Models.Variant fitted(List<Trainer.Prepared> sets, int k, boolean vectors, Set<String> disabled) {
        return fitted(sets, trainer.crossValidate(Trainer.examples(sets), k, vectors, disabled), vectors, disabled);
    }

    /** Models fitted on every example of the corpora, with thresholds from a cross-validation already run on them. */
    public Models.Variant fitted(List<Trainer.Prepared> sets, Trainer.CrossValidation cv, boolean vectors, Set<String> disabled) {
        Thresholds t = Thresholds.choose(cv.predictions(), Thresholds.WRONG_BUDGET);
        return trainer.fit(Trainer.examples(sets), vectors, disabled, t);
    }
}
