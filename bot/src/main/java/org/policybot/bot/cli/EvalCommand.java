package org.policybot.bot.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.policybot.bot.Main;
import org.policybot.bot.Retrieval;
import org.policybot.bot.answer.SourceTexts;
import org.policybot.bot.eval.AnswerEval;
import org.policybot.bot.eval.EvalItem;
import org.policybot.bot.eval.RetrievalEval;
import org.policybot.retrieval.baseline.DenseOnlySearcher;
import org.policybot.retrieval.baseline.StandardBm25Searcher;
import org.policybot.retrieval.embed.Embedder;
import org.policybot.retrieval.embed.VectorCache;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.search.CorpusView;
import org.policybot.retrieval.search.PassageSearcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code chatbot eval --questions FILE [--k 5] [--json]}: retrieval quality of our search and
 * of two baselines in the same run (BM25 with Lucene's StandardAnalyzer; dense-only search
 * in LangChain4j's in-memory store).
 */
@Command(name = "eval", description = "Quality metrics on a question file (JSON Lines: id, question, context, expect, category).")
public final class EvalCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--questions", required = true, paramLabel = "FILE")
    Path questions;

    @Option(names = "--k", defaultValue = "5")
    int k;

    @Option(names = "--json")
    boolean json;

    @Option(names = "--no-baselines", description = "measure only our search")
    boolean noBaselines;

    @Override
    public Integer call() {
        if (k < 1 || k > 100) {
            throw new UsageException("--k must be between 1 and 100, got " + k);
        }
        List<EvalItem> items = EvalItem.read(questions);
        if (items.isEmpty()) {
            throw new UsageException("no questions in " + questions);
        }
        Retrieval retrieval = main.retrieval();
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
                    VectorCache cache = VectorCache.open(main.settings().dataDir().resolve("vectors").resolve("passages.bin"));
                    systems.add(new DenseOnlySearcher(corpus.passages(), cache.vectorsFor(texts, embedder.get()), embedder.get()));
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
        AnswerEval.Report answers = AnswerEval.run(main.answers(), items, SourceTexts.load(main.settings().articlesDir()));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = toJson(reports, items);
            root.set("answers", answersJson(answers));
            out.println(Json.line(root));
        } else {
            printTable(out, reports, items);
            printAnswers(out, answers);
        }
        out.flush();
        return 0;
    }

    private ObjectNode toJson(List<RetrievalEval.Report> reports, List<EvalItem> items) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("questions", items.size());
        root.put("k", k);
        ArrayNode arr = root.putArray("retrieval");
        for (RetrievalEval.Report r : reports) {
            ObjectNode n = arr.addObject();
            n.put("system", r.system());
            n.put("answerable", r.overall().questions());
            n.put("recall", round(r.overall().recall()));
            n.put("partialRecall", round(r.overall().partialRecall()));
            n.put("mrr", round(r.overall().mrr()));
            n.put("msPerQuestion", round(r.millisPerQuestion()));
            ObjectNode cats = n.putObject("byCategory");
            for (Map.Entry<String, RetrievalEval.Stats> e : r.byCategory().entrySet()) {
                cats.putObject(e.getKey()).put("n", e.getValue().questions()).put("recall", round(e.getValue().recall()))
                        .put("partialRecall", round(e.getValue().partialRecall())).put("mrr", round(e.getValue().mrr()));
            }
            ArrayNode misses = n.putArray("misses");
            r.misses().forEach(misses::add);
        }
        return root;
    }

    private void printTable(PrintWriter out, List<RetrievalEval.Report> reports, List<EvalItem> items) {
        long answerable = items.stream().filter(EvalItem::answerable).count();
        out.printf("Retrieval on %s: %d questions, %d answerable, k=%d%n%n", questions.getFileName(), items.size(), answerable, k);
        out.printf("%-16s %8s %8s %8s %10s%n", "system", "R@" + k, "partial", "MRR", "ms/query");
        for (RetrievalEval.Report r : reports) {
            out.printf("%-16s %8.3f %8.3f %8.3f %10.2f%n", r.system(), r.overall().recall(), r.overall().partialRecall(),
                    r.overall().mrr(), r.millisPerQuestion());
        }
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

    private static ObjectNode answersJson(AnswerEval.Report r) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("answeredRate", round(r.overall().answeredRate()));
        n.put("declineRate", round(r.overall().declineRate()));
        n.put("keyFactRate", round(r.overall().keyFactRate()));
        n.put("quotes", r.quotes());
        n.put("verbatimRate", round(r.verbatimRate()));
        n.put("msPerQuestion", round(r.millisPerQuestion()));
        ObjectNode cats = n.putObject("byCategory");
        for (Map.Entry<String, AnswerEval.Stats> e : r.byCategory().entrySet()) {
            ObjectNode c = cats.putObject(e.getKey());
            if (e.getValue().answerable() > 0) {
                c.put("answerable", e.getValue().answerable()).put("answeredRate", round(e.getValue().answeredRate()))
                        .put("keyFactRate", round(e.getValue().keyFactRate()));
            }
            if (e.getValue().negatives() > 0) {
                c.put("negatives", e.getValue().negatives()).put("declineRate", round(e.getValue().declineRate()));
            }
        }
        ArrayNode failures = n.putArray("failures");
        r.failures().forEach(failures::add);
        return n;
    }

    private static void printAnswers(PrintWriter out, AnswerEval.Report r) {
        out.println();
        out.printf("Answers (%s, %.1f ms/question)%n", "extractive unless a model is configured", r.millisPerQuestion());
        out.printf("%-18s %6s %9s %9s %9s%n", "category", "n", "answered", "key fact", "declined");
        for (Map.Entry<String, AnswerEval.Stats> e : r.byCategory().entrySet()) {
            AnswerEval.Stats s = e.getValue();
            out.printf("%-18s %6d %9s %9s %9s%n", e.getKey(), s.answerable() + s.negatives(),
                    s.answerable() > 0 ? String.format("%.3f", s.answeredRate()) : "-",
                    s.answerable() > 0 ? String.format("%.3f", s.keyFactRate()) : "-",
                    s.negatives() > 0 ? String.format("%.3f", s.declineRate()) : "-");
        }
        AnswerEval.Stats o = r.overall();
        out.printf("%-18s %6d %9.3f %9.3f %9.3f%n", "overall", o.answerable() + o.negatives(), o.answeredRate(),
                o.keyFactRate(), o.declineRate());
        out.printf("quotes verbatim in the articles: %d of %d (%.1f%%)%n", r.verbatimQuotes(), r.quotes(), 100 * r.verbatimRate());
        out.printf("answer failures: %s%n", r.failures().isEmpty() ? "none" : String.join("; ", r.failures()));
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
