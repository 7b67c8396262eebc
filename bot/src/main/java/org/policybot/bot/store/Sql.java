package org.policybot.bot.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What a store may do with the database: run work on a connection, in a transaction, and
 * apply its schema migrations. Opening and closing belong to whoever owns the
 * {@link Database} (the application), so stores and channels are handed this, not the pool.
 */
public interface Sql {

    /** One schema change. Ids are applied in list order, each once. */
    record Migration(String id, List<String> statements) {
    }

    /** Work inside a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Whether the database is SQLite (some statements differ from PostgreSQL's). */
    boolean isSqlite();

    /**
     * Whether the database answered when last tried: cheap enough for {@code /health} under load
     * (it does not wait for the database).
     */
    boolean available();

    /**
     * Runs work on a pooled connection (auto-commit). Throws {@link DatabaseUnavailableException}
     * when the database cannot be reached (try again later), another {@link StoreException} when
     * the work fails.
     */
    <T> T with(Work<T> work);

    /** Runs work in one transaction; rolls back on any failure. */
    <T> T transaction(Work<T> work);

    /** Applies the migrations not applied yet. Safe to call from several stores. */
    void migrate(List<Migration> migrations);

    /**
     * A new connection of the caller's own, outside the pool, which the caller closes. For a
     * session that must last: a PostgreSQL session-level advisory lock is held exactly as long
     * as the connection that took it ({@link SessionLock}). Not for ordinary work: use
     * {@link #with} and {@link #transaction}.
     */
    Connection openSession();
}
