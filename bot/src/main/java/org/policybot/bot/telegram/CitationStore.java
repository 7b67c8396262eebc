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
import org.policybot.bot.answer.Citation;
import org.policybot.bot.store.Database;
import org.policybot.bot.store.StoreException;

/**
 * The citations of answers already sent, under a short random key, so a "来源 n" button
 * carries only the key and the number (callback data is limited to 64 bytes) and still
 * shows the quoted passage after a restart.
 */
final class CitationStore {

    static final List<Database.Migration> MIGRATIONS = List.of(new Database.Migration("telegram-citations-1", List.of(
            "CREATE TABLE IF NOT EXISTS telegram_citations (citation_key TEXT PRIMARY KEY, created_at BIGINT NOT NULL, "
                    + "citations TEXT NOT NULL)")));

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static final int KEY_LENGTH = 10;
    private static final TypeReference<List<Citation>> LIST = new TypeReference<>() {
    };

    private final Database db;
    private final Clock clock;
    private final ObjectMapper json;
    private final SecureRandom random = new SecureRandom();

    CitationStore(Database db, Clock clock, ObjectMapper json) {
        this.db = db;
        this.clock = clock;
        this.json = json;
        db.migrate(MIGRATIONS);
    }

    /** Saves the citations of one answer; returns their key. */
    String save(List<Citation> citations) {
        String key = newKey();
        String payload;
        try {
            payload = json.writeValueAsString(citations);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot serialise citations: " + e.getOriginalMessage(), e);
        }
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO telegram_citations (citation_key, created_at, citations) VALUES (?, ?, ?)")) {
                ps.setString(1, key);
                ps.setLong(2, clock.millis());
                ps.setString(3, payload);
                return ps.executeUpdate();
            }
        });
        return key;
    }

    Optional<List<Citation>> find(String key) {
        Optional<String> payload = db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT citations FROM telegram_citations WHERE citation_key = ?")) {
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
            return Optional.of(json.readValue(payload.get(), LIST));
        } catch (JsonProcessingException e) {
            throw new StoreException("stored citations under " + key + " are unreadable: " + e.getOriginalMessage(), e);
        }
    }

    /** Forgets citations older than the given age; their buttons then say the source expired. */
    int purge(Duration olderThan) {
        long before = clock.millis() - olderThan.toMillis();
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM telegram_citations WHERE created_at < ?")) {
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
