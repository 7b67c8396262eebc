package org.policybot.bot.store;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL session-level advisory lock ({@code pg_try_advisory_lock}) taken on a
 * connection of its own ({@link Sql#openSession}). PostgreSQL holds it exactly as long as
 * that connection lives and releases it when the connection ends (the process died, the
 * network dropped it, the server restarted), so the lock cannot outlive its holder: several
 * processes use it to elect the one that does a job. Thread-safe; PostgreSQL only.
 * <p>
 * NOTE: the connection asks the server to probe it ({@code tcp_keepalives_*}: silent for
 * {@value #KEEPALIVE_IDLE_SECONDS} s, then {@value #KEEPALIVE_COUNT} probes
 * {@value #KEEPALIVE_INTERVAL_SECONDS} s apart), so a holder whose machine vanished without
 * closing its connection loses the lock in about 11 s instead of the operating system's two
 * hours; and it gives up waiting for any answer after {@link #CHECK_TIMEOUT}, so a holder cut
 * off from the server learns it at its next {@link #stillHeld()}.
 */
public final class SessionLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionLock.class);

    static final int KEEPALIVE_IDLE_SECONDS = 5;
    static final int KEEPALIVE_INTERVAL_SECONDS = 2;
    static final int KEEPALIVE_COUNT = 3;
    /** The longest a check (or an attempt to take the lock) waits for the server. */
    public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);

    private final Sql db;
    private final long key;
    /** Guarded by {@code this}: the session, open while held and kept between attempts. */
    private Connection connection;
    /** Guarded by {@code this}. */
    private boolean held;

    /**
     * @param key the lock's 64-bit key, from {@link #key(String)}: processes that name the
     *            same job compete, others do not
     */
    public SessionLock(Sql db, long key) {
        if (db.isSqlite()) {
            throw new IllegalArgumentException("advisory locks need PostgreSQL");
        }
        this.db = db;
        this.key = key;
    }

    /**
     * The key for a job's name: the first 8 bytes of its SHA-256, so the name (which may
     * derive from a secret) is not recoverable from the key, in logs or in {@code pg_locks}.
     */
    public static long key(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public long key() {
        return key;
    }

    /**
     * Takes the lock when it is free: true when this now holds it (or already did and still
     * does). False when another session holds it, and when the database cannot be reached.
     */
    public synchronized boolean tryAcquire() {
        if (held) {
            return stillHeld();
        }
        try {
            if (connection == null) {
                connection = open();
            }
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    held = rs.next() && rs.getBoolean(1);
                }
            }
            return held;
        } catch (SQLException | StoreException e) {
            log.debug("Advisory lock {} not taken: {}", key, e.getMessage());
            discard();
            return false;
        }
    }

    /**
     * Whether this still holds the lock: its session answers a trivial query within
     * {@link #CHECK_TIMEOUT}. A session that does not is closed, and the lock counts as lost
     * (if the session lives on at the server, the server ends it and frees the lock soon).
     */
    public synchronized boolean stillHeld() {
        if (!held) {
            return false;
        }
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            log.debug("Advisory lock {} lost: {}", key, e.getMessage());
            discard();
            return false;
        }
    }

    /** Whether this held the lock at the last attempt or check (no database call). */
    public synchronized boolean held() {
        return held;
    }

    /** Releases the lock (when held) and closes the session. */
    public synchronized void release() {
        if (held) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                ps.setLong(1, key);
                ps.execute();
            } catch (SQLException e) {
                log.debug("Advisory lock {} not unlocked (closing its session frees it): {}", key, e.getMessage());
            }
        }
        discard();
    }

    /** Closes the session without unlocking, as a crash would; PostgreSQL then frees the lock. */
    public synchronized void abandon() {
        discard();
    }

    @Override
    public void close() {
        release();
    }

    private Connection open() throws SQLException {
        Connection c = db.openSession();
        try {
            c.setNetworkTimeout(Runnable::run, (int) CHECK_TIMEOUT.toMillis());
            try (Statement s = c.createStatement()) {
                // Ignored by the server on a Unix socket, where a dead peer is noticed at once anyway.
                s.execute("SET tcp_keepalives_idle = " + KEEPALIVE_IDLE_SECONDS);
                s.execute("SET tcp_keepalives_interval = " + KEEPALIVE_INTERVAL_SECONDS);
                s.execute("SET tcp_keepalives_count = " + KEEPALIVE_COUNT);
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private void discard() {
        held = false;
        if (connection != null) {
            closeQuietly(connection);
            connection = null;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Closing anyway: the server frees the lock when the session ends.
        }
    }
}
