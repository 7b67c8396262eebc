package org.policybot.bot.telegram;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.policybot.bot.answer.Citation;
import org.policybot.bot.store.Sql;

/**
 * The citations of answers already sent, under a short random key, so a "来源 n" button
 * carries only the key and the number (callback data is limited to 64 bytes) and still
 * shows the quoted passage after a restart.
 */
final class CitationStore {

    static final ButtonStore.Table TABLE = new ButtonStore.Table("telegram_citations", "citation_key", "citations",
            "citations", new Sql.Migration("telegram-citations-1", List.of(
                    "CREATE TABLE IF NOT EXISTS telegram_citations (citation_key TEXT PRIMARY KEY, created_at BIGINT NOT NULL, "
                            + "citations TEXT NOT NULL)")));

    private final ButtonStore<List<Citation>> store;

    CitationStore(Sql db, Clock clock, ObjectMapper json) {
        this.store = new ButtonStore<>(db, clock, json, TABLE, new TypeReference<>() {
        });
    }

    /** Saves the citations of one answer; returns their key. */
    String save(List<Citation> citations) {
        return store.save(citations);
    }

    Optional<List<Citation>> find(String key) {
        return store.find(key);
    }

    /** Forgets citations older than the given age; their buttons then say the source expired. */
    int purge(Duration olderThan) {
        return store.purge(olderThan);
    }
}
