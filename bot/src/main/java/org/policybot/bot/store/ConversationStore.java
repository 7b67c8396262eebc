package org.policybot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.policybot.bot.privacy.Masking;

/**
 * Conversation memory: the last questions of each conversation (bounded number of turns,
 * forgotten together once the conversation has been quiet for the expiry), and the choice
 * the bot last asked the user to make (a clarify answer's options), kept in the database so
 * a restart keeps them. Questions are masked here, before they are written, whatever the
 * caller did.
 */
public final class ConversationStore {

    /**
     * The options a clarify answer offered, for the conversation's next message ("1", "安澜").
     *
     * @param question the question that was answered with the options (masked)
     */
    public record Choice(String question, List<String> options) {
        public Choice {
            Objects.requireNonNull(question, "question");
            options = List.copyOf(options);
        }
    }

    static final List<Sql.Migration> MIGRATIONS = List.of(new Sql.Migration("conversation-1", List.of(
            "CREATE TABLE IF NOT EXISTS conversation_turns (conversation_id TEXT NOT NULL, asked_at BIGINT NOT NULL, "
                    + "seq BIGINT NOT NULL, question TEXT NOT NULL, PRIMARY KEY (conversation_id, seq))")),
            new Sql.Migration("conversation-2", List.of(
                    "CREATE TABLE IF NOT EXISTS conversation_choices (conversation_id TEXT PRIMARY KEY, "
                            + "offered_at BIGINT NOT NULL, question TEXT NOT NULL, options TEXT NOT NULL)")));

    private static final int MAX_ATTEMPTS = 20;

    private final Sql db;
    private final Clock clock;
    private final int maxTurns;
    private final Duration ttl;

    public ConversationStore(Sql db, Clock clock, int maxTurns, Duration ttl) {
        this.db = db;
        this.clock = clock;
        this.maxTurns = maxTurns;
        this.ttl = ttl;
        db.migrate(MIGRATIONS);
    }

    /**
     * Earlier questions of a conversation, oldest first; none when the conversation has been
     * quiet (no question) for longer than the expiry.
     */
    public List<String> recent(String conversationId) {
        long since = clock.millis() - ttl.toMillis();
        return db.with(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT question, asked_at FROM conversation_turns "
                    + "WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?")) {
                ps.setString(1, conversationId);
                ps.setInt(2, maxTurns);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (out.isEmpty() && rs.getLong(2) < since) {
                            return out;
                        }
                        out.add(rs.getString(1));
                    }
                }
            }
            Collections.reverse(out);
            return out;
        });
    }

    /**
     * Records a question and drops turns beyond the limit, or all earlier turns when the
     * conversation had been quiet past the expiry. Questions of one conversation may
     * arrive at once (several pooled connections on PostgreSQL): the next number is taken in
     * the insert itself, and an insert that meets a number just taken by another is repeated.
     */
    public void add(String conversationId, String question) {
        String masked = Masking.mask(question);
        long now = clock.millis();
        db.transaction(c -> {
            // A conversation quiet past the expiry starts again: its old turns must not come
            // back as context once this question makes it recent.
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM conversation_turns WHERE conversation_id = ? "
                    + "AND (SELECT MAX(asked_at) FROM conversation_turns WHERE conversation_id = ?) < ?")) {
                ps.setString(1, conversationId);
                ps.setString(2, conversationId);
                ps.setLong(3, now - ttl.toMillis());
                ps.executeUpdate();
            }
            long seq = -1;
            for (int attempt = 0; seq < 0; attempt++) {
                if (attempt == MAX_ATTEMPTS) {
                    throw new SQLException("no free turn number after " + MAX_ATTEMPTS + " attempts");
                }
                seq = insertNext(c, conversationId, now, masked);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM conversation_turns WHERE conversation_id = ? AND seq <= ?")) {
                ps.setString(1, conversationId);
                ps.setLong(2, seq - maxTurns);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Inserts the turn after the last one; returns its number, or -1 when another insert took
     * that number first (PostgreSQL waits for that one to commit, so the next try sees it).
     */
    private static long insertNext(Connection c, String conversationId, long now, String question) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO conversation_turns (conversation_id, asked_at, seq, question) "
                + "SELECT ?, ?, COALESCE(MAX(seq), 0) + 1, ? FROM conversation_turns WHERE conversation_id = ? "
                + "ON CONFLICT (conversation_id, seq) DO NOTHING RETURNING seq")) {
            ps.setString(1, conversationId);
            ps.setLong(2, now);
            ps.setString(3, question);
            ps.setString(4, conversationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    /** Forgets a conversation ("/reset"): its turns and any choice it was offered. */
    public void clear(String conversationId) {
        db.transaction(c -> {
            for (String table : new String[] {"conversation_turns", "conversation_choices"}) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE conversation_id = ?")) {
                    ps.setString(1, conversationId);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Remembers the choice just offered to a conversation, replacing an earlier one. */
    public void offer(String conversationId, Choice choice) {
        String options = String.join("\n", choice.options().stream().map(o -> o.replace('\n', ' ')).toList());
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO conversation_choices (conversation_id, offered_at, "
                    + "question, options) VALUES (?, ?, ?, ?) ON CONFLICT (conversation_id) DO UPDATE SET "
                    + "offered_at = excluded.offered_at, question = excluded.question, options = excluded.options")) {
                ps.setString(1, conversationId);
                ps.setLong(2, clock.millis());
                ps.setString(3, Masking.mask(choice.question()));
                ps.setString(4, options);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Takes the choice offered to a conversation, so only the message right after the offer
     * can answer it; empty when none was offered or it is older than the expiry.
     */
    public Optional<Choice> takeChoice(String conversationId) {
        long since = clock.millis() - ttl.toMillis();
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM conversation_choices WHERE conversation_id = ? "
                    + "RETURNING offered_at, question, options")) {
                ps.setString(1, conversationId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getLong(1) < since) {
                        return Optional.<Choice>empty();
                    }
                    return Optional.of(new Choice(rs.getString(2), List.of(rs.getString(3).split("\n"))));
                }
            }
        });
    }

    /**
     * Deletes the turns of every conversation that has been quiet past the expiry, and choices
     * offered before it; returns how many turns.
     */
    public int purgeExpired() {
        long since = clock.millis() - ttl.toMillis();
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM conversation_choices WHERE offered_at < ?")) {
                ps.setLong(1, since);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM conversation_turns WHERE conversation_id IN "
                    + "(SELECT conversation_id FROM conversation_turns GROUP BY conversation_id HAVING MAX(asked_at) < ?)")) {
                ps.setLong(1, since);
                return ps.executeUpdate();
            }
        });
    }
}
