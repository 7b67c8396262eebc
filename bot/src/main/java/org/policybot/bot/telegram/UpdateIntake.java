package org.policybot.bot.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.policybot.bot.store.AdvisoryLocks;
import org.policybot.bot.store.DatabaseUnavailableException;
import org.policybot.bot.store.SessionLock;
import org.policybot.bot.store.StoreException;
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
    /** Per-chat locks shared by the replicas taking webhook calls; null when one process handles every update. */
    private final AdvisoryLocks chatLocks;
    private final String botId;

    UpdateIntake(UpdateStore store, ChatExecutor executor, UpdateHandler handler, ObjectMapper json, MeterRegistry metrics) {
        this(store, executor, handler, json, metrics, null, "");
    }

    /**
     * @param chatLocks when several replicas take webhook calls on one PostgreSQL: a chat's
     *                  updates are then handled by one replica at a time, from the database, in
     *                  update order ({@link #drain})
     */
    UpdateIntake(UpdateStore store, ChatExecutor executor, UpdateHandler handler, ObjectMapper json, MeterRegistry metrics,
                 AdvisoryLocks chatLocks, String botId) {
        this.store = store;
        this.executor = executor;
        this.handler = handler;
        this.json = json;
        this.metrics = metrics;
        this.chatLocks = chatLocks;
        this.botId = botId;
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

    /**
     * With several replicas taking webhook calls: hands out the chats that have updates stored at
     * least {@code olderThan} ago and still unanswered, each to a {@link #drain} unless this
     * replica already has the chat queued or running. A chat whose lock another replica holds is
     * left to it; a chat whose replica died (PostgreSQL freed its lock with its session) is
     * answered here, oldest update first, though no new update of the chat comes. Returns the
     * number of chats handed out; 0 without chat locks (one process: what it stored it answers,
     * or its next start does).
     */
    int resumeWaiting(Duration olderThan) {
        if (chatLocks == null) {
            return 0;
        }
        int handed = 0;
        for (String chat : store.chatsWaitingSince(olderThan)) {
            if (executor.submitIfIdle(chat, () -> drain(chat))) {
                handed++;
            }
        }
        return handed;
    }

    private void dispatch(StoredUpdate u) {
        if (chatLocks == null) {
            executor.submit(u.chatId(), () -> handler.handle(u));
        } else {
            executor.submit(u.chatId(), () -> drain(u.chatId()));
        }
    }

    /**
     * Handles what the chat has waiting, oldest update first, while holding the chat's lock, so
     * that with several replicas taking webhook calls a chat's updates are answered one at a
     * time and in order, whichever replica stored them. When another replica holds the lock,
     * this one leaves the chat to it.
     * <p>
     * NOTE: why no update is left behind: a replica stores its update before it tries the
     * lock, and the holder looks for waiting updates again after it lets go. So an update
     * whose replica found the lock taken was stored before the holder's last look. Why none is
     * handled twice: an update is handled only under the lock, and only while the database
     * still has it unhandled. An update whose handling fails is not tried again in this turn.
     * A replica that dies loses the lock with its session, and what it left waiting is taken up
     * by the chat's next update or by {@link #resumeWaiting}. The one repeat: an update whose
     * reply went out just before its replica died, not yet recorded, is answered again.
     */
    private void drain(String chat) {
        long key = SessionLock.key("telegram-chat:" + botId + ":" + chat);
        Set<Long> tried = new HashSet<>();
        while (true) {
            try {
                if (!chatLocks.tryLock(key)) {
                    return;
                }
            } catch (StoreException e) {
                log.warn("Telegram updates of a chat wait for its next update or the next look for waiting ones: "
                        + "the chat lock could not be taken: {}", e.getMessage());
                return;
            }
            try {
                List<StoredUpdate> waiting = untried(chat, tried);
                while (!waiting.isEmpty() && executor.taking()) {
                    for (StoredUpdate u : waiting) {
                        if (!executor.taking()) {
                            break; // stopping: the rest waits for the next start or another replica
                        }
                        tried.add(u.updateId());
                        try {
                            handler.handle(u);
                        } catch (RuntimeException e) {
                            log.error("Handling Telegram update {} failed: {}", u.updateId(), e.toString());
                        }
                    }
                    waiting = untried(chat, tried);
                }
            } catch (RuntimeException e) {
                log.warn("The Telegram updates of a chat could not be read; they wait for its next update or the next "
                        + "look for waiting ones: {}", e.getMessage());
                return;
            } finally {
                chatLocks.unlock(key);
            }
            try {
                if (!executor.taking() || untried(chat, tried).isEmpty()) {
                    return;
                }
            } catch (RuntimeException e) {
                log.warn("The Telegram updates of a chat could not be read; they wait for its next update or the next "
                        + "look for waiting ones: {}", e.getMessage());
                return;
            }
        }
    }

    private List<StoredUpdate> untried(String chat, Set<Long> tried) {
        return store.pendingOf(chat).stream().filter(u -> !tried.contains(u.updateId())).toList();
    }
}
