package org.policybot.bot.telegram;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.BotSession;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Receives long-polling batches: stores them before returning, because the next getUpdates
 * call (made after this returns) is what acknowledges them to Telegram. The session has
 * already moved its offset past the batch; when storing fails it is moved back, so the
 * batch is fetched again instead of lost. Never throws: an exception would end polling.
 * A replica that stopped leading ({@link PollingLeadership}) while a poll was in flight does
 * not store its batch: unconfirmed, it goes to the new leader.
 */
final class PollingReceiver implements LongPollingUpdateConsumer {

    private static final Logger log = LoggerFactory.getLogger(PollingReceiver.class);
    private static final long PAUSE_AFTER_FAILURE_MILLIS = 1000;

    private final UpdateIntake intake;
    private final BooleanSupplier leading;
    private final AtomicReference<BotSession> session = new AtomicReference<>();

    /** A receiver for the only process that polls (SQLite). */
    PollingReceiver(UpdateIntake intake) {
        this(intake, () -> true);
    }

    /** @param leading whether this replica still leads the polling; batches arriving otherwise are left to the leader */
    PollingReceiver(UpdateIntake intake, BooleanSupplier leading) {
        this.intake = intake;
        this.leading = leading;
    }

    void session(BotSession botSession) {
        session.set(botSession);
    }

    @Override
    public void consume(List<Update> updates) {
        if (!leading.getAsBoolean()) {
            log.info("{} Telegram update(s) arrived after this replica stopped polling; left unconfirmed for the leader",
                    updates.size());
            return;
        }
        try {
            if (intake.accept(updates)) {
                return;
            }
        } catch (RuntimeException e) {
            log.error("Telegram updates not stored", e);
        }
        int first = updates.stream().mapToInt(Update::getUpdateId).min().orElse(0);
        BotSession s = session.get();
        if (s != null) {
            s.getLastReceivedUpdate().set(first - 1);
        } else {
            log.error("Telegram updates from {} not stored and the session is not ready to fetch them again", first);
        }
        try {
            Thread.sleep(PAUSE_AFTER_FAILURE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
