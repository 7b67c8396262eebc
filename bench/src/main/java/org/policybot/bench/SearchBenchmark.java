package org.policybot.bench;

import java.util.List;
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
import org.policybot.retrieval.index.IndexService;
import org.policybot.retrieval.search.HybridSearcher;
import org.policybot.retrieval.search.SearchResult;

/**
 * One search (query understanding, BM25, the vector query when on, reranking) per
 * operation, cycling through the development and held-out questions, over the bundled
 * articles alone or with 100,000 distractor poems. Sample mode gives median and p99.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgs = {"-Xmx2g", "-XX:+UseSerialGC"})
public class SearchBenchmark {

    @Param({"0", "100000"})
    public int distractors;

    /** bm25 (no vectors) or hybrid (every question embedded, the default). */
    @Param({"bm25", "hybrid"})
    public String retrieval;

    private IndexService service;
    private HybridSearcher searcher;
    private List<String[]> questions;
    private int next;

    @Setup
    public void setUp() {
        service = Fixtures.index(distractors, Fixtures.vectors(retrieval));
        searcher = Fixtures.searcher(service, retrieval);
        questions = BenchCorpora.questions();
    }

    @Benchmark
    public SearchResult search() {
        String[] q = questions.get(next++ % questions.size());
        return searcher.search(q[0], q[1].isEmpty() ? List.of() : List.of(q[1]), 5);
    }

    @TearDown
    public void tearDown() {
        service.close();
    }
}
