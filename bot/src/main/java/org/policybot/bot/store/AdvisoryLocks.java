package org.policybot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL session-level advisory locks on many keys at once, all on one connection of
 * this process's own ({@link Sql#openSession}), for work that one process at a time may do per
 * key (a Telegram chat's updates, in order). Unlike {@link SessionLock} it holds no
 * connection per key, and the pool's connections stay free for the work done under the lock.
 * A process that dies loses its locks with its connection. Thread-safe; the caller holds a key
 * in one thread at a time (the session would let it take the same key twice).
 * <p>
 * NOTE: if the connection breaks while keys are held, PostgreSQL frees them and another
 * process may take one while this one still works under it; the locks are then counted as
 * lost here, and the next {@link #tryLock} opens a new session.
 */
public final class AdvisoryLocks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdvisoryLocks.class);

    private final Sql db;
    /** Guarded by {@code this}. */
    private Connection connection;
    /** Guarded by {@code this}: how many times each key is held on the current connection. */
    private final Map<Long, Integer> held = new HashMap<>();

    public AdvisoryLocks(Sql db) {
        if (db.isSqlite()) {
            throw new IllegalArgumentException("advisory locks need PostgreSQL");
        }
        this.db = db;
    }

    /**
     * Takes the key when no other session holds it. False when another does; throws
     * {@link StoreException} when the database cannot be asked (then nothing is held).
     */
    public synchronized boolean tryLock(long key) {
        try {
            if (connection == null) {
                connection = db.openSession();
                connection.setNetworkTimeout(Runnable::run, (int) SessionLock.CHECK_TIMEOUT.toMillis());
            }
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    boolean taken = rs.next() && rs.getBoolean(1);
                    if (taken) {
                        held.merge(key, 1, Integer::sum);
                    }
                    return taken;
                }
            }
        } catch (SQLException | RuntimeException e) {
            discard();
            throw e instanceof StoreException s ? s : new StoreException("cannot take advisory lock " + key + ": " + e.getMessage(), e);
        }
    }

    /** Lets go of a key taken with {@link #tryLock}; a key lost with its session needs nothing. */
    public synchronized void unlock(long key) {
        if (connection == null || !held.containsKey(key)) {
            return;
        }
        held.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, key);
            ps.execute();
        } catch (SQLException e) {
            log.debug("Advisory lock {} not unlocked; closing its session frees it: {}", key, e.getMessage());
            discard();
        }
    }

    /** Closes the session: PostgreSQL frees every key still held. */
    @Override
    public synchronized void close() {
        discard();
    }

    private void discard() {
        held.clear();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the server frees the locks when the session ends
            }
            connection = null;
        }
    }
}
