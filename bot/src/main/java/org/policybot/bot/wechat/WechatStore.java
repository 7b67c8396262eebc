package org.policybot.bot.wechat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.policybot.bot.privacy.Masking;
import org.policybot.bot.store.Sql;

/**
 * What the WeChat channel must remember across WeChat's retries and the user's next
 * message, in the embedded database: every text message by MsgId with its state and
 * answer, and per OpenID the parts of the last long reply still to be sent on "更多".
 *
 * <p>A message moves PENDING (answer being computed) → READY (answer stored, not yet
 * given to the user) → DELIVERED (given, by a passive reply or the customer-service API;
 * {@code reply} holds the passive reply, null when WeChat was told "success"). Moving to
 * DELIVERED is a conditional update, so however retries, late answers and next messages
 * race, each answer is handed out once.
 *
 * <p>Replicas on one PostgreSQL share these rows. Each message records the process that
 * claimed it ({@code owner}), and each process notes every few seconds that it is alive
 * ({@code wechat_replicas}), so a retry reaching another replica waits for the owner's answer
 * instead of computing it a second time, and computes it only once the owner has stopped.
 */
final class WechatStore {

    enum State { PENDING, READY, DELIVERED }

    /** One text message as stored; {@code question} is masked. */
    record Stored(String msgId, String openId, State state, String question, String answer, String reply,
                  long receivedAt, String owner) {
    }

    static final List<Sql.Migration> MIGRATIONS = List.of(new Sql.Migration("wechat-1", List.of(
            "CREATE TABLE IF NOT EXISTS wechat_messages (msg_id TEXT PRIMARY KEY, open_id TEXT NOT NULL, "
                    + "state TEXT NOT NULL, question TEXT NOT NULL, answer TEXT, reply TEXT, "
                    + "received_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS wechat_messages_open_state ON wechat_messages (open_id, state)",
            "CREATE TABLE IF NOT EXISTS wechat_more_parts (open_id TEXT NOT NULL, seq BIGINT NOT NULL, "
                    + "part TEXT NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (open_id, seq))")),
            new Sql.Migration("wechat-2", List.of(
                    "ALTER TABLE wechat_messages ADD COLUMN owner TEXT",
                    "CREATE TABLE IF NOT EXISTS wechat_replicas (instance TEXT PRIMARY KEY, seen_at BIGINT NOT NULL)")));

    private static final String COLUMNS = "msg_id, open_id, state, question, answer, reply, received_at, owner";

    private final Sql db;
    private final Clock clock;
    /** This process, as the owner of the messages it claims: unique per start, so a restarted replica is another owner. */
    private final String instance;

    WechatStore(Sql db, Clock clock) {
        this(db, clock, "wechat-" + java.util.UUID.randomUUID());
    }

    WechatStore(Sql db, Clock clock, String instance) {
        this.db = db;
        this.clock = clock;
        this.instance = instance;
        db.migrate(MIGRATIONS);
    }

