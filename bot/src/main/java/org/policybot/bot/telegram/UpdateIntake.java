package org.policybot.bot.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.policybot.bot.store.DatabaseUnavailableException;
import org.policybot.bot.telegram.UpdateStore.StoredUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Where updates enter, from long polling or the webhook: each is written to the database
 * first, and only updates not seen before are handed to the chat executor. Returning
 * false means "not stored": the caller must not acknowledge them to Telegram, which then
 * delivers them again. That is for a database that failed; an update that can never be
 * stored, whatever the database does (nested too deep, an entity outside its text), is
 * malformed: it is skipped, logged and counted as {@code outcome="malformed"}, so it is
 * acknowledged instead of coming back for a day.
 */
final class UpdateIntake {

    private static final Logger log = LoggerFactory.getLogger(UpdateIntake.class);

    private final UpdateStore store;
    private final ChatExecutor executor;
    private final UpdateHandler handler;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    UpdateIntake(UpdateStore store, ChatExecutor executor, UpdateHandler handler, ObjectMapper json, MeterRegistry metrics) {
        this.store = store;
        this.executor = executor;
        this.handler = handler;
        this.json = json;
        this.metrics = metrics;
    }

    /** Stores the updates and dispatches the new ones (malformed ones are skipped); false when they could not be stored. */
    boolean accept(List<Update> updates) {
        List<StoredUpdate> rows = new ArrayList<>(updates.size());
        for (Update u : updates) {
            try {
                rows.add(new StoredUpdate(u.getUpdateId(), UpdateParser.chatOf(u), json.writeValueAsString(u)));
            } catch (JsonProcessingException | RuntimeException e) {
                malformed(u.getUpdateId(), e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString());
            }
        }
        List<StoredUpdate> fresh;
        try {
            fresh = store.storeNew(rows);
        } catch (DatabaseUnavailableException e) {
            // The database logs the outage once; Telegram delivers these again.
            log.debug("Telegram update(s) not stored while the database is unavailable: {}", e.getMessage());
            return false;
        } catch (RuntimeException e) {
            log.error("Could not store {} Telegram update(s); they stay unacknowledged: {}", updates.size(), e.getMessage());
            return false;
        }
        if (fresh.size() < updates.size()) {
            log.info("{} Telegram update(s) delivered again, already handled or pending", updates.size() - fresh.size());
        }
        fresh.forEach(this::dispatch);
        return true;
    }

    /** Counts and logs an update that is acknowledged without being stored or answered. */
    void malformed(Integer updateId, String why) {
        log.warn("Telegram update {} is malformed and is acknowledged without an answer: {}",
                updateId == null ? "(id unreadable)" : updateId, why);
        metrics.counter("policybot.telegram.updates", "outcome", "malformed").increment();
    }

    /** Dispatches updates stored but never handled (the process stopped first). */
    int recover() {
        List<StoredUpdate> pending = store.pending();
        if (!pending.isEmpty()) {
            log.info("Answering {} Telegram update(s) left unanswered by the last run", pending.size());
        }
        pending.forEach(this::dispatch);
        return pending.size();
    }

    private void dispatch(StoredUpdate u) {
        executor.submit(u.chatId(), () -> handler.handle(u));
    }
}
