package org.policybot.bot.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.policybot.config.Settings;

/**
 * The databases store tests run on: SQLite always, and PostgreSQL when its server is
 * installed (Debian's {@code postgresql} package, which {@code .ci/run} installs). The
 * PostgreSQL server is a throwaway cluster in a temporary folder on a free loopback port,
 * started once per test JVM and stopped when it exits; every test gets an empty database
 * of its own. Set {@code POLICYBOT_REQUIRE_POSTGRESQL=1} to fail instead of skipping when
 * the server is missing.
 */
public final class TestDatabases {

    /** A database product the stores must work on. */
    public enum Kind { SQLITE, POSTGRESQL }

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static volatile Server server;

    private TestDatabases() {
    }

    /** Both kinds, for {@code @MethodSource}. */
    public static Stream<Kind> kinds() {
        return Stream.of(Kind.values());
    }

    /**
     * Settings of a new, empty database of the kind (SQLite: a file in {@code dir}). Skips the
     * calling test when PostgreSQL is asked for and not installed, unless it is required.
     */
    public static Settings.Database fresh(Kind kind, Path dir) {
        if (kind == Kind.SQLITE) {
            return new Settings.Database("jdbc:sqlite:" + dir.resolve("db-" + NEXT.incrementAndGet() + ".db"), "", "");
        }
        return server().freshDatabase();
    }

    private static Server server() {
        Server s = server;
        if (s == null) {
            synchronized (TestDatabases.class) {
                s = server;
                if (s == null) {
                    s = Server.start(binaries());
                    server = s;
                }
            }
        }
        return s;
    }

    /**
     * A PostgreSQL server of the caller's own, for a test that stops and starts it (the shared one
     * stays up for the others). Skips like {@link #fresh} when PostgreSQL is not installed.
     */
    public static Server ownServer() {
        return Server.start(binaries());
    }

    private static Path binaries() {
        Optional<Path> bin = Server.binaries();
        if (bin.isEmpty()) {
            String message = "PostgreSQL is not installed (apt-get install postgresql)";
            if ("1".equals(System.getenv("POLICYBOT_REQUIRE_POSTGRESQL"))) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message);
        }
        return bin.get();
    }

    /** A PostgreSQL cluster of our own: initdb, pg_ctl start, pg_ctl stop at JVM exit (or at {@link #close()}). */
    public static final class Server implements AutoCloseable {
        static final String USER = "policybot";
        private final Path base;
        private final int port;
        private final Path bin;
        private final boolean root;

        private Server(Path base, int port, Path bin, boolean root) {
            this.base = base;
            this.port = port;
            this.bin = bin;
            this.root = root;
        }

        /** Settings of a new, empty database on this server. */
        public Settings.Database freshDatabase() {
            String name = "t" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
            try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
                 Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create a test database on PostgreSQL: " + e.getMessage(), e);
            }
            return new Settings.Database(url(name), USER, "");
        }

        /** Stops the server as an administrator's restart does: {@code pg_ctl stop -m fast} (sessions ended, clean shutdown). */
        public void stopFast() {
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", base.resolve("data").toString(), "-m", "fast", "-w", "stop"), root);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stop the PostgreSQL server", e);
            }
        }

        /** Starts the server again on the same port and data, once stopped. */
        public void start() {
            try {
                startServer(bin, base, port, root);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the PostgreSQL server", e);
            }
        }

        @Override
        public void close() {
            stop(bin, root);
        }

        String url(String database) {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
        }

        /** The folder holding initdb and pg_ctl: on the PATH, or Debian's versioned folder. */
        static Optional<Path> binaries() {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb")) && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
                    return Optional.of(Path.of(dir));
                }
            }
            Path debian = Path.of("/usr/lib/postgresql");
            if (!Files.isDirectory(debian)) {
                return Optional.empty();
            }
            try (Stream<Path> versions = Files.list(debian)) {
                return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(Path::toString));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        static Server start(Path bin) {
            try {
                Path base = Files.createTempDirectory("policybot-pg");
                boolean root = "root".equals(System.getProperty("user.name"));
                if (root) {
                    // initdb refuses to run as root; the package's postgres account runs the cluster.
                    run(List.of("chown", "postgres", base.toString()), false);
                }
                int port;
                try (ServerSocket socket = new ServerSocket(0)) {
                    port = socket.getLocalPort();
                }
                Path data = base.resolve("data");
                run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8",
                        "--locale=C", "--no-sync"), root);
                startServer(bin, base, port, root);
                Server s = new Server(base, port, bin, root);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> s.stop(bin, root)));
                return s;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start a PostgreSQL server for the tests", e);
            }
        }

        private static void startServer(Path bin, Path base, int port, boolean root) throws IOException {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", base.resolve("data").toString(), "-l",
                    base.resolve("server.log").toString(), "-w", "-o",
                    "-p " + port + " -k " + base + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), root);
        }

        private void stop(Path bin, boolean root) {
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", base.resolve("data").toString(), "-m", "immediate", "stop"), root);
            } catch (RuntimeException | IOException e) {
                // The JVM is exiting; the folder below goes either way.
            }
            try (Stream<Path> files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // Left in the temporary folder.
            }
        }

        private static void run(List<String> command, boolean asPostgres) throws IOException {
            List<String> full = new ArrayList<>();
            if (asPostgres) {
                full.addAll(List.of("runuser", "-u", "postgres", "--"));
            }
            full.addAll(command);
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            String output;
            try {
                output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish in 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running " + command.get(0), e);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + output);
            }
        }
    }
}
