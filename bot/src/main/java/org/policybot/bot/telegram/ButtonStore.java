package org.policybot.bot.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.policybot.bot.store.Sql;
import org.policybot.bot.store.StoreException;

/**
 * What the buttons of a message sent stand for, as JSON under a short random key: callback
 * data is limited to 64 bytes, so a button carries only the key (and a number), and still
 * works after a restart, until the value is purged.
 *
 * @param <T> the value behind a message's buttons
 */
final class ButtonStore<T> {

    /** Where values are kept: the table, its key and value columns, and the migration creating it. */
    record Table(String name, String keyColumn, String valueColumn, String what, Sql.Migration migration) {
    }

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static final int KEY_LENGTH = 10;

    private final Sql db;
    private final Clock clock;
    private final ObjectMapper json;
    private final Table table;
    private final TypeReference<T> type;
    private final SecureRandom random = new SecureRandom();

    ButtonStore(Sql db, Clock clock, ObjectMapper json, Table table, TypeReference<T> type) {
        this.db = db;
        this.clock = clock;
        this.json = json;
        this.table = table;
        this.type = type;
        db.migrate(List.of(table.migration()));
    }

    /** Saves one value; returns its key. */
    String save(T value) {
        String key = newKey();
        String payload;
        try {
            payload = json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot serialise " + table.what() + ": " + e.getOriginalMessage(), e);
        }
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table.name() + " (" + table.keyColumn()
                    + ", created_at, " + table.valueColumn() + ") VALUES (?, ?, ?)")) {
                ps.setString(1, key);
                ps.setLong(2, clock.millis());
                ps.setString(3, payload);
                return ps.executeUpdate();
            }
        });
        return key;
    }

    Optional<T> find(String key) {
        Optional<String> payload = db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + table.valueColumn() + " FROM " + table.name()
                    + " WHERE " + table.keyColumn() + " = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
        if (payload.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(payload.get(), type));
        } catch (JsonProcessingException e) {
            throw new StoreException("stored " + table.what() + " under " + key + " are unreadable: " + e.getOriginalMessage(), e);
        }
    }

    /** Forgets values older than the given age; their buttons then say they expired. */
    int purge(Duration olderThan) {
        long before = clock.millis() - olderThan.toMillis();
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table.name() + " WHERE created_at < ?")) {
                ps.setLong(1, before);
                return ps.executeUpdate();
            }
        });
    }

    private String newKey() {
        StringBuilder sb = new StringBuilder(KEY_LENGTH);
        for (int i = 0; i < KEY_LENGTH; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
