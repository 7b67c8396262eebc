package org.policybot.bot.store;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the PostgreSQL server answers, as the pool last found out: one warning when it
 * stops, one line when it works again, however many calls fail in between. While it is
 * unreachable a check runs every second in the background (one at a time), so the database
 * comes back into use by itself; while it works, {@link #available()} starts a check when the
 * last is more than a second old, so {@code /health} notices an outage without any request
 * touching the database, and never waits for one.
 */
final class Reachability implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Reachability.class);

    /** How often the database is checked while it is down, and how old a check may be when asked. */
    static final Duration RECHECK = Duration.ofSeconds(1);

    /** The check: returns when a connection works, throws when none can be had. */
    @FunctionalInterface
    interface Check {
        void run() throws SQLException;
    }

    private final String name;
    private final Check check;
    private final ScheduledExecutorService checker;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean checking = new AtomicBoolean();
    private final AtomicLong checkedAt = new AtomicLong(System.nanoTime());

    Reachability(String name, Check check) {
        this.name = name;
        this.check = check;
        this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "database-check");
            t.setDaemon(true);
            return t;
        });
        checker.scheduleWithFixedDelay(this::checkIfDown, RECHECK.toMillis(), RECHECK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the database answered when last tried; starts a check when that was more than a second ago. */
    boolean available() {
        if (System.nanoTime() - checkedAt.get() > RECHECK.toNanos()) {
            checkSoon();
        }
        return !down.get();
    }

    /** A call could not get a connection: the database is down until a check gets one. */
    void unreachable(Exception e) {
        checkedAt.set(System.nanoTime());
        if (down.compareAndSet(false, true)) {
            log.warn("The database {} is unreachable; requests that need it are refused (503) until it answers again: {}",
                    name, cause(e));
        }
    }

    /** The pool's "timed out" names the connection failure behind it as its cause: that says more. */
    private static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private void works() {
        checkedAt.set(System.nanoTime());
        if (down.compareAndSet(true, false)) {
            log.info("The database {} answers again", name);
        }
    }

    /** Runs a check in the background unless one is running. */
    void checkSoon() {
        if (checking.compareAndSet(false, true)) {
            try {
                checker.execute(this::runCheck);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                checking.set(false);
            }
        }
    }

    private void checkIfDown() {
        if (down.get()) {
            checkSoon();
        }
    }

    private void runCheck() {
        try {
            check.run();
            works();
        } catch (SQLException | RuntimeException e) {
            unreachable(e);
        } finally {
            checking.set(false);
        }
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
