package org.policybot.bot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.policybot.bot.privacy.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every question asked and its outcome (answered, answered with low confidence, only related
 * sentences found, asked back which choice applies, declined), masked, so staff can see what
 * the articles fail to cover.
 *
 * <p>Recording does not wait for the database: entries go to a bounded queue that one
 * writer thread stores in batches, one transaction each (a write per question capped the
 * answer API at a fifth of its throughput). Reads flush the queue first, and
 * {@link #close()} writes what is left. If the database stalls long enough to fill the
 * queue, further entries are dropped and counted ({@link #dropped()}), never the answers.
 * An entry the database refuses costs only itself: a failed batch is retried entry by entry.
 * Entries older than the retention are deleted by {@link #purgeOlderThan}, which the server
 * runs once a minute.
 */
public final class QuestionLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QuestionLog.class);

    /** How a question ended. */
    public enum Outcome { ANSWERED, LOW_CONFIDENCE, RELATED, CLARIFY, DECLINED }

    /**
     * The outcome a group of the same question is reported under when it ended differently
     * over time: the one saying least was found, first.
     */
    private static final List<Outcome> REPORTED_FIRST = List.of(Outcome.DECLINED, Outcome.RELATED, Outcome.LOW_CONFIDENCE,
            Outcome.CLARIFY);

    /** One line of the "unanswered" report: a question, how often, when last. */
    public record Unanswered(String question, long count, Instant lastAsked, Outcome outcome) {
    }

    private record Entry(long seq, long askedAt, String channel, String question, Outcome outcome, double confidence,
                         String mode) {
    }

    static final List<Sql.Migration> MIGRATIONS = List.of(new Sql.Migration("question-log-1", List.of(
            "CREATE TABLE IF NOT EXISTS question_log (asked_at BIGINT NOT NULL, channel TEXT NOT NULL, question TEXT NOT NULL, "
                    + "normalized TEXT NOT NULL, outcome TEXT NOT NULL, confidence DOUBLE PRECISION NOT NULL, mode TEXT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS question_log_outcome ON question_log (outcome, normalized)")),
            // The retention purge runs every minute: by time, not by scanning the table.
            new Sql.Migration("question-log-2", List.of(
                    "CREATE INDEX IF NOT EXISTS question_log_asked_at ON question_log (asked_at)")));

    /** The oldest entries are deleted a slice of this length at a time, so a long backlog never holds the database for long. */
    static final java.time.Duration PURGE_SLICE = java.time.Duration.ofHours(1);

    static final int QUEUE_CAPACITY = 10_000;
    private static final int BATCH = 500;
    private static final int FAILURES_BEFORE_GIVING_UP = 3;

    private final Sql db;
    private final Clock clock;
    private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Object progress = new Object();
    /** Sequence number of the last entry the writer has dealt with (stored, or failed to store). */
    private long handled;
    private volatile boolean closing;
    private final Thread writer;

    public QuestionLog(Sql db, Clock clock) {
        this.db = db;
        this.clock = clock;
        db.migrate(MIGRATIONS);
        this.writer = new Thread(this::writeLoop, "question-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** Records a question, masked here before it is queued. Returns at once. */
    public void record(String channel, String question, Outcome outcome, double confidence, String mode) {
        String maskedQuestion = Masking.mask(question);
        if (closing) {
            dropped.incrementAndGet();
            return;
        }
        // Sequence numbers are taken under the queue's order so the writer sees them ascending.
        synchronized (queue) {
            Entry e = new Entry(enqueued.get() + 1, clock.millis(), channel, maskedQuestion, outcome, confidence, mode);
            if (queue.offer(e)) {
                enqueued.incrementAndGet();
                return;
            }
        }
        if (dropped.incrementAndGet() % 1000 == 1) {
            log.warn("The question log is {} entries behind the database; dropping entries ({} so far)", QUEUE_CAPACITY,
                    dropped.get());
        }
    }

    /** Entries dropped because the database could not keep up, or failed to store them. */
    public long dropped() {
        return dropped.get();
    }

    /** Waits (up to 10 s) until every entry recorded so far is in the database. */
    public void flush() {
        long target = enqueued.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (progress) {
            while (handled < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !writer.isAlive()) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void writeLoop() {
        List<Entry> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                Entry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                if (!closing) {
                    continue;
                }
            }
            if (!batch.isEmpty()) {
                long last = batch.get(batch.size() - 1).seq();
                batch.clear();
                synchronized (progress) {
                    handled = Math.max(handled, last);
                    progress.notifyAll();
                }
            }
        }
    }

    /**
     * Stores a batch in one transaction; if that fails, entry by entry, so an entry the
     * database refuses loses only itself. After a few failures in a row the database is
     * taken to be down and the rest of the batch is dropped without trying each entry.
     */
    private void write(List<Entry> batch) {
        try {
            insert(batch);
            return;
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                lost(1, 1, e);
                return;
            }
        }
        int lost = 0;
        int failedInARow = 0;
        RuntimeException last = null;
        for (int i = 0; i < batch.size(); i++) {
            if (failedInARow == FAILURES_BEFORE_GIVING_UP) {
                lost += batch.size() - i;
                break;
            }
            try {
                insert(List.of(batch.get(i)));
                failedInARow = 0;
            } catch (RuntimeException e) {
                lost++;
                failedInARow++;
                last = e;
            }
        }
        if (lost > 0) {
            lost(lost, batch.size(), last);
        }
    }

    private void lost(int lost, int of, RuntimeException last) {
        dropped.addAndGet(lost);
        if (last instanceof DatabaseUnavailableException) {
            // Counted in the dropped total; the database logs the outage once.
            log.debug("{} of {} question log entries dropped while the database is unavailable", lost, of);
            return;
        }
        log.warn("Storing {} of {} question log entries failed, the last because: {}", lost, of, last.getMessage());
    }

    private void insert(List<Entry> entries) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO question_log (asked_at, channel, question, normalized, "
                    + "outcome, confidence, mode) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (Entry e : entries) {
                    ps.setLong(1, e.askedAt());
                    ps.setString(2, e.channel());
                    ps.setString(3, e.question());
                    ps.setString(4, normalize(e.question()));
                    ps.setString(5, e.outcome().name());
                    ps.setDouble(6, e.confidence());
                    ps.setString(7, e.mode());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Writes what is queued and stops the writer. Later entries are dropped. */
    @Override
    public void close() {
        flush();
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!writer.isAlive()) {
            // Entries that slipped in while the writer was stopping are counted, not lost silently.
            dropped.addAndGet(queue.size());
            queue.clear();
        }
    }

    /**
     * Questions not answered outright (declined, only related sentences, asked back which
     * choice applies, low confidence), most frequent first (then most recent).
     */
    public List<Unanswered> unanswered(int limit) {
        flush();
        StringBuilder rank = new StringBuilder("CASE outcome");
        for (int i = 0; i < REPORTED_FIRST.size(); i++) {
            rank.append(" WHEN '").append(REPORTED_FIRST.get(i).name()).append("' THEN ").append(i);
        }
        rank.append(" ELSE ").append(REPORTED_FIRST.size()).append(" END");
        return db.with(c -> {
            List<Unanswered> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(question), COUNT(*), MAX(asked_at), MIN(" + rank + ") "
                    + "FROM question_log WHERE outcome <> 'ANSWERED' GROUP BY normalized "
                    + "ORDER BY COUNT(*) DESC, MAX(asked_at) DESC LIMIT ?")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int r = rs.getInt(4);
                        out.add(new Unanswered(rs.getString(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3)),
                                r < REPORTED_FIRST.size() ? REPORTED_FIRST.get(r) : Outcome.LOW_CONFIDENCE));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Deletes the entries asked before {@code retention} ago; returns how many. A backlog
     * (the first run after the retention was shortened) goes an hour of entries per
     * statement, so writers wait for one slice at most.
     */
    public long purgeOlderThan(java.time.Duration retention) {
        long cutoff = clock.millis() - retention.toMillis();
        long deleted = 0;
        while (true) {
            Long oldest = db.with(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT MIN(asked_at) FROM question_log WHERE asked_at < ?")) {
                    ps.setLong(1, cutoff);
                    try (ResultSet rs = ps.executeQuery()) {
                        long v = rs.next() ? rs.getLong(1) : 0;
                        return rs.wasNull() ? null : v;
                    }
                }
            });
            if (oldest == null) {
                return deleted;
            }
            long before = Math.min(cutoff, oldest + PURGE_SLICE.toMillis());
            deleted += db.with(c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM question_log WHERE asked_at < ?")) {
                    ps.setLong(1, before);
                    return ps.executeUpdate();
                }
            });
        }
    }

    public long count() {
        flush();
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM question_log");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    private static final java.util.regex.Pattern SPACING_AND_PUNCTUATION =
            java.util.regex.Pattern.compile("[\\s\\p{Punct}，。？！、；：“”‘’（）《》【】…—]+");

    /** Groups the same question typed with different spacing or punctuation. */
    static String normalize(String q) {
        return SPACING_AND_PUNCTUATION.matcher(q).replaceAll("").toLowerCase(java.util.Locale.ROOT);
    }
}
