package org.policybot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.policybot.retrieval.embed.BgeSmallZhEmbedder;
import org.policybot.retrieval.embed.Embedder;
import org.policybot.retrieval.index.IndexService;
import org.policybot.retrieval.ingest.Chunker;

/**
 * Rebuilding the index of the bundled articles with vectors: "cold" with an empty vector
 * cache (every passage embedded), "warm" with the cache of an earlier build (nothing
 * embedded). One rebuild per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = {"-Xmx1g", "-XX:+UseSerialGC"})
public class IndexBenchmark {

    @Param({"cold", "warm"})
    public String cache;

    private final Embedder model = new BgeSmallZhEmbedder();
    private Path dir;
    private IndexService service;

    @Setup(Level.Iteration)
    public void setUp() throws IOException {
        dir = BenchCorpora.projectRoot().resolve(".bench/index-timing");
        Path vectors = dir.resolve("vectors.bin");
        if (cache.equals("cold")) {
            Files.deleteIfExists(vectors);
        } else if (!Files.exists(vectors)) {
            new IndexService(BenchCorpora.articles(0), dir.resolve("warmup"), vectors, () -> Optional.of(model), new Chunker())
                    .rebuild();
        }
        deleteTree(dir.resolve("index"));
        service = new IndexService(BenchCorpora.articles(0), dir.resolve("index"), vectors, () -> Optional.of(model), new Chunker());
    }

    @Benchmark
    public IndexService.BuildResult rebuild() {
        IndexService.BuildResult r = service.rebuild();
        service.close();
        return r;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
