package org.policybot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.policybot.bot.AnswerPath;
import org.policybot.bot.answer.DefaultAnswerService;
import org.policybot.bot.answer.Question;
import org.policybot.bot.messages.Messages;
import org.policybot.config.Settings;
import org.policybot.config.SettingsLoader;
import org.policybot.retrieval.embed.BgeSmallZhEmbedder;
import org.policybot.retrieval.embed.Embedder;
import org.policybot.retrieval.index.BuildProgress;
import org.policybot.retrieval.index.IndexService;
import org.policybot.retrieval.ingest.Chunker;
import org.policybot.retrieval.search.HybridSearcher;
import org.policybot.retrieval.search.Lexicon;

/**
 * The scale run (not JMH: each phase runs once, on a corpus of thousands of documents):
 * <pre>
 *   java -cp bench/target/benchmarks.jar org.policybot.bench.ScaleRun DOCUMENTS build
 *   java -cp bench/target/benchmarks.jar org.policybot.bench.ScaleRun DOCUMENTS reindex-one
 *   java -cp bench/target/benchmarks.jar org.policybot.bench.ScaleRun DOCUMENTS query
 *   java -cp bench/target/benchmarks.jar org.policybot.bench.ScaleRun DOCUMENTS embed-rate
 * </pre>
 * The corpus ({@link ScaleCorpus}) goes to {@code .bench/scale-N/articles}, the data folder
 * (index, vector and parse caches, laid out as {@code CHATBOT_DATA_DIR} is) to
 * {@code .bench/scale-N/data}, so {@code ./chatbot serve} can serve the index built here.
 * Passage and sentence vectors are synthetic ({@link SyntheticPassageEmbedder}: embedding
 * hundreds of thousands of texts with the model takes hours on two cores); questions are
 * embedded by the real model. {@code embed-rate} measures the model's rate on the corpus's
 * own texts, to say what a build with real vectors takes. Each phase prints its figures
 * and the process's peak resident memory.
 */
public final class ScaleRun {

