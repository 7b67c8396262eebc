package org.policybot.bot.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.policybot.bot.api.Json;
import org.policybot.bot.api.UsageException;
import org.policybot.bot.documents.DocumentLibrary;
import org.policybot.bot.eval.EvalItem;
import org.policybot.bot.eval.Tables;
import org.policybot.config.Settings;
import org.policybot.retrieval.embed.Embedder;
import org.policybot.retrieval.ingest.ArticleReader;
import org.policybot.retrieval.rank.Models;

/**
 * {@code chatbot train}: for each variant (with vectors, without), cross-validates over all
 * labelled questions pooled, scores each corpus with models fitted on the others, then fits on
 * everything (thresholds from the pooled cross-validation) and records all of it with the
 * data's hash in the models file.
 */
public final class Training {

    /** The project's labelled sets, used when no question file is named. */
    public static final String DEFAULT_SETS = "eval/dev.jsonl, eval/dev2.jsonl and eval/train.jsonl on articles/; "
            + "eval/corpus2/questions.jsonl on eval/corpus2/articles/";

    private final Settings settings;
    private final Optional<Embedder> embedder;
    private final int folds;
    private final LocalDate asOf;
    private final PrintWriter out;

    /** @param asOf today for the questions (recorded in the models, so that the fit can be repeated later) */
    public Training(Settings settings, Optional<Embedder> embedder, int folds, LocalDate asOf, PrintWriter out) {
        this.settings = settings;
        this.embedder = embedder;
        this.folds = folds;
        this.asOf = asOf;
        this.out = out;
    }

    public static List<LabelledCorpus> defaultCorpora(Path home) {
        List<EvalItem> bundled = new ArrayList<>();
        for (String f : List.of("eval/dev.jsonl", "eval/dev2.jsonl", "eval/train.jsonl")) {
            bundled.addAll(EvalItem.read(home.resolve(f)));
        }
        return List.of(new LabelledCorpus("bundled", home.resolve("articles"), bundled),
                new LabelledCorpus("corpus2", home.resolve("eval/corpus2/articles"),
                        EvalItem.read(home.resolve("eval/corpus2/questions.jsonl"))));
    }

    public Models run(List<LabelledCorpus> corpora) throws IOException {
        if (embedder.isEmpty()) {
            throw new UsageException("the embedding model could not be loaded: the models with vectors cannot be fitted "
                    + "(is CHATBOT_RETRIEVAL_VECTORS false?)");
        }
        ObjectNode metrics = Json.MAPPER.createObjectNode();
        metrics.put("folds", folds);
        metrics.put("asOf", asOf.toString());
        Models.Variant hybrid;
        Models.Variant lexical;
        // With recorded vectors every vector must pass through them, so no index of an earlier
        // run (whose vector cache would answer first) is reused.
        RecordedVectors recorded = embedder.get() instanceof RecordedVectors r ? r : null;
        Path work = recorded != null ? Files.createTempDirectory("policybot-train") : settings.dataDir().resolve("train");
        ZoneId zone = ZoneId.systemDefault();
        try (Trainer trainer = new Trainer(settings, work, embedder, Clock.fixed(asOf.atStartOfDay(zone).toInstant(), zone))) {
            List<Trainer.Prepared> sets = corpora.stream().map(trainer::prepare).toList();
            Experiments experiments = new Experiments(trainer);
            hybrid = variant(experiments, sets, true, metrics.putObject("hybrid"));
            lexical = variant(experiments, sets, false, metrics.putObject("lexical"));
        } finally {
            if (recorded != null) {
                DocumentLibrary.deleteTree(work);
            }
        }
        if (recorded != null) {
            metrics.put("vectors", recorded.digest());
        }
        return new Models(Models.FORMAT, dataHash(corpora), hybrid, lexical, metrics);
    }

    private Models.Variant variant(Experiments experiments, List<Trainer.Prepared> sets, boolean vectors, ObjectNode into) {
        String name = vectors ? "hybrid" : "lexical";
        Experiments.Result cv = experiments.crossValidated("cv", sets, folds, vectors, Set.of());
        record(into.putObject("crossValidated"), name + ", " + folds + "-fold cross-validated over all corpora", cv);
        if (sets.size() > 1) {
            ObjectNode cross = into.putObject("crossCorpus");
            for (Trainer.Prepared train : sets) {
                for (Trainer.Prepared test : sets) {
                    if (train != test) {
                        Experiments.Result r = experiments.crossCorpus(train, test, folds, vectors);
                        record(cross.putObject(r.name()), name + ", fitted on " + r.name(), r);
                    }
                }
            }
        }
        Models.Variant v = experiments.fitted(sets, cv.cv(), vectors, Set.of());
        into.put("answerThreshold", Tables.round(v.answerThreshold()));
        into.put("relatedThreshold", Tables.round(v.relatedThreshold()));
        out.printf("%n%s: answer threshold %.3f, related threshold %.3f%n", name, v.answerThreshold(), v.relatedThreshold());
        return v;
    }

    private void record(ObjectNode into, String title, Experiments.Result r) {
        // Timings are not recorded: they depend on the machine, the models do not.
        ObjectNode retrieval = Tables.retrievalJson(r.retrieval());
        retrieval.remove("msPerQuestion");
        retrieval.remove("misses");
        into.set("retrieval", retrieval);
        ObjectNode answers = Tables.answersJson(r.answers());
        answers.remove("failures");
        answers.remove("msPerQuestion");
        into.set("answers", answers);
        out.println();
        out.println("== " + title);
        out.printf("%-16s %8s %8s %8s %10s%n", "retrieval", "R@" + Experiments.K, "partial", "MRR", "ms/query");
        org.policybot.bot.eval.Tables.retrieval(out, r.retrieval());
        Tables.answers(out, "Answers", r.answers(), true);
        out.flush();
    }

    /** SHA-256 of every labelled question and every article file the models are fitted on. */
    static String dataHash(List<LabelledCorpus> corpora) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (LabelledCorpus c : corpora) {
            sha.update(c.name().getBytes(StandardCharsets.UTF_8));
            for (EvalItem i : c.items()) {
                sha.update(String.join("\u0001", i.id(), i.question(), String.join("\u0002", i.context()),
                        String.join("\u0002", i.expect()), i.category(), i.kind()).getBytes(StandardCharsets.UTF_8));
            }
            for (Path f : ArticleReader.articleFiles(c.articles())) {
                sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(f));
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
