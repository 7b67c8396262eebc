package org.policybot.bot.digest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.policybot.bot.store.Sql;

/**
 * What each target has received, per article version, in the database: a target's
 * baseline (the articles that existed when it first appeared, never sent), versions sent,
 * versions being sent (claimed, so two overlapping runs never both send), failed ones to
 * retry, uncertain ones (a run stopped while sending them). Per target, when it subscribed
 * and whether it is paused. Also keeps the paragraphs of every version seen, to tell what
 * changed.
 */
final class DigestLedger {

    /**
     * BASELINE: existed when the target appeared, never sent. SENDING: claimed by a run.
     * SENT: delivered. FAILED: the platform refused it or could not be reached; retried.
     * UNCERTAIN: a run stopped while sending it, so it may have arrived; never sent again.
     */
    enum State { BASELINE, SENDING, SENT, FAILED, UNCERTAIN }

    /** A delivery a run left unfinished. */
    record Unfinished(String target, String articleKey, String version, long claimedAt) {
    }

    static final List<Sql.Migration> MIGRATIONS = List.of(new Sql.Migration("digest-1", List.of(
            "CREATE TABLE IF NOT EXISTS digest_targets (target TEXT PRIMARY KEY, registered_at BIGINT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS digest_versions (article_key TEXT NOT NULL, version TEXT NOT NULL, "
                    + "paragraphs TEXT NOT NULL, first_seen BIGINT NOT NULL, PRIMARY KEY (article_key, version))",
            "CREATE TABLE IF NOT EXISTS digest_deliveries (target TEXT NOT NULL, article_key TEXT NOT NULL, version TEXT NOT NULL, "
                    + "state TEXT NOT NULL, attempts BIGINT NOT NULL, updated_at BIGINT NOT NULL, "
                    + "PRIMARY KEY (target, article_key, version))")),
            new Sql.Migration("digest-2", List.of(
                    "ALTER TABLE digest_targets ADD COLUMN since_ms BIGINT")),
            new Sql.Migration("digest-3", List.of(
                    "ALTER TABLE digest_targets ADD COLUMN paused_at BIGINT",
                    "ALTER TABLE digest_targets ADD COLUMN pause_reason TEXT")));

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Sql db;
    private final Clock clock;

    DigestLedger(Sql db, Clock clock) {
        this.db = db;
        this.clock = clock;
        db.migrate(MIGRATIONS);
    }