    private ScaleRun() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ScaleRun DOCUMENTS build|reindex-one|query|embed-rate");
            System.exit(2);
        }
        int documents = Integer.parseInt(args[0]);
        Path root = BenchCorpora.projectRoot();
        Path base = root.resolve(".bench/scale-" + documents);
        long start = System.nanoTime();
        Path articles = ScaleCorpus.write(base.resolve("articles"), documents, root.resolve("articles"));
        if (args[1].equals("build")) {
            System.out.printf(Locale.ROOT, "corpus ready in %.1f s%n", seconds(start));
        }
        Path data = base.resolve("data");
        switch (args[1]) {
            case "build" -> build(articles, data, true);
            case "reindex-one" -> reindexOne(articles, data);
            case "query" -> query(articles, data);
            case "embed-rate" -> embedRate(articles);
            default -> {
                System.err.println("unknown phase " + args[1]);
                System.exit(2);
            }
        }
    }

    static IndexService service(Path articles, Path data) {
        // Loaded in the background, as the command line and the server load it.
        java.util.concurrent.CompletableFuture<Optional<Embedder>> embedder = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> Optional.of(new SyntheticPassageEmbedder(new BgeSmallZhEmbedder())), task -> {
                    Thread t = new Thread(task, "embedding-model-load");
                    t.setDaemon(true);
                    t.start();
                });
        return new IndexService(articles, data.resolve("index"), data.resolve("vectors").resolve("passages.bin"),
                embedder::join, new Chunker());
    }

    static void build(Path articles, Path data, boolean fromScratch) throws IOException {
        if (fromScratch && Files.exists(data)) {
            try (var walk = Files.walk(data)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        long start = System.nanoTime();
        long[] phases = new long[4];
        BuildProgress progress = new BuildProgress() {
            @Override
            public void filesRead(int done, int total, int parsed) {
                if (done == total) {
                    phases[0] = System.nanoTime();
                }
            }

            @Override
            public void vectors(int done, int total) {
                if (done == total) {
                    phases[1] = System.nanoTime();
                }
            }

            @Override
            public void writing() {
                phases[2] = System.nanoTime();
            }
        };
        try (IndexService s = service(articles, data)) {
            // As ./chatbot index builds: the new generation is not opened in the building process.
            IndexService.BuildResult r = s.build(progress);
            long end = System.nanoTime();
            System.out.printf(Locale.ROOT, "build: %d articles, %d passages, %d files parsed, %d unchanged, %d vectors computed, "
                            + "%d from cache, %d problems%n", r.articles(), r.passages(), r.filesParsed(), r.filesUnchanged(),
                    r.vectorsComputed(), r.vectorsCached(), r.problems().size());
            r.problems().stream().limit(5).forEach(p -> System.out.println("  problem: " + p.file() + ": " + p.message()));
            System.out.printf(Locale.ROOT, "build time %.1f s: reading %.1f s, then vectors until %.1f s, writing %.1f s%n",
                    (end - start) / 1e9, (phases[0] - start) / 1e9, (Math.max(phases[1], phases[0]) - start) / 1e9,
                    (end - phases[2]) / 1e9);
        }
        // What a server following CURRENT then does before it serves the new generation.
        long open = System.nanoTime();
        try (var live = org.policybot.retrieval.index.LiveIndex.open(data.resolve("index")).orElseThrow()) {
            System.out.printf(Locale.ROOT, "opened as a server would in %.1f s: %d passages%n", seconds(open),
                    live.generation().passages().size());
        }
        System.out.println("peak RSS " + peakRss());
    }

    /** Changes one document, then rebuilds: the incremental case. */
    static void reindexOne(Path articles, Path data) throws IOException {
        Path one = articles.resolve("doc00003.txt");
        String text = Files.readString(one);
        Files.writeString(one, text + "\n本指南由编者于" + System.currentTimeMillis() % 100000 + "号修订。\n");
        build(articles, data, false);
    }

    static void query(Path articles, Path data) {
        try (IndexService s = service(articles, data)) {
            long open = System.nanoTime();
            s.ensureFresh();
            System.out.printf(Locale.ROOT, "opened the index in %.1f s: %d passages%n", seconds(open),
                    s.live().generation().passages().size());
            HybridSearcher searcher = new HybridSearcher(s.live(), Lexicon.bundled(), s.embedder(),
                    HybridSearcher.Options.defaults(true));
            Settings settings = new SettingsLoader(Map.of("CHATBOT_ARTICLES_DIR", articles.toString(),
                    "CHATBOT_LLM_PROVIDER", "none"), BenchCorpora.projectRoot()).load(Optional.empty());
            DefaultAnswerService answers = AnswerPath.oneOff(settings, searcher, Messages.load(settings.texts()));
            List<String[]> questions = BenchCorpora.questions();
            long first = System.nanoTime();
            searcher.search(questions.get(0)[0], 5);
            System.out.printf(Locale.ROOT, "first search of the generation (its vocabulary is built): %.1f s%n", seconds(first));
            for (int i = 0; i < 200; i++) {
                String[] q = questions.get(i % questions.size());
                searcher.search(q[0], 5);
                answers.answer(new Question(q[0], q[1].isEmpty() ? List.of() : List.of(q[1]), "", ""));
            }
            int n = 1000;
            double[] search = new double[n];
            double[] ask = new double[n];
            for (int i = 0; i < n; i++) {
                String[] q = questions.get(i % questions.size());
                long t0 = System.nanoTime();
                searcher.search(q[0], 5);
                long t1 = System.nanoTime();
                answers.answer(new Question(q[0], q[1].isEmpty() ? List.of() : List.of(q[1]), "", ""));
                long t2 = System.nanoTime();
                search[i] = (t1 - t0) / 1e6;
                ask[i] = (t2 - t1) / 1e6;
            }
            System.out.printf(Locale.ROOT, "search (every question embedded): median %.1f ms, p99 %.1f ms%n",
                    percentile(search, 50), percentile(search, 99));
            System.out.printf(Locale.ROOT, "ask (extractive, no cache): median %.1f ms, p99 %.1f ms%n",
                    percentile(ask, 50), percentile(ask, 99));
            // Each question is asked n / questions times: a p99 is the slowest few questions' usual time.
            Map<String, List<Double>> byQuestion = new java.util.TreeMap<>();
            for (int i = 0; i < n; i++) {
                byQuestion.computeIfAbsent(questions.get(i % questions.size())[0], k -> new ArrayList<>()).add(search[i]);
            }
            byQuestion.entrySet().stream()
                    .sorted(java.util.Comparator.comparingDouble(e -> -median(e.getValue())))
                    .limit(5)
                    .forEach(e -> System.out.printf(Locale.ROOT, "  slow search: median %.1f ms over %d: %s%n",
                            median(e.getValue()), e.getValue().size(), e.getKey()));
        }
        System.out.println("peak RSS " + peakRss());
    }

    /** The model's embedding rate on sentences of the generated documents. */
    static void embedRate(Path articles) throws IOException {
        List<String> texts = new ArrayList<>();
        try (var files = Files.list(articles)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("doc") && p.toString().endsWith(".txt"))
                    .sorted().limit(40).toList()) {
                for (String line : Files.readAllLines(f)) {
                    for (String sentence : line.split("(?<=。)")) {
                        if (sentence.length() >= 4) {
                            texts.add(sentence);
                        }
                    }
                }
            }
        }
        Embedder model = new BgeSmallZhEmbedder();
        model.embedPassages(texts.subList(0, Math.min(50, texts.size())));
        long start = System.nanoTime();
        model.embedPassages(texts);
        double s = seconds(start);
        System.out.printf(Locale.ROOT, "embedded %d sentences in %.1f s: %.1f texts/s%n", texts.size(), s, texts.size() / s);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static double median(List<Double> values) {
        return percentile(values.stream().mapToDouble(Double::doubleValue).toArray(), 50);
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int at = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, at))];
    }

    /** The process's peak resident memory (VmHWM), as Linux reports it. */
    static String peakRss() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                    .map(l -> l.replaceAll("\\s+", " ").substring(7)).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
