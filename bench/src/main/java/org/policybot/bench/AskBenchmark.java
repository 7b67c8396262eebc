package org.policybot.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.policybot.bot.AnswerPath;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.DefaultAnswerService;
import org.policybot.bot.answer.Question;
import org.policybot.bot.messages.Messages;
import org.policybot.config.Settings;
import org.policybot.config.SettingsLoader;
import org.policybot.retrieval.index.IndexService;

/**
 * One extractive answer per operation (search, composition, quote checks; no cache, no
 * database) over the bundled articles, cycling through the development and held-out
 * questions. Sample mode gives median and p99.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgs = {"-Xmx1g", "-XX:+UseSerialGC"})
public class AskBenchmark {

    /** bm25 (no vectors) or hybrid (every question embedded, the default). */
    @Param({"bm25", "hybrid"})
    public String retrieval;

    private IndexService service;
    private DefaultAnswerService answers;
    private List<String[]> questions;
    private int next;

    @Setup
    public void setUp() {
        service = Fixtures.index(0, Fixtures.vectors(retrieval));
        // The product's answer path and settings over the bundled articles (no language model, as by default).
        Settings settings = new SettingsLoader(Map.of("CHATBOT_ARTICLES_DIR", BenchCorpora.projectRoot().resolve("articles").toString(),
                "CHATBOT_LLM_PROVIDER", "none"), BenchCorpora.projectRoot()).load(Optional.empty());
        answers = AnswerPath.oneOff(settings, Fixtures.searcher(service, retrieval), Messages.load(settings.texts()));
        questions = BenchCorpora.questions();
    }

    @Benchmark
    public Answer ask() {
        String[] q = questions.get(next++ % questions.size());
        return answers.answer(new Question(q[0], q[1].isEmpty() ? List.of() : List.of(q[1]), "", ""));
    }

    @TearDown
    public void tearDown() {
        service.close();
    }
}
