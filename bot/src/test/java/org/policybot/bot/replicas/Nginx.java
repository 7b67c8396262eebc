package org.policybot.bot.replicas;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * nginx in front of the replicas, run by a test as an ordinary process with everything
 * (configuration, pid, logs, temporary files) in a folder of its own and listening on a free
 * loopback port. Its server block is {@code deploy/nginx-policybot.conf}, the file operators
 * install, with the lines marked {@code # test:} rewritten: the upstream's {@code server}
 * lines point at the replicas, {@code listen} at the loopback port, and the TLS lines go.
 * Skips the calling test when nginx is not installed, unless {@code POLICYBOT_REQUIRE_NGINX=1}.
 */
final class Nginx implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final int port;

    private Nginx(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts nginx over the replicas listening on these loopback ports. */
    static Nginx start(Path repositoryRoot, List<Integer> replicaPorts) throws IOException, InterruptedException {
        Path binary = binary().orElseGet(() -> {
            String message = "nginx is not installed (apt-get install nginx)";
            if ("1".equals(System.getenv("POLICYBOT_REQUIRE_NGINX"))) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message);
            return null;
        });
        Path dir = Files.createTempDirectory("policybot-nginx");
        int port = freePort();
        String site = site(Files.readString(repositoryRoot.resolve("deploy/nginx-policybot.conf")), replicaPorts, port);
        Files.writeString(dir.resolve("policybot.conf"), site);
        Files.writeString(dir.resolve("nginx.conf"), main(dir));
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-e", dir.resolve("error.log").toString(), "-g", "daemon off;"));
        if ("root".equals(System.getProperty("user.name"))) {
            // As root nginx would keep a root master process: run it as nobody, which owns the folder.
            run(List.of("chown", "-R", "nobody", dir.toString()));
            command.addAll(0, List.of("runuser", "-u", "nobody", "--"));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        Nginx nginx = new Nginx(p, dir, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("nginx stopped at start: " + nginx.log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return nginx;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        nginx.close();
        throw new IllegalStateException("nginx did not listen on " + port + " within 10 s: " + nginx.log());
    }

    /**
     * The deploy file with its marked lines rewritten for this test; fails when a marker is
     * missing, so the file and the test cannot drift apart unnoticed.
     */
    static String site(String deployed, List<Integer> replicaPorts, int listenPort) {
        StringBuilder out = new StringBuilder();
        int replicas = 0;
        boolean listened = false;
        for (String line : deployed.split("\n", -1)) {
            if (line.contains("# test: replica")) {
                if (replicas++ == 0) {
                    String params = line.replaceFirst("^\\s*server\\s+\\S+", "").replaceFirst("#.*$", "").strip();
                    for (int p : replicaPorts) {
                        out.append("    server 127.0.0.1:").append(p).append(' ').append(params).append('\n');
                    }
                }
            } else if (line.contains("# test: listen")) {
                out.append("    listen 127.0.0.1:").append(listenPort).append(";\n");
                listened = true;
            } else if (!line.contains("# test: drop")) {
                out.append(line).append('\n');
            }
        }
        if (replicas == 0 || !listened) {
            throw new IllegalStateException("deploy/nginx-policybot.conf lost its '# test: replica' or '# test: listen' lines");
        }
        return out.toString();
    }

    private static String main(Path dir) {
        String d = dir.toString();
        return "pid " + d + "/nginx.pid;\n"
                + "error_log " + d + "/error.log warn;\n"
                + "worker_processes 1;\n"
                + "events { worker_connections 512; }\n"
                + "http {\n"
                + "    access_log " + d + "/access.log;\n"
                + "    client_body_temp_path " + d + "/client_body;\n"
                + "    proxy_temp_path " + d + "/proxy;\n"
                + "    fastcgi_temp_path " + d + "/fastcgi;\n"
                + "    uwsgi_temp_path " + d + "/uwsgi;\n"
                + "    scgi_temp_path " + d + "/scgi;\n"
                + "    include " + d + "/policybot.conf;\n"
                + "}\n";
    }

    /** {@code http://127.0.0.1:PORT}. */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** What nginx logged (for a failure message). */
    String log() {
        StringBuilder b = new StringBuilder();
        for (String f : List.of("stdout.log", "error.log")) {
            try {
                b.append(Files.readString(dir.resolve(f), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // not written
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // left in the temporary folder
        }
    }

    private static Optional<Path> binary() {
        for (String d : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "nginx"))) {
                return Optional.of(Path.of(d, "nginx"));
            }
        }
        return Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
