package org.policybot.bot.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.policybot.bot.privacy.Masking;
import org.policybot.bot.store.Sql;

/**
 * Every update received, written before it is acknowledged to Telegram, with how its
 * handling ended. Unhandled updates are answered after a restart; the key (bot, update
 * id) makes a redelivered update a no-op, so nothing is answered twice. Every text of an
 * update is masked before its first write ({@link #masked}): the raw numbers a citizen
 * typed never reach the database file, not even for the moment before handling.
 */
final class UpdateStore {

    /** How handling of an update ended ({@code RECEIVED} while it has not). */
    enum State { RECEIVED, ANSWERED, IGNORED, LIMITED, FAILED }

    /** An update as stored: its id, the chat it belongs to (for ordering) and its JSON. */
    record StoredUpdate(long updateId, String chatId, String payload) {
    }

    static final List<Sql.Migration> MIGRATIONS = List.of(new Sql.Migration("telegram-updates-1", List.of(
            "CREATE TABLE IF NOT EXISTS telegram_updates (bot_id TEXT NOT NULL, update_id BIGINT NOT NULL, "
                    + "chat_id TEXT NOT NULL, payload TEXT NOT NULL, state TEXT NOT NULL, received_at BIGINT NOT NULL, "
                    + "handled_at BIGINT, PRIMARY KEY (bot_id, update_id))",
            "CREATE INDEX IF NOT EXISTS telegram_updates_state ON telegram_updates (bot_id, state, update_id)")));

    /** Reads and writes payload trees only; what an update means is read by the handler's mapper. */
    private static final ObjectMapper PAYLOAD = new ObjectMapper();

    private final Sql db;
    private final Clock clock;
    private final String botId;

    /**
     * @param botId the bot's numeric id (the token's prefix): update ids are per bot
     */
    UpdateStore(Sql db, Clock clock, String botId) {
        this.db = db;
        this.clock = clock;
        this.botId = botId;
        db.migrate(MIGRATIONS);
    }

    /**
     * Stores the updates, masked, in one transaction; returns those not seen before, in
     * order, as stored (masked), so they are handled as they would be after a restart.
     */
    List<StoredUpdate> storeNew(List<StoredUpdate> updates) {
        if (updates.isEmpty()) {
            return List.of();
        }
        long now = clock.millis();
        List<StoredUpdate> masked = updates.stream().map(UpdateStore::masked).toList();
        return db.transaction(c -> {
            List<StoredUpdate> fresh = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO telegram_updates (bot_id, update_id, chat_id, payload, "
                    + "state, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (bot_id, update_id) DO NOTHING")) {
                for (StoredUpdate u : masked) {
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

    /**
     * The update with every string of its JSON masked (message text, captions, names, a shared
     * contact's phone number). Ids are JSON numbers and stay; masking keeps each string's length,
     * so entity offsets still fit the text.
     */
    static StoredUpdate masked(StoredUpdate u) {
        JsonNode tree;
        try {
            tree = PAYLOAD.readTree(u.payload());
        } catch (JsonProcessingException e) {
            return new StoredUpdate(u.updateId(), u.chatId(), Masking.mask(u.payload()));
        }
        if (!maskStrings(tree)) {
            return u;
        }
        try {
            return new StoredUpdate(u.updateId(), u.chatId(), PAYLOAD.writeValueAsString(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that was just read cannot be written: " + e.getMessage(), e);
        }
    }

    /** Masks the strings inside a JSON tree in place; true when one changed. */
    private static boolean maskStrings(JsonNode node) {
        boolean changed = false;
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual()) {
                    String m = Masking.mask(e.getValue().asText());
                    if (!m.equals(e.getValue().asText())) {
                        e.setValue(TextNode.valueOf(m));
                        changed = true;
                    }
                } else {
                    changed |= maskStrings(e.getValue());
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) {
                    String m = Masking.mask(a.get(i).asText());
                    if (!m.equals(a.get(i).asText())) {
                        a.set(i, TextNode.valueOf(m));
                        changed = true;
                    }
                } else {
                    changed |= maskStrings(a.get(i));
                }
            }
        }
        return changed;
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
     * The chats with an update received before {@code now - olderThan} and not handled yet,
     * the chat of the oldest such update first.
     */
    List<String> chatsWaitingSince(Duration olderThan) {
        long before = clock.millis() - olderThan.toMillis();
        return db.with(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT chat_id, MIN(update_id) AS oldest FROM telegram_updates "
                    + "WHERE bot_id = ? AND state = ? AND received_at < ? GROUP BY chat_id ORDER BY oldest")) {
                ps.setString(1, botId);
                ps.setString(2, State.RECEIVED.name());
                ps.setLong(3, before);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /** The updates of one chat received but not handled yet, oldest first. */
    List<StoredUpdate> pendingOf(String chatId) {
        return db.with(c -> {
            List<StoredUpdate> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT update_id, chat_id, payload FROM telegram_updates "
                    + "WHERE bot_id = ? AND state = ? AND chat_id = ? ORDER BY update_id")) {
                ps.setString(1, botId);
                ps.setString(2, State.RECEIVED.name());
                ps.setString(3, chatId);
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