    /**
     * Registers a target seen for the first time. Its baseline (what it is not sent) is the
     * current articles, or, for a chat that subscribed at a known time, the article versions
     * already seen then. True when the target is new.
     */
    boolean registerIfNew(DigestTarget target, List<ArticleSnapshot> current) {
        long now = clock.millis();
        List<ArticleSnapshot> baseline = target.since() == null ? current
                : current.stream().filter(s -> firstSeen(s) <= target.since().toEpochMilli()).toList();
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO digest_targets (target, registered_at, since_ms) "
                    + "VALUES (?, ?, ?) ON CONFLICT (target) DO NOTHING")) {
                ps.setString(1, target.key());
                ps.setLong(2, now);
                if (target.since() == null) {
                    ps.setNull(3, java.sql.Types.BIGINT);
                } else {
                    ps.setLong(3, target.since().toEpochMilli());
                }
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO digest_deliveries (target, article_key, version, state, "
                    + "attempts, updated_at) VALUES (?, ?, ?, 'BASELINE', 0, ?) ON CONFLICT DO NOTHING")) {
                for (ArticleSnapshot s : baseline) {
                    ps.setString(1, target.key());
                    ps.setString(2, s.key());
                    ps.setString(3, s.version());
                    ps.setLong(4, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return true;
        });
    }

    /**
     * A registered target: when the chat subscribed (null for a configured target), and when
     * and why it was paused (null when it is not).
     */
    record Registration(Long sinceMillis, Long pausedAtMillis, String pauseReason) {
        boolean paused() {
            return pausedAtMillis != null;
        }
    }

    Optional<Registration> registration(DigestTarget target) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT since_ms, paused_at, pause_reason FROM digest_targets WHERE target = ?")) {
                ps.setString(1, target.key());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Registration>empty();
                    }
                    long since = rs.getLong(1);
                    Long sinceMillis = rs.wasNull() ? null : since;
                    long paused = rs.getLong(2);
                    Long pausedAt = rs.wasNull() ? null : paused;
                    return Optional.of(new Registration(sinceMillis, pausedAt, rs.getString(3)));
                }
            }
        });
    }

    /** Records the subscription time of a target registered without one (configured, or registered before it was kept). */
    void setSince(DigestTarget target) {
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE digest_targets SET since_ms = ? WHERE target = ?")) {
                ps.setLong(1, target.since().toEpochMilli());
                ps.setString(2, target.key());
                return ps.executeUpdate();
            }
        });
    }

    /** Pauses a target the platform refused permanently: no run sends to it until it is registered anew. */
    void pause(DigestTarget target, String reason) {
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE digest_targets SET paused_at = ?, pause_reason = ? WHERE target = ?")) {
                ps.setLong(1, clock.millis());
                ps.setString(2, reason.length() > 500 ? reason.substring(0, 500) : reason);
                ps.setString(3, target.key());
                return ps.executeUpdate();
            }
        });
    }

    /** Every registered target key. */
    List<String> registeredTargets() {
        return db.with(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT target FROM digest_targets ORDER BY target");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /**
     * Forgets a target and what it received: if it comes back (subscribes again, is configured
     * again), it is registered anew, like a target never seen.
     */
    void forget(String targetKey) {
        db.transaction(c -> {
            for (String sql : List.of("DELETE FROM digest_deliveries WHERE target = ?", "DELETE FROM digest_targets WHERE target = ?")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, targetKey);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    void rememberVersion(ArticleSnapshot s) {
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO digest_versions (article_key, version, paragraphs, first_seen) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT (article_key, version) DO NOTHING")) {
                ps.setString(1, s.key());
                ps.setString(2, s.version());
                ps.setString(3, JSON.writeValueAsString(s.paragraphs()));
                ps.setLong(4, clock.millis());
                return ps.executeUpdate();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** When a version was first seen by a digest run or an index observation (max value when never). */
    long firstSeen(ArticleSnapshot s) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT first_seen FROM digest_versions WHERE article_key = ? AND version = ?")) {
                ps.setString(1, s.key());
                ps.setString(2, s.version());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : Long.MAX_VALUE;
                }
            }
        });
    }

    List<String> paragraphs(String articleKey, String version) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT paragraphs FROM digest_versions WHERE article_key = ? AND version = ?")) {
                ps.setString(1, articleKey);
                ps.setString(2, version);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? JSON.readValue(rs.getString(1), new TypeReference<List<String>>() { }) : List.of();
                } catch (JsonProcessingException e) {
                    return List.<String>of();
                }
            }
        });
    }

    /** The version of an article the target last had (sent or baseline), or null. */
    String lastKnownVersion(DigestTarget target, String articleKey) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM digest_deliveries WHERE target = ? AND article_key = ? "
                    + "AND state IN ('SENT', 'BASELINE') ORDER BY updated_at DESC LIMIT 1")) {
                ps.setString(1, target.key());
                ps.setString(2, articleKey);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    State state(DigestTarget target, String articleKey, String version) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT state FROM digest_deliveries WHERE target = ? AND article_key = ? AND version = ?")) {
                ps.setString(1, target.key());
                ps.setString(2, articleKey);
                ps.setString(3, version);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? State.valueOf(rs.getString(1)) : null;
                }
            }
        });
    }

    /**
     * Claims a version for sending: succeeds for a version never tried or one that failed;
     * fails when another run already claimed or sent it.
     */
    boolean claim(DigestTarget target, String articleKey, String version) {
        long now = clock.millis();
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO digest_deliveries (target, article_key, version, state, "
                    + "attempts, updated_at) VALUES (?, ?, ?, 'SENDING', 1, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, target.key());
                ps.setString(2, articleKey);
                ps.setString(3, version);
                ps.setLong(4, now);
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE digest_deliveries SET state = 'SENDING', attempts = attempts + 1, "
                    + "updated_at = ? WHERE target = ? AND article_key = ? AND version = ? AND state = 'FAILED'")) {
                ps.setLong(1, now);
                ps.setString(2, target.key());
                ps.setString(3, articleKey);
                ps.setString(4, version);
                return ps.executeUpdate() == 1;
            }
        });
    }

    void mark(DigestTarget target, String articleKey, String version, State state) {
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE digest_deliveries SET state = ?, updated_at = ? "
                    + "WHERE target = ? AND article_key = ? AND version = ?")) {
                ps.setString(1, state.name());
                ps.setLong(2, clock.millis());
                ps.setString(3, target.key());
                ps.setString(4, articleKey);
                ps.setString(5, version);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Claims left in SENDING by a run that stopped (a crash, a kill) for longer than any run
     * sends, marked UNCERTAIN: the message may have reached the platform before the run
     * stopped, and a digest is never sent twice, so they are not retried but reported.
     */
    List<Unfinished> markStaleUncertain(Duration olderThan) {
        long limit = clock.millis() - olderThan.toMillis();
        return db.transaction(c -> {
            List<Unfinished> stale = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT target, article_key, version, updated_at FROM digest_deliveries "
                    + "WHERE state = 'SENDING' AND updated_at < ? ORDER BY target, article_key")) {
                ps.setLong(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stale.add(new Unfinished(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                    }
                }
            }
            List<Unfinished> marked = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE digest_deliveries SET state = 'UNCERTAIN' "
                    + "WHERE target = ? AND article_key = ? AND version = ? AND state = 'SENDING' AND updated_at < ?")) {
                for (Unfinished u : stale) {
                    ps.setString(1, u.target());
                    ps.setString(2, u.articleKey());
                    ps.setString(3, u.version());
                    ps.setLong(4, limit);
                    if (ps.executeUpdate() == 1) {
                        marked.add(u);
                    }
                }
            }
            return marked;
        });
    }
}
