package org.policybot.bot.telegram;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.policybot.bot.store.ConversationStore.Choice;
import org.policybot.bot.store.Sql;

/**
 * The question and options of clarify answers already sent, under a short random key, so
 * an option button carries only the key and the option's number and still answers the
 * question for that option after a restart.
 */
final class ChoiceStore {

    static final ButtonStore.Table TABLE = new ButtonStore.Table("telegram_choices", "choice_key", "choice", "choices",
            new Sql.Migration("telegram-choices-1", List.of(
                    "CREATE TABLE IF NOT EXISTS telegram_choices (choice_key TEXT PRIMARY KEY, created_at BIGINT NOT NULL, "
                            + "choice TEXT NOT NULL)")));

    private final ButtonStore<Choice> store;

    ChoiceStore(Sql db, Clock clock, ObjectMapper json) {
        this.store = new ButtonStore<>(db, clock, json, TABLE, new TypeReference<>() {
        });
    }

    /** Saves the choice of one clarify answer; returns its key. */
    String save(Choice choice) {
        return store.save(choice);
    }

    Optional<Choice> find(String key) {
        return store.find(key);
    }

    /** Forgets choices older than the given age; their buttons then say the question expired. */
    int purge(Duration olderThan) {
        return store.purge(olderThan);
    }
}
