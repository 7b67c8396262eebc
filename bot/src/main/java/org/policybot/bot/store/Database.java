package org.policybot.bot.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.policybot.config.Settings;

/**
 * The embedded database (SQLite by default, PostgreSQL accepted): a small connection pool,
 * transactions, and schema migrations applied once, in order, by id. SQL used here runs
 * on both: TEXT and BIGINT columns, times as epoch milliseconds, INSERT … ON CONFLICT.
 */
public final class Database implements AutoCloseable {

    /** One schema change. Ids are applied in list order, each once. */
    public record Migration(String id, List<String> statements) {
    }

    /** Work inside a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final String url;
    private final BlockingQueue<Connection> pool;
    private final boolean sqlite;

    private Database(String url, String user, String password, int size) throws SQLException {
        this.url = url;
        this.sqlite = url.startsWith("jdbc:sqlite:");
        this.pool = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            pool.add(open(url, user, password));
        }
    }

    /** Opens the database of the settings, creating the SQLite file's folder if needed. */
    public static Database open(Settings.Database settings) {
        try {
            if (settings.isSqlite()) {
                String file = settings.url().substring("jdbc:sqlite:".length());
                if (!file.isEmpty() && !file.startsWith(":memory:") && !file.startsWith("file:")) {
                    Path parent = Path.of(file).toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                }
            }
            // SQLite serialises writers anyway; one connection avoids "database is locked".
            return new Database(settings.url(), settings.user(), settings.password(), settings.isSqlite() ? 1 : 4);
        } catch (Exception e) {
            throw new StoreException("cannot open the database " + redact(settings.url()) + ": " + e.getMessage(), e);
        }
    }

    private static Connection open(String url, String user, String password) throws SQLException {
        Connection c = user.isEmpty() ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
        if (url.startsWith("jdbc:sqlite:")) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("PRAGMA synchronous=NORMAL");
            }
        }
        return c;
    }

    public boolean isSqlite() {
        return sqlite;
    }

    /** Runs work on a pooled connection (auto-commit). */
    public <T> T with(Work<T> work) {
        Connection c = take();
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        } finally {
            pool.add(c);
        }
    }

    /** Runs work in one transaction; rolls back on any failure. */
    public <T> T transaction(Work<T> work) {
        Connection c = take();
        try {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        } finally {
            pool.add(c);
        }
    }

    /** Applies the migrations not applied yet. Safe to call from several stores. */
    public synchronized void migrate(List<Migration> migrations) {
        transaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)");
            }
            for (Migration m : migrations) {
                try (PreparedStatement check = c.prepareStatement("SELECT 1 FROM schema_migrations WHERE id = ?")) {
                    check.setString(1, m.id());
                    try (ResultSet rs = check.executeQuery()) {
                        if (rs.next()) {
                            continue;
                        }
                    }
                }
                try (Statement s = c.createStatement()) {
                    for (String sql : m.statements()) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement done = c.prepareStatement("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)")) {
                    done.setString(1, m.id());
                    done.setLong(2, System.currentTimeMillis());
                    done.executeUpdate();
                }
            }
            return null;
        });
    }

    private Connection take() {
        try {
            Connection c = pool.poll(30, TimeUnit.SECONDS);
            if (c == null) {
                throw new StoreException("no database connection free after 30 s");
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a database connection");
        }
    }

    @Override
    public void close() {
        Connection c;
        while ((c = pool.poll()) != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Closing anyway.
            }
        }
    }

    /** The URL without credentials, for messages. */
    static String redact(String url) {
        return url.replaceAll("(password|user)=[^&;]*", "$1=***");
    }

    @Override
    public String toString() {
        return "Database[" + redact(url) + "]";
    }
}
