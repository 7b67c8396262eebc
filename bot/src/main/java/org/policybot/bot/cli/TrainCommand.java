package org.policybot.bot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.policybot.bot.api.UsageException;
import org.policybot.bot.cli.Main;
import org.policybot.bot.train.CorpusArguments;
import org.policybot.bot.train.LabelledCorpus;
import org.policybot.bot.train.RecordedVectors;
import org.policybot.bot.train.Training;
import org.policybot.config.Settings;
import org.policybot.retrieval.Retrieval;
import org.policybot.retrieval.embed.Embedder;
import org.policybot.retrieval.rank.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code chatbot train [--questions FILE --articles DIR]… [--out FILE]}: fits the passage
 * ranker, the sentence model and the answerability model on labelled questions and writes
 * them, with the data's hash and their cross-validated and cross-corpus metrics, as the
 * models file the answer path loads. With no question files, the project's own sets:
 * {@value Training#DEFAULT_SETS}.
 */
@Command(name = "train", description = "Fit the answer path's models on labelled questions and write the models file.")
public final class TrainCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--questions", paramLabel = "FILE", description = "question file; repeat for several")
    List<Path> questions = new ArrayList<>();

    @Option(names = "--articles", paramLabel = "DIR", description = "one folder for all question files, or one per file")
    List<Path> articles = new ArrayList<>();

    @Option(names = "--folds", defaultValue = "5", description = "folds of the cross-validation (default 5)")
    int folds;

    @Option(names = "--out", paramLabel = "FILE", description = "where to write the models (default: the bundled resource file)")
    Path out;

    @Option(names = "--vectors", paramLabel = "FILE", description = "vectors of an earlier run, used instead of embedding "
            + "those texts again, then rewritten with this run's (default with the project's sets: " + VECTORS + ")")
    Path vectors;

    /** Where the project's own training run keeps its vectors, for {@code ShippedModelsTest} to fit on again. */
    public static final String VECTORS = "eval/vectors.bin";

    @Override
    public Integer call() {
        if (folds < 2 || folds > 20) {
            throw new UsageException("--folds must be between 2 and 20, got " + folds);
        }
        Path home = main.baseDir();
        List<LabelledCorpus> corpora;
        if (questions.isEmpty()) {
            if (!articles.isEmpty()) {
                throw new UsageException("--articles needs --questions");
            }
            corpora = Training.defaultCorpora(home);
            if (vectors == null) {
                vectors = home.resolve(VECTORS);
            }
        } else {
            corpora = CorpusArguments.group(questions, articles);
        }
        Path target = out != null ? out : home.resolve("retrieval/src/main/resources/policybot/models.json");
        Settings settings = main.settings();
        PrintWriter printer = spec.commandLine().getOut();
        Optional<Embedder> embedder = Retrieval.embedderFor(settings);
        Optional<RecordedVectors> recorded = vectors == null ? Optional.empty()
                : embedder.map(model -> RecordedVectors.open(vectors, model));
        Models models;
        try {
            models = new Training(settings, recorded.<Embedder>map(r -> r).or(() -> embedder), folds, LocalDate.now(), printer)
                    .run(corpora);
        } catch (IOException e) {
            throw new UsageException("cannot read the training data: " + e.getMessage());
        }
        write(target, models::write);
        recorded.ifPresent(r -> write(vectors, r::write));
        printer.printf("%nwrote %s (data %s)%n", target, models.dataHash().substring(0, 12));
        recorded.ifPresent(r -> printer.printf("wrote %s (%d texts embedded anew)%n", vectors, r.embedded()));
        printer.flush();
        return 0;
    }

    private interface Writer {
        void write(Path file) throws IOException;
    }

    private static void write(Path file, Writer writer) {
        try {
            writer.write(file);
        } catch (IOException e) {
            throw new UsageException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
