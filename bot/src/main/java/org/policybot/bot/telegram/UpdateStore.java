package org.policybot.bot.telegram;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.policybot.bot.store.Database;

/**
 * Every update received, written before it is acknowledged to Telegram, with how its
 * handling ended. Unhandled updates are answered after a restart; the key (bot, update
 * id) makes a redelivered update a no-op, so nothing is answered twice.
 */
final class UpdateStore {

    /** How handling of an update ended ({@code RECEIVED} while it has not). */
    enum State { RECEIVED, ANSWERED, IGNORED, LIMITED, FAILED }

    /** An update as stored: its id, the chat it belongs to (for ordering) and its JSON. */
    record StoredUpdate(long updateId, String chatId, String payload) {
    }

    static final List<Database.Migration> MIGRATIONS = List.of(new Database.Migration("telegram-updates-1", List.of(
            "CREATE TABLE IF NOT EXISTS telegram_updates (bot_id TEXT NOT NULL, update_id BIGINT NOT NULL, "
                    + "chat_id TEXT NOT NULL, payload TEXT NOT NULL, state TEXT NOT NULL, received_at BIGINT NOT NULL, "
                    + "handled_at BIGINT, PRIMARY KEY (bot_id, update_id))",
            "CREATE INDEX IF NOT EXISTS telegram_updates_state ON telegram_updates (bot_id, state, update_id)")));

    private final Database db;
    private final Clock clock;
    private final String botId;

    /**
     * @param botId the bot's numeric id (the token's prefix): update ids are per bot
     */
    UpdateStore(Database db, Clock clock, String botId) {
        this.db = db;
        this.clock = clock;
        this.botId = botId;
        db.migrate(MIGRATIONS);
    }

    /** Stores the updates in one transaction; returns those not seen before, in order. */
    List<StoredUpdate> storeNew(List<StoredUpdate> updates) {
        if (updates.isEmpty()) {
            return List.of();
        }
        long now = clock.millis();
        return db.transaction(c -> {
            List<StoredUpdate> fresh = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO telegram_updates (bot_id, update_id, chat_id, payload, "
                    + "state, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (bot_id, update_id) DO NOTHING")) {
                for (StoredUpdate u : updates) {
                    ps.setString(1, botId);
                    ps.setLong(2, u.updateId());
                    ps.setString(3, u.chatId());
                    ps.setString(4, u.payload());
                    ps.setString(5, State.RECEIVED.name());
                    ps.setLong(6, now);
                    if (ps.executeUpdate() == 1) {
                        fresh.add(u);
                    }
                }
            }
            return fresh;
        });
    }

    /** Updates received but not handled (a crash or a stop came first), oldest first. */
    List<StoredUpdate> pending() {
        return db.with(c -> {
            List<StoredUpdate> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT update_id, chat_id, payload FROM telegram_updates "
                    + "WHERE bot_id = ? AND state = ? ORDER BY update_id")) {
                ps.setString(1, botId);
                ps.setString(2, State.RECEIVED.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoredUpdate(rs.getLong(1), rs.getString(2), rs.getString(3)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Records how handling ended and drops the payload: once handled, only the id is needed
     * (to recognise a redelivery), and citizens' messages are not kept longer than needed.
     */
    void finish(long updateId, State state) {
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE telegram_updates SET state = ?, handled_at = ?, "
                    + "payload = '' WHERE bot_id = ? AND update_id = ?")) {
                ps.setString(1, state.name());
                ps.setLong(2, clock.millis());
                ps.setString(3, botId);
                ps.setLong(4, updateId);
                return ps.executeUpdate();
            }
        });
    }

    Optional<State> state(long updateId) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT state FROM telegram_updates WHERE bot_id = ? AND update_id = ?")) {
                ps.setString(1, botId);
                ps.setLong(2, updateId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(State.valueOf(rs.getString(1))) : Optional.empty();
                }
            }
        });
    }

    /**
     * Deletes handled updates older than the given age. Telegram keeps an unconfirmed update
     * for at most a day, so a week of ids is plenty to recognise a redelivery.
     */
    int purgeHandled(Duration olderThan) {
        long before = clock.millis() - olderThan.toMillis();
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM telegram_updates WHERE bot_id = ? AND state <> ? AND received_at < ?")) {
                ps.setString(1, botId);
                ps.setString(2, State.RECEIVED.name());
                ps.setLong(3, before);
                return ps.executeUpdate();
            }
        });
    }
}
