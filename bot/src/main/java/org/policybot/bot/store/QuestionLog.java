package org.policybot.bot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every question asked and its outcome (answered, declined, answered with low confidence),
 * masked, so staff can see what the articles fail to cover.
 */
public final class QuestionLog {

    /** How a question ended. */
    public enum Outcome { ANSWERED, LOW_CONFIDENCE, DECLINED }

    /** One line of the "unanswered" report: a question, how often, when last. */
    public record Unanswered(String question, long count, Instant lastAsked, Outcome outcome) {
    }

    static final List<Database.Migration> MIGRATIONS = List.of(new Database.Migration("question-log-1", List.of(
            "CREATE TABLE IF NOT EXISTS question_log (asked_at BIGINT NOT NULL, channel TEXT NOT NULL, question TEXT NOT NULL, "
                    + "normalized TEXT NOT NULL, outcome TEXT NOT NULL, confidence DOUBLE PRECISION NOT NULL, mode TEXT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS question_log_outcome ON question_log (outcome, normalized)")));

    private final Database db;
    private final Clock clock;

    public QuestionLog(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        db.migrate(MIGRATIONS);
    }

    /** Records a question; the caller has masked it. */
    public void record(String channel, String maskedQuestion, Outcome outcome, double confidence, String mode) {
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO question_log (asked_at, channel, question, normalized, "
                    + "outcome, confidence, mode) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, clock.millis());
                ps.setString(2, channel);
                ps.setString(3, maskedQuestion);
                ps.setString(4, normalize(maskedQuestion));
                ps.setString(5, outcome.name());
                ps.setDouble(6, confidence);
                ps.setString(7, mode);
                return ps.executeUpdate();
            }
        });
    }

    /** Declined and low-confidence questions, most frequent first (then most recent). */
    public List<Unanswered> unanswered(int limit) {
        return db.with(c -> {
            List<Unanswered> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(question), COUNT(*), MAX(asked_at), MIN(outcome) "
                    + "FROM question_log WHERE outcome <> 'ANSWERED' GROUP BY normalized "
                    + "ORDER BY COUNT(*) DESC, MAX(asked_at) DESC LIMIT ?")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Unanswered(rs.getString(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3)),
                                Outcome.valueOf(rs.getString(4))));
                    }
                }
            }
            return out;
        });
    }

    public long count() {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM question_log");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Groups the same question typed with different spacing or punctuation. */
    static String normalize(String q) {
        return q.replaceAll("[\\s\\p{Punct}，。？！、；：“”‘’（）《》【】…—]+", "").toLowerCase(java.util.Locale.ROOT);
    }
}