    /** Notes that this process is alive: its claims are being computed (see {@link #computedElsewhere}). */
    void heartbeat() {
        long now = clock.millis();
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO wechat_replicas (instance, seen_at) VALUES (?, ?) "
                    + "ON CONFLICT (instance) DO UPDATE SET seen_at = excluded.seen_at")) {
                ps.setString(1, instance);
                ps.setLong(2, now);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Whether a PENDING message is being answered by another process that is alive: one that
     * noted so within {@code staleAfter}. Then its answer will arrive in this table, and
     * computing it here too would answer the question twice.
     */
    boolean computedElsewhere(Stored s, java.time.Duration staleAfter) {
        if (s.owner() == null || s.owner().equals(instance)) {
            return false;
        }
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seen_at FROM wechat_replicas WHERE instance = ?")) {
                ps.setString(1, s.owner());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getLong(1) >= clock.millis() - staleAfter.toMillis();
                }
            }
        });
    }

    /**
     * Takes over a PENDING message from its owner, which stopped before answering it: true for
     * the one process whose conditional update wins.
     */
    boolean takeOver(Stored s) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE wechat_messages SET owner = ?, updated_at = ? "
                    + "WHERE msg_id = ? AND state = 'PENDING' AND COALESCE(owner, '') = ?")) {
                ps.setString(1, instance);
                ps.setLong(2, clock.millis());
                ps.setString(3, s.msgId());
                ps.setString(4, s.owner() == null ? "" : s.owner());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Records a new message as PENDING, its question masked before it is written; false when
     * the MsgId is known already (a retry).
     */
    boolean claim(String msgId, String openId, String question) {
        long now = clock.millis();
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO wechat_messages (msg_id, open_id, state, question, "
                    + "received_at, updated_at, owner) VALUES (?, ?, 'PENDING', ?, ?, ?, ?) ON CONFLICT (msg_id) DO NOTHING")) {
                ps.setString(1, msgId);
                ps.setString(2, openId);
                ps.setString(3, Masking.mask(question));
                ps.setLong(4, now);
                ps.setLong(5, now);
                ps.setString(6, instance);
                return ps.executeUpdate() == 1;
            }
        });
    }

    Optional<Stored> find(String msgId) {
        return db.with(c -> find(c, msgId));
    }

    /** Forgets a claim whose answer could not even be started, so WeChat's retry tries again. */
    void release(String msgId) {
        update("DELETE FROM wechat_messages WHERE msg_id = ? AND state = 'PENDING'", msgId);
    }

    /** Stores the computed answer: PENDING → READY. */
    void ready(String msgId, String answer) {
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE wechat_messages SET state = 'READY', answer = ?, "
                    + "updated_at = ? WHERE msg_id = ? AND state = 'PENDING'")) {
                ps.setString(1, answer);
                ps.setLong(2, clock.millis());
                ps.setString(3, msgId);
                return ps.executeUpdate();
            }
        });
    }

    /** A message answered at once with a fixed text (rate limit, "更多"): straight to DELIVERED. */
    void answered(String msgId, String reply) {
        setDelivered(msgId, reply, reply);
    }

    /** Answers handed out together, and the texts made of them. */
    record Taken(List<Stored> answers, List<String> texts) {
        static final Taken NONE = new Taken(List.of(), List.of());

        boolean isEmpty() {
            return answers.isEmpty();
        }
    }

    /**
     * Takes the READY answers of a user to hand them out together: those of earlier
     * messages, oldest first, then the one of {@code msgId} (pass null to take only earlier
     * ones). Each taken message becomes DELIVERED; {@code texts} turns them into what is
     * sent, and with {@code passive} the first text is stored as the reply of {@code msgId}
     * in the same transaction, so a concurrent retry reads that reply, never a gap. Returns
     * nothing when {@code msgId} was given but is no longer READY (someone else took it).
     */
    Taken take(String openId, String msgId, Function<List<Stored>, List<String>> texts, boolean passive) {
        return db.transaction(c -> {
            List<Stored> earlier = new ArrayList<>();
            Stored own = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM wechat_messages WHERE open_id = ? "
                    + "AND state = 'READY' ORDER BY received_at, msg_id")) {
                ps.setString(1, openId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Stored s = read(rs);
                        if (s.msgId().equals(msgId)) {
                            own = s;
                        } else {
                            earlier.add(s);
                        }
                    }
                }
            }
            List<Stored> taken = new ArrayList<>();
            if (msgId != null) {
                // Our own answer first: when another thread took it, take nothing.
                if (own == null || !markDelivered(c, own.msgId())) {
                    return Taken.NONE;
                }
            }
            for (Stored s : earlier) {
                if (markDelivered(c, s.msgId())) {
                    taken.add(s);
                }
            }
            if (own != null) {
                taken.add(own);
            }
            if (taken.isEmpty()) {
                return Taken.NONE;
            }
            List<String> sent = texts.apply(taken);
            if (passive && msgId != null) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE wechat_messages SET reply = ? WHERE msg_id = ?")) {
                    ps.setString(1, sent.get(0));
                    ps.setString(2, msgId);
                    ps.executeUpdate();
                }
            }
            return new Taken(List.copyOf(taken), List.copyOf(sent));
        });
    }

    private boolean markDelivered(Connection c, String msgId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE wechat_messages SET state = 'DELIVERED', "
                + "updated_at = ? WHERE msg_id = ? AND state = 'READY'")) {
            ps.setLong(1, clock.millis());
            ps.setString(2, msgId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Puts taken answers back (the customer-service API refused them): DELIVERED → READY. */
    void giveBack(Taken taken) {
        db.transaction(c -> {
            for (Stored s : taken.answers()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE wechat_messages SET state = 'READY', reply = NULL, "
                        + "updated_at = ? WHERE msg_id = ? AND state = 'DELIVERED'")) {
                    ps.setLong(1, clock.millis());
                    ps.setString(2, s.msgId());
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Replaces the parts a user gets on "更多". */
    void setMoreParts(String openId, List<String> parts) {
        long now = clock.millis();
        db.transaction(c -> {
            deleteMore(c, openId);
            for (int i = 0; i < parts.size(); i++) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO wechat_more_parts (open_id, seq, part, created_at) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, openId);
                    ps.setLong(2, i);
                    ps.setString(3, parts.get(i));
                    ps.setLong(4, now);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Takes the next part of the user's last long reply, if any is left. */
    Optional<String> nextPart(String openId) {
        return db.transaction(c -> {
            while (true) {
                long seq;
                String part;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT seq, part FROM wechat_more_parts WHERE open_id = ? ORDER BY seq LIMIT 1")) {
                    ps.setString(1, openId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return Optional.<String>empty();
                        }
                        seq = rs.getLong(1);
                        part = rs.getString(2);
                    }
                }
                try (PreparedStatement del = c.prepareStatement("DELETE FROM wechat_more_parts WHERE open_id = ? AND seq = ?")) {
                    del.setString(1, openId);
                    del.setLong(2, seq);
                    if (del.executeUpdate() == 1) {
                        return Optional.of(part);
                    }
                }
            }
        });
    }

    /** Deletes messages and parts older than the cut-off (epoch millis); returns how many messages. */
    int purgeBefore(long cutoff) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM wechat_more_parts WHERE created_at < ?")) {
                ps.setLong(1, cutoff);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM wechat_replicas WHERE seen_at < ?")) {
                ps.setLong(1, cutoff);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM wechat_messages WHERE updated_at < ?")) {
                ps.setLong(1, cutoff);
                return ps.executeUpdate();
            }
        });
    }

    private void setDelivered(String msgId, String answer, String reply) {
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE wechat_messages SET state = 'DELIVERED', answer = ?, "
                    + "reply = ?, updated_at = ? WHERE msg_id = ?")) {
                ps.setString(1, answer);
                ps.setString(2, reply);
                ps.setLong(3, clock.millis());
                ps.setString(4, msgId);
                return ps.executeUpdate();
            }
        });
    }

    private void update(String sql, String param) {
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, param);
                return ps.executeUpdate();
            }
        });
    }

    private static void deleteMore(Connection c, String openId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM wechat_more_parts WHERE open_id = ?")) {
            ps.setString(1, openId);
            ps.executeUpdate();
        }
    }

    private static Optional<Stored> find(Connection c, String msgId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM wechat_messages WHERE msg_id = ?")) {
            ps.setString(1, msgId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static Stored read(ResultSet rs) throws SQLException {
        return new Stored(rs.getString(1), rs.getString(2), State.valueOf(rs.getString(3)), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getLong(7), rs.getString(8));
    }
}
