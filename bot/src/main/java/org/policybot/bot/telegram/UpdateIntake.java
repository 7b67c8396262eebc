package org.policybot.bot.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.policybot.bot.telegram.UpdateStore.StoredUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Where updates enter, from long polling or the webhook: each is written to the database
 * first, and only updates not seen before are handed to the chat executor. Returning
 * false means "not stored": the caller must not acknowledge them to Telegram.
 */
final class UpdateIntake {

    private static final Logger log = LoggerFactory.getLogger(UpdateIntake.class);

    private final UpdateStore store;
    private final ChatExecutor executor;
    private final UpdateHandler handler;
    private final ObjectMapper json;

    UpdateIntake(UpdateStore store, ChatExecutor executor, UpdateHandler handler, ObjectMapper json) {
        this.store = store;
        this.executor = executor;
        this.handler = handler;
        this.json = json;
    }

    /** Stores the updates and dispatches the new ones; false when they could not be stored. */
    boolean accept(List<Update> updates) {
        List<StoredUpdate> fresh;
        try {
            List<StoredUpdate> rows = new ArrayList<>(updates.size());
            for (Update u : updates) {
                rows.add(new StoredUpdate(u.getUpdateId(), UpdateParser.chatOf(u), json.writeValueAsString(u)));
            }
            fresh = store.storeNew(rows);
        } catch (JsonProcessingException | RuntimeException e) {
            log.error("Could not store {} Telegram update(s); they stay unacknowledged: {}", updates.size(), e.getMessage());
            return false;
        }
        if (fresh.size() < updates.size()) {
            log.info("{} Telegram update(s) delivered again, already handled or pending", updates.size() - fresh.size());
        }
        fresh.forEach(this::dispatch);
        return true;
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
