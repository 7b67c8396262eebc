package org.policybot.bot.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.policybot.config.Settings;

/**
 * The database (SQLite by default, PostgreSQL accepted): a HikariCP connection pool,
 * transactions, and schema migrations applied once, in order, by id. SQL used here runs on
 * both: TEXT and BIGINT columns, times as epoch milliseconds, INSERT … ON CONFLICT.
 * <p>
 * On PostgreSQL a caller waits at most the configured connection timeout (2 s) for a
 * connection; when none can be made the database counts as unreachable ({@link Reachability}
 * logs that once), and from then on calls fail at once with {@link DatabaseUnavailableException}
 * while a background check tries again every second, until a connection works. A pooled
 * connection the server dropped is replaced: HikariCP checks one idle longer than
 * {@link #IDLE_BEFORE_CHECK} before handing it out, and discards one whose call failed with a
 * connection error. SQLite has one writer: one connection, waited for as long as before (30 s),
 * with WAL, a 5 s busy timeout and {@code secure_delete} on, so what the purges delete does
 * not stay behind in the file's free pages.
 */
public final class Database implements Sql, AutoCloseable {

    /** PostgreSQL advisory lock key that serialises schema migrations across processes. */
    private static final long MIGRATION_LOCK = 0x706f6c6963796274L;

    /** A pooled connection that has waited this long is checked before use (HikariCP's default). */
    static final Duration IDLE_BEFORE_CHECK = Duration.ofMillis(500);

    /** How long a call waits for SQLite's one connection: it is busy, never unreachable. */
    static final Duration SQLITE_WAIT = Duration.ofSeconds(30);

    private final String url;
    private final boolean sqlite;
    private final int poolSize;
    private final int validationSeconds;
    private final HikariDataSource pool;
    /** Null for SQLite, a file beside the process. */
    private final Reachability reachability;

    private Database(Settings.Database settings) {
        this.url = settings.url();
        this.sqlite = settings.isSqlite();
        this.poolSize = sqlite ? 1 : settings.poolSize();
        this.validationSeconds = (int) Math.max(1, Math.ceil(settings.validationTimeoutMs() / 1000.0));
        this.pool = new HikariDataSource(config(settings, poolSize));
        this.reachability = sqlite ? null : new Reachability(redact(url), this::probe);
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
            return new Database(settings);
        } catch (Exception e) {
            Throwable cause = e instanceof HikariPool.PoolInitializationException && e.getCause() != null ? e.getCause() : e;
            throw new StoreException("cannot open the database " + redact(settings.url()) + ": " + cause.getMessage(), e);
        }
    }

    private static HikariConfig config(Settings.Database settings, int size) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("policybot-db");
        c.setJdbcUrl(settings.url());
        if (!settings.user().isEmpty()) {
            c.setUsername(settings.user());
            c.setPassword(settings.password());
        }
        // A fixed pool: connections are opened at start, so a wrong URL or password stops start-up.
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(size);
        c.setValidationTimeout(settings.validationTimeoutMs());
        c.setMaxLifetime(TimeUnit.MINUTES.toMillis(settings.maxLifetimeMinutes()));
        if (settings.isSqlite()) {
            c.setConnectionTimeout(SQLITE_WAIT.toMillis());
            // Read by the SQLite driver when it opens the connection.
            c.addDataSourceProperty("journal_mode", "WAL");
            c.addDataSourceProperty("busy_timeout", "5000");
            c.addDataSourceProperty("synchronous", "NORMAL");
            // Deleted and overwritten rows are zeroed in the file, not left readable in free space.
            c.addDataSourceProperty("secure_delete", "true");
        } else {
            c.setConnectionTimeout(settings.connectionTimeoutMs());
            // A connection attempt to a host that does not answer gives up within the wait, too.
            c.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, settings.connectionTimeoutMs() / 1000)));
        }
        return c;
    }

    @Override
    public boolean isSqlite() {
        return sqlite;
    }

    /**
     * Whether the database answered when last tried (SQLite: always). Cheap: it reads what the
     * pool last found, and at most once a second starts a check in the background.
     */
    @Override
    public boolean available() {
        return reachability == null || reachability.available();
    }

    @Override
    public <T> T with(Work<T> work) {
        try (Connection c = connection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public <T> T transaction(Work<T> work) {
        try (Connection c = connection()) {
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
            return result;
        } catch (SQLException e) {
            throw failed(e);
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
        if (pool.isClosed()) {
            throw new StoreException("the database " + redact(url) + " is closed");
        }
        try {
            java.util.Properties properties = new java.util.Properties();
            properties.putAll(pool.getDataSourceProperties());
            if (pool.getUsername() != null) {
                properties.setProperty("user", pool.getUsername());
                properties.setProperty("password", pool.getPassword() == null ? "" : pool.getPassword());
            }
            return java.sql.DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            throw new StoreException("cannot open a database session on " + redact(url) + ": " + e.getMessage(), e);
        }
    }

    /**
     * A pooled connection. While the database is known to be unreachable this fails at once
     * (the background check finds out when it is back); otherwise it waits up to the
     * connection timeout.
     */
    private Connection connection() {
        if (reachability != null && !reachability.available()) {
            throw new DatabaseUnavailableException("the database " + redact(url) + " is unreachable");
        }
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            if (reachability == null) {
                throw new StoreException("no database connection free after " + SQLITE_WAIT.toSeconds() + " s", e);
            }
            if (allBusy()) {
                throw new DatabaseUnavailableException("every database connection is busy: " + e.getMessage(), e);
            }
            reachability.unreachable(e);
            throw new DatabaseUnavailableException("the database " + redact(url) + " is unreachable: " + e.getMessage(), e);
        }
    }

    /** Whether every connection is in use: the wait ran out because of load, not because none could be made. */
    private boolean allBusy() {
        var bean = pool.getHikariPoolMXBean();
        return bean != null && bean.getActiveConnections() >= poolSize;
    }

    /**
     * Checks that a connection can be had and works (the background check of {@link Reachability}).
     * A pooled connection found dead is discarded and the next tried; only when none can be had
     * within the wait does the check fail.
     */
    private void probe() throws SQLException {
        for (int i = 0; i <= poolSize; i++) {
            Connection c;
            try {
                c = pool.getConnection();
            } catch (SQLException e) {
                if (allBusy()) {
                    return;
                }
                throw e;
            }
            if (c.isValid(validationSeconds)) {
                c.close();
                return;
            }
            pool.evictConnection(c);
        }
        throw new SQLException("no pooled connection works");
    }

    /**
     * A failed call: one whose connection broke (the server went away mid-call) or that could
     * not connect is worth retrying, and starts a check of the database in the background;
     * HikariCP has already discarded the broken connection.
     */
    private StoreException failed(SQLException e) {
        if (reachability != null && connectionLost(e)) {
            reachability.checkSoon();
            return new DatabaseUnavailableException("the database connection failed: " + e.getMessage(), e);
        }
        return new StoreException("database error: " + e.getMessage(), e);
    }

    /** SQLSTATE class 08 (connection exception) or PostgreSQL's 57P01–57P03 (shutting down, cannot connect now). */
    static boolean connectionLost(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (reachability != null) {
            reachability.close();
        }
        pool.close();
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
