package org.policybot.bot.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.policybot.bot.AnswerPath;
import org.policybot.bot.answer.AnswerFeatures;
import org.policybot.bot.answer.DefaultAnswerService;
import org.policybot.bot.answer.SentenceFeatures;
import org.policybot.bot.answer.SourceTexts;
import org.policybot.bot.api.Json;
import org.policybot.bot.api.UsageException;
import org.policybot.bot.cli.Main;
import org.policybot.bot.eval.AnswerEval;
import org.policybot.bot.eval.EvalItem;
import org.policybot.bot.eval.RetrievalEval;
import org.policybot.bot.eval.Tables;
import org.policybot.bot.train.CorpusArguments;
import org.policybot.bot.train.Experiments;
import org.policybot.bot.train.LabelledCorpus;
import org.policybot.bot.train.Trainer;
import org.policybot.config.Settings;
import org.policybot.retrieval.Retrieval;
import org.policybot.retrieval.baseline.DenseOnlySearcher;
import org.policybot.retrieval.baseline.StandardBm25Searcher;
import org.policybot.retrieval.embed.Embedder;
import org.policybot.retrieval.embed.Q15;
import org.policybot.retrieval.embed.VectorCache;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.search.CorpusView;
import org.policybot.retrieval.search.PassageFeatures;
import org.policybot.retrieval.search.PassageSearcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code chatbot eval --questions FILE [--articles DIR] [--k 5] [--json]}: retrieval quality
 * of our search and of two baselines in the same run (BM25 with Lucene's StandardAnalyzer;
 * dense-only search in LangChain4j's in-memory store), then the answers, by category and by
 * kind. With {@code --cv N} the models are fitted afresh and scored by N-fold
 * cross-validation over the question files; with {@code --cross}, fitted on each corpus and
 * scored on the others; with {@code --ablation}, both run again once per feature group left out.
 */
@Command(name = "eval", description = "Quality metrics on question files (JSON Lines: id, question, context, expect, category, kind).")
public final class EvalCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--questions", required = true, paramLabel = "FILE", description = "question file; repeat for several")
    List<Path> questions = new ArrayList<>();

    @Option(names = "--articles", paramLabel = "DIR",
            description = "articles the questions are about (default: the configured folder); one for all files or one per file")
    List<Path> articles = new ArrayList<>();

    @Option(names = "--k", defaultValue = "5")
    int k;

    @Option(names = "--json")
    boolean json;

    @Option(names = "--no-baselines", description = "measure only our search")
    boolean noBaselines;

    @Option(names = "--cv", paramLabel = "N", description = "fit the models afresh and score them by N-fold cross-validation")
    Integer folds;

    @Option(names = "--cross", description = "fit on each corpus, score on each other one")
    boolean cross;

    @Option(names = "--ablation", description = "with --cv or --cross: also run them with each feature group left out")
    boolean ablation;

    @Option(names = "--answers", paramLabel = "FILE", description = "also write every answer given, as JSON lines (with id, kind and expect)")
    Path answersFile;

    @Option(names = "--no-vectors", description = "with --cv or --cross: the variant without vectors only")
    boolean noVectors;

    @Override
    public Integer call() {
        if (k < 1 || k > 100) {
            throw new UsageException("--k must be between 1 and 100, got " + k);
        }
        if (folds != null && (folds < 2 || folds > 20)) {
            throw new UsageException("--cv must be between 2 and 20, got " + folds);
        }
        if (ablation && folds == null && !cross) {
            throw new UsageException("--ablation needs --cv N or --cross");
        }
        if (folds != null || cross) {
            return fitted();
        }
        if (questions.size() != 1 || articles.size() > 1) {
            throw new UsageException("without --cv or --cross, give one --questions file (and at most one --articles folder)");
        }
        return shipped();
    }

    /** The shipped models on one question file. */
    private int shipped() {
        List<EvalItem> items = EvalItem.read(questions.get(0));
        if (items.isEmpty()) {
            throw new UsageException("no questions in " + questions.get(0));
        }
        Settings settings = main.settings();
        Retrieval retrieval;
        DefaultAnswerService answers;
        boolean own = !articles.isEmpty();
        if (own) {
            Path folder = articles.get(0).toAbsolutePath().normalize();
            if (!java.nio.file.Files.isDirectory(folder)) {
                throw new UsageException("--articles: not a folder: " + folder);
            }
            settings = settings.withFolders(folder, settings.dataDir().resolve("eval").resolve(Integer.toHexString(folder.hashCode())));
            retrieval = new Retrieval(settings);
            answers = AnswerPath.oneOff(settings, retrieval.searcher(), main.texts());
        } else {
            retrieval = main.retrieval();
            answers = main.answers();
        }
        try {
            List<PassageSearcher> systems = new ArrayList<>();
            List<RetrievalEval.Report> reports = new ArrayList<>();
            StandardBm25Searcher bm25 = null;
            try {
                systems.add(retrieval.searcher());
                if (!noBaselines) {
                    CorpusView corpus = retrieval.searcher().corpus();
                    bm25 = new StandardBm25Searcher(corpus.passages());
                    systems.add(bm25);
                    Optional<Embedder> embedder = retrieval.embedder();
                    if (embedder.isPresent()) {
                        List<String> texts = corpus.passages().stream().map(Passage::embeddingText).toList();
                        try (VectorCache cache = VectorCache.open(settings.dataDir().resolve("vectors").resolve("passages.bin"))) {
                            systems.add(new DenseOnlySearcher(corpus.passages(),
                                    cache.vectorsFor(texts, embedder.get()).stream().map(Q15::floats).toList(), embedder.get()));
                        }
                    }
                }
                for (PassageSearcher s : systems) {
                    reports.add(RetrievalEval.run(s, items, k));
                }
            } finally {
                if (bm25 != null) {
                    bm25.close();
                }
            }
            AnswerEval.Report report = AnswerEval.run(answers, items,
                    SourceTexts.load(settings.articlesDir(), retrieval.searcher().corpus().extracted()));
            dump("shipped", report);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode root = Json.MAPPER.createObjectNode();
                root.put("questions", items.size());
                root.put("k", k);
                ArrayNode arr = root.putArray("retrieval");
                reports.forEach(r -> arr.add(Tables.retrievalJson(r)));
                root.set("answers", Tables.answersJson(report));
                out.println(Json.line(root));
            } else {
                printRetrieval(out, questions.get(0).getFileName().toString(), reports, items);
                Tables.answers(out, "Answers (extractive unless a model is configured)", report, true);
                out.printf("answer failures: %s%n", report.failures().isEmpty() ? "none" : String.join("; ", report.failures()));
            }
            out.flush();
            return 0;
        } finally {
            if (own) {
                retrieval.close();
            }
        }
    }

    /** Models fitted afresh: cross-validated, cross-corpus, ablations. */
    private int fitted() {
        List<LabelledCorpus> corpora = CorpusArguments.group(questions,
                articles.isEmpty() ? List.of(main.settings().articlesDir()) : articles);
        if (cross && corpora.size() < 2) {
            throw new UsageException("--cross needs question files about at least two article folders");
        }
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode root = Json.MAPPER.createObjectNode();
        Settings settings = main.settings();
        try (Trainer trainer = new Trainer(settings, settings.dataDir().resolve("train"),
                noVectors ? Optional.empty() : Retrieval.embedderFor(settings), Clock.systemDefaultZone())) {
            List<Trainer.Prepared> sets = corpora.stream().map(trainer::prepare).toList();
            Experiments experiments = new Experiments(trainer);
            List<Boolean> variants = trainer.hasVectors() ? List.of(true, false) : List.of(false);
            for (boolean vectors : variants) {
                String variant = vectors ? "hybrid" : "lexical";
                ObjectNode v = root.putObject(variant);
                if (folds != null) {
                    Experiments.Result r = experiments.crossValidated("cv", sets, folds, vectors, Set.of());
                    report(out, v.putObject("crossValidated"), variant + ", " + folds + "-fold cross-validated over "
                            + names(corpora), r);
                    // Ablations are run on the variant that serves by default (with vectors, when they load).
                    if (ablation && vectors == variants.get(0)) {
                        ObjectNode ab = v.putObject("ablation");
                        for (String group : groups(vectors)) {
                            Experiments.Result a = experiments.crossValidated("without " + group, sets, folds, vectors, Set.of(group));
                            report(out, ab.putObject(group), variant + ", " + folds + "-fold cross-validated, without " + group, a);
                        }
                    }
                }
                if (cross) {
                    ObjectNode cc = v.putObject("crossCorpus");
                    for (Trainer.Prepared train : sets) {
                        for (Trainer.Prepared test : sets) {
                            if (train != test) {
                                Experiments.Result r = experiments.crossCorpus(train, test, folds == null ? 5 : folds, vectors);
                                ObjectNode run = cc.putObject(r.name());
                                report(out, run, variant + ", fitted on " + r.name(), r);
                                if (ablation && vectors == variants.get(0)) {
                                    ObjectNode ab = run.putObject("ablation");
                                    for (String group : groups(vectors)) {
                                        Experiments.Result a = experiments.crossCorpus(train, test, folds == null ? 5 : folds,
                                                vectors, Set.of(group));
                                        report(out, ab.putObject(group), variant + ", fitted on " + r.name() + ", without " + group, a);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if (json) {
            out.println(Json.line(root));
        }
        out.flush();
        return 0;
    }

    /** Appends the answers of a run to the --answers file, each with the run's title. */
    private void dump(String title, AnswerEval.Report r) {
        if (answersFile == null) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (AnswerEval.ItemResult i : r.items()) {
            ObjectNode n = Json.answer(Json.MAPPER.getNodeFactory().textNode(i.item().id()), i.answer());
            n.put("run", title);
            n.put("kind", i.item().kind());
            ArrayNode expect = n.putArray("expect");
            i.item().expect().forEach(expect::add);
            n.put("keyFact", i.keyFact());
            sb.append(Json.line(n)).append('\n');
        }
        try {
            java.nio.file.Files.writeString(answersFile, sb.toString(), java.nio.charset.StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new UsageException("cannot write " + answersFile + ": " + e.getMessage());
        }
    }

    private void report(PrintWriter out, ObjectNode into, String title, Experiments.Result r) {
        dump(title, r.answers());
        into.set("retrieval", Tables.retrievalJson(r.retrieval()));
        into.set("answers", Tables.answersJson(r.answers()));
        if (!json) {
            out.println();
            out.println("== " + title);
            out.printf("%-16s %8s %8s %8s %10s%n", "retrieval", "R@" + Experiments.K, "partial", "MRR", "ms/query");
            Tables.retrieval(out, r.retrieval());
            out.printf("misses: %s%n", r.retrieval().misses().isEmpty() ? "none" : String.join(", ", r.retrieval().misses()));
            Tables.answers(out, "Answers", r.answers(), true);
            out.printf("answer failures: %s%n", r.answers().failures().isEmpty() ? "none" : String.join("; ", r.answers().failures()));
        }
    }

    /** The feature groups of the three models, for ablations. */
    static Set<String> groups(boolean vectors) {
        Set<String> out = new TreeSet<>();
        for (Map<String, String> g : List.of(PassageFeatures.GROUPS, SentenceFeatures.GROUPS, AnswerFeatures.GROUPS)) {
            out.addAll(g.values());
        }
        if (!vectors) {
            out.removeIf(g -> g.contains("dense"));
        }
        return out;
    }

    private static String names(List<LabelledCorpus> corpora) {
        Set<String> out = new LinkedHashSet<>();
        corpora.forEach(c -> out.add(c.name() + " (" + c.items().size() + ")"));
        return String.join(" + ", out);
    }

    private void printRetrieval(PrintWriter out, String file, List<RetrievalEval.Report> reports, List<EvalItem> items) {
        long answerable = items.stream().filter(EvalItem::answerable).count();
        out.printf("Retrieval on %s: %d questions, %d answerable, k=%d%n%n", file, items.size(), answerable, k);
        out.printf("%-16s %8s %8s %8s %10s%n", "system", "R@" + k, "partial", "MRR", "ms/query");
        reports.forEach(r -> Tables.retrieval(out, r));
        out.println();
        out.printf("%-16s %-18s %4s %8s %8s %8s%n", "system", "category", "n", "R@" + k, "partial", "MRR");
        for (RetrievalEval.Report r : reports) {
            for (Map.Entry<String, RetrievalEval.Stats> e : r.byCategory().entrySet()) {
                out.printf("%-16s %-18s %4d %8.3f %8.3f %8.3f%n", r.system(), e.getKey(), e.getValue().questions(),
                        e.getValue().recall(), e.getValue().partialRecall(), e.getValue().mrr());
            }
        }
        out.println();
        for (RetrievalEval.Report r : reports) {
            out.printf("misses (%s): %s%n", r.system(), r.misses().isEmpty() ? "none" : String.join(", ", r.misses()));
        }
    }
}
