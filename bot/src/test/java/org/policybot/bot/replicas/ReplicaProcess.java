package org.policybot.bot.replicas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.policybot.bot.cli.Main;

/**
 * One {@code serve} replica in a JVM of its own, started as {@code ./chatbot serve} runs it
 * (the test's class path, settings in the environment), so that it can be killed as a
 * process dies: {@link #kill()} is SIGKILL, nothing in it runs after. It gets its own data
 * folder, articles folder (a copy of the seed) and name, and port 0: the port it took is read
 * from its log line "HTTP API and staff page on …", which it writes once it takes requests.
 */
final class ReplicaProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("HTTP API and staff page on (http://\\S+)");

    private final String name;
    private final Process process;
    private final Path log;
    private volatile URI url;

    private ReplicaProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the replica; {@link #awaitReady} waits for it to take requests (started first, so
     * several replicas build their indexes side by side).
     *
     * @param dir a folder of the replica's own (data, articles, log)
     */
    static ReplicaProcess start(String name, Path dir, Path articles, Map<String, String> env) throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path own = Files.createDirectories(dir.resolve("articles"));
        try (Stream<Path> files = Files.list(articles)) {
            for (Path f : files.toList()) {
                Files.copy(f, own.resolve(f.getFileName()));
            }
        }
        // NOTE: a small heap and no vectors (no embedding model to load) keep several JVMs
        // starting side by side within a 2-core CI machine's means; what these tests prove
        // (storage, locks, hand-over) does not depend on how answers are found.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dfile.encoding=UTF-8",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.environment().put("CHATBOT_REPLICA_ID", name);
        pb.environment().put("CHATBOT_DATA_DIR", data.toString());
        pb.environment().put("CHATBOT_ARTICLES_DIR", own.toString());
        pb.environment().put("CHATBOT_RETRIEVAL_VECTORS", "false");
        pb.environment().put("CHATBOT_HTTP_PORT", "0");
        Path log = dir.resolve("serve.log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = pb.start();
        // Should the test's JVM end without closing it (killed, timed out), the replica goes too.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return new ReplicaProcess(name, process, log);
    }

    /** Waits until the replica takes requests; fails with its log when it stops or takes too long. */
    ReplicaProcess awaitReady(long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Matcher m = READY.matcher(log());
            if (m.find()) {
                String base = m.group(1);
                url = URI.create(base.endsWith("/") ? base : base + "/");
                return this;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " stopped (exit " + process.exitValue() + ") before it took requests:\n"
                        + log());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " did not take requests within " + seconds + " s:\n" + log());
    }

    String name() {
        return name;
    }

    /** {@code http://127.0.0.1:PORT/}. */
    String url() {
        return url.toString();
    }

    int port() {
        return url.getPort();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook, no drain, its database sessions end with it. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " still runs 10 s after SIGKILL");
        }
    }

    /** What it logged so far. */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
