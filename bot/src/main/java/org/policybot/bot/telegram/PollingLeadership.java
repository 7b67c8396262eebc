package org.policybot.bot.telegram;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.policybot.bot.store.SessionLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which replica polls Telegram when several share one PostgreSQL: the one holding the bot's
 * advisory lock ({@link SessionLock}; the key is a hash of the bot's numeric id, so two bots
 * on one database do not compete, and a new token for the same bot keeps the same lock).
 * The others try to take it every retry period. A leader checks its lock's session every
 * period and before each {@code getUpdates}; when the session is gone (the database
 * restarted, the network dropped it) it stops polling at once and becomes a standby.
 * With SQLite there is one process by design, and no leadership: the channel polls as always.
 *
 * <h2>Why a hand-over loses nothing and answers nothing twice</h2>
 * <ul>
 *   <li><b>Offset.</b> Telegram forgets an update only when a {@code getUpdates} asks for a
 *   higher offset, and the polling session asks for that only after {@link PollingReceiver}
 *   stored the batch ({@link UpdateStore}, keyed by bot and update id). So every update
 *   Telegram has forgotten is stored, and every update not stored is still at Telegram.
 *   The offset lives in the old leader's memory only; the new leader starts without one,
 *   and Telegram sends it every update not yet confirmed: those the old leader never
 *   received, and those it received (even stored) but never confirmed. Stored ones are
 *   recognised by their key and not handed out again; the others are new.</li>
 *   <li><b>Stored but unanswered.</b> The old leader's inbox rows still marked received are
 *   answered by the new leader ({@link UpdateIntake#recover()}) when it takes over. A
 *   standby never runs that recovery (only a leader does), so it cannot answer what the
 *   leader is answering.</li>
 *   <li><b>Old and new leader never both at work.</b> A leader that stops (shutdown) stops
 *   polling, lets its answers in progress finish (as on any shutdown) and only then releases
 *   the lock. A leader that loses its session stops polling, drops its queue
 *   ({@link ChatExecutor#pause()}: those rows stay for the new leader) and no longer stores a
 *   batch still in flight (left unconfirmed at Telegram, which sends it to the new leader).
 *   It notices within one retry period plus one check ({@link SessionLock#CHECK_TIMEOUT});
 *   the new leader, which cannot have the lock before the old session ended, waits that
 *   long and one check more after taking the lock before it recovers and polls.</li>
 * </ul>
 * NOTE: the windows that remain. (1) As after any crash, a reply sent just before the old
 * leader died, or lost its session, but not yet recorded is sent again by the new leader.
 * (2) A leader that loses its session while it is answering lets the answers in progress
 * finish; one still running when the new leader recovers (an answer slower than the grace,
 * or a process frozen longer than it) is answered by both. (3) Takeover time: a dead process
 * frees the lock at once, a vanished machine in about 11 s (server-side keepalives); then at
 * most one retry period plus the grace: about 24 s with the default 5 s period.
 */
final class PollingLeadership {

    private static final Logger log = LoggerFactory.getLogger(PollingLeadership.class);

    /** What the replica does as it starts and stops leading. */
    interface Role {

        /** Answer what is stored unanswered, then poll. A failure is retried at the next attempt. */
        void lead();

        /** Stop polling at once and drop the queued updates; answers in progress go on. */
        void standDown();
    }

    private enum State { STANDBY, TAKING_OVER, LEADING, STOPPED }

    private final SessionLock lock;
    private final Duration retry;
    private final Duration grace;
    private final Role role;
    private final ScheduledExecutorService timer;
    /** Written on the timer thread (and by stop/close), read by the polling thread and /health. */
    private volatile State state = State.STANDBY;
    /** Set by {@link #stop()} when it ended a leadership, for the line {@link #close()} logs. */
    private volatile boolean stoppedLeading;

    PollingLeadership(SessionLock lock, Duration retry, Role role, ThreadFactory threads) {
        this.lock = lock;
        this.retry = retry;
        this.grace = retry.plus(SessionLock.CHECK_TIMEOUT.multipliedBy(2));
        this.role = role;
        this.timer = Executors.newSingleThreadScheduledExecutor(threads);
    }

    /** The lock key for a bot: a hash of its numeric id (never of the token). */
    static long lockKey(String botId) {
        return SessionLock.key("policybot telegram polling " + botId);
    }

    /** Starts trying to lead: at once, then every retry period. */
    void start() {
        timer.scheduleWithFixedDelay(this::attempt, 0, retry.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether this replica polls now. */
    boolean leading() {
        return state == State.LEADING;
    }

    /**
     * Called before each {@code getUpdates}: true while this replica leads and its lock's
     * session answers. Otherwise false, and the replica stands down.
     */
    boolean confirm() {
        if (state != State.LEADING) {
            return false;
        }
        if (lock.stillHeld()) {
            return true;
        }
        try {
            timer.execute(this::attempt); // finds the lock gone and stands down
        } catch (RejectedExecutionException stopped) {
            // Stopping anyway.
        }
        return false;
    }

    private synchronized void attempt() {
        try {
            switch (state) {
                case LEADING -> {
                    if (!lock.stillHeld()) {
                        state = State.STANDBY;
                        role.standDown();
                        log.info("Telegram polling: no longer the leader (its database session ended); polling stopped, "
                                + "another replica takes over");
                    }
                }
                case STANDBY -> {
                    if (lock.tryAcquire()) {
                        state = State.TAKING_OVER;
                        timer.schedule(this::takeOver, grace.toMillis(), TimeUnit.MILLISECONDS);
                    }
                }
                case TAKING_OVER, STOPPED -> {
                    // Waiting for the grace to end, or stopped.
                }
            }
        } catch (RuntimeException e) {
            log.warn("Telegram polling leadership check failed: {}", e.toString());
        }
    }

    /** After the grace: the old leader, if it lives, has stood down; recover, then poll. */
    private synchronized void takeOver() {
        if (state != State.TAKING_OVER) {
            return;
        }
        if (!lock.stillHeld()) {
            state = State.STANDBY;
            return;
        }
        state = State.LEADING;
        try {
            role.lead();
            log.info("Telegram polling: this replica is now the leader (lock {}) and polls", lock.key());
        } catch (RuntimeException e) {
            state = State.STANDBY;
            role.standDown();
            lock.release();
            log.warn("Telegram polling: took the lead but could not start ({}); trying again in {} s", e.getMessage(),
                    retry.toSeconds());
        }
    }

    /**
     * Tries no more and, when leading, stops polling; keeps the lock, so no other replica
     * starts before this one's answers in progress finish ({@link #close()} releases it).
     */
    synchronized void stop() {
        State was = state;
        state = State.STOPPED;
        timer.shutdownNow();
        if (was == State.LEADING) {
            stoppedLeading = true;
            role.standDown();
        }
    }

    /** Stops, and releases the lock: another replica may take over now. */
    void close() {
        stop();
        lock.release();
        if (stoppedLeading) {
            stoppedLeading = false;
            log.info("Telegram polling: no longer the leader (shutting down); another replica may take over");
        }
    }

    /** Stops and drops the lock's session without unlocking, as a crash would (for tests). */
    void abandon() {
        stop();
        lock.abandon();
    }
}
