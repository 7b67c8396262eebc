package org.policybot.bot.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.policybot.config.Settings;

/**
 * The embedded database (SQLite by default, PostgreSQL accepted): a small connection pool,
 * transactions, and schema migrations applied once, in order, by id. A pooled connection
 * that stops working (the server restarted) is replaced: checked after a failure, and
 * before use when it has been idle. SQL used here runs
 * on both: TEXT and BIGINT columns, times as epoch milliseconds, INSERT … ON CONFLICT.
 * SQLite connections run with {@code secure_delete} on, so what the purges delete does not
 * stay behind in the file's free pages.
 */
public final class Database implements Sql, AutoCloseable {

    /** PostgreSQL advisory lock key that serialises schema migrations across processes. */
    private static final long MIGRATION_LOCK = 0x706f6c6963796274L;

    /** A pooled connection that has waited this long is checked before use. */
    static final Duration IDLE_BEFORE_CHECK = Duration.ofMillis(500);
    private static final int VALID_TIMEOUT_SECONDS = 2;

    /** A place in the pool: its connection (null once found broken) and when it was last given back. */
    private static final class Slot {
        Connection connection;
        long releasedAt;

        Slot(Connection connection) {
            this.connection = connection;
            this.releasedAt = System.nanoTime();
        }
    }

    private final String url;
    private final String user;
    private final String password;
    private final BlockingQueue<Slot> pool;
    private volatile boolean closed;
    private final boolean sqlite;

    private Database(String url, String user, String password, int size) throws SQLException {
        this.url = url;
        this.user = user;
        this.password = password;
        this.sqlite = url.startsWith("jdbc:sqlite:");
        this.pool = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            pool.add(new Slot(open(url, user, password)));
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
                // Deleted and overwritten rows are zeroed in the file, not left readable in free space.
                s.execute("PRAGMA secure_delete=ON");
            }
        }
        return c;
    }

    @Override
    public boolean isSqlite() {
        return sqlite;
    }

    @Override
    public <T> T with(Work<T> work) {
        Slot slot = take();
        boolean failed = true;
        try {
            T result = work.run(slot.connection);
            failed = false;
            return result;
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        } finally {
            release(slot, failed);
        }
    }

    @Override
    public <T> T transaction(Work<T> work) {
        Slot slot = take();
        Connection c = slot.connection;
        boolean failed = true;
        try {
            c.setAutoCommit(false);
            T result;
            try {
                result = work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                    c.setAutoCommit(true);
                } catch (SQLException alsoFailed) {
                    e.addSuppressed(alsoFailed);
                }
                throw e;
            }
            c.setAutoCommit(true);
            failed = false;
            return result;
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        } finally {
            release(slot, failed);
        }
    }

    @Override
    public synchronized void migrate(List<Migration> migrations) {
        transaction(c -> {
            if (!sqlite) {
                // Another process (a cron `chatbot digest` beside the server) may migrate at the
                // same moment: the first to take this lock applies, the other then sees it done.
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
                }
            }
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

    /** A connection opened as the pool opens its own, but not pooled: the caller keeps and closes it. */
    @Override
    public Connection openSession() {
        if (closed) {
            throw new StoreException("the database " + redact(url) + " is closed");
        }
        try {
            return open(url, user, password);
        } catch (SQLException e) {
            throw new StoreException("cannot open a database session on " + redact(url) + ": " + e.getMessage(), e);
        }
    }

    /**
     * A pooled connection that works: one found broken is replaced, and one that has been
     * idle is checked first (the server may have dropped it: a restart, a failover).
     */
    private Slot take() {
        Slot slot;
        try {
            slot = pool.poll(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a database connection");
        }
        if (slot == null) {
            throw new StoreException("no database connection free after 30 s");
        }
        if (slot.connection != null && System.nanoTime() - slot.releasedAt > IDLE_BEFORE_CHECK.toNanos()) {
            discardIfBroken(slot);
        }
        if (slot.connection == null) {
            try {
                slot.connection = open(url, user, password);
            } catch (SQLException e) {
                pool.add(slot);
                throw new StoreException("cannot reconnect to the database " + redact(url) + ": " + e.getMessage(), e);
            }
        }
        return slot;
    }

    /** Gives a connection back; after a failure, one that no longer works is closed, to be replaced when next taken. */
    private void release(Slot slot, boolean failed) {
        if (closed) {
            // Given back after close (work that outlived the shutdown): close it, do not pool it.
            if (slot.connection != null) {
                closeQuietly(slot.connection);
            }
            return;
        }
        if (failed) {
            discardIfBroken(slot);
        }
        slot.releasedAt = System.nanoTime();
        pool.add(slot);
    }

    private static void discardIfBroken(Slot slot) {
        boolean valid;
        try {
            valid = slot.connection.isValid(VALID_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            valid = false;
        }
        if (!valid) {
            closeQuietly(slot.connection);
            slot.connection = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        Slot slot;
        while ((slot = pool.poll()) != null) {
            if (slot.connection != null) {
                closeQuietly(slot.connection);
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Closing anyway.
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
