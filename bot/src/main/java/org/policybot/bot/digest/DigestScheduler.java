package org.policybot.bot.digest;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.policybot.bot.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the digest on a cron schedule (Unix, five fields) in the configured time zone, as a
 * channel of {@code serve}. A run that fails is logged and the next one is scheduled anyway.
 */
public final class DigestScheduler implements Channel {

    private static final Logger log = LoggerFactory.getLogger(DigestScheduler.class);
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final DigestService digests;
    private final ExecutionTime schedule;
    private final ZoneId zone;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "digest-scheduler");
        t.setDaemon(true);
        return t;
    });

    public DigestScheduler(DigestService digests, String cron, ZoneId zone, Clock clock) {
        this.digests = digests;
        this.schedule = ExecutionTime.forCron(UNIX.parse(cron));
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "digest";
    }

    /** When the next run is due, after the given moment. */
    public Optional<ZonedDateTime> nextRun(ZonedDateTime after) {
        return schedule.nextExecution(after);
    }

    @Override
    public void start() {
        scheduleNext();
    }

    private void scheduleNext() {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        Optional<ZonedDateTime> next = nextRun(now);
        if (next.isEmpty()) {
            log.warn("The digest schedule has no future run");
            return;
        }
        long delay = Math.max(0, Duration.between(now, next.get()).toMillis());
        log.info("Next digest at {}", next.get());
        timer.schedule(this::runAndReschedule, delay, TimeUnit.MILLISECONDS);
    }

    private void runAndReschedule() {
        try {
            digests.run(false);
        } catch (RuntimeException e) {
            log.warn("Scheduled digest failed: {}", e.getMessage());
        } finally {
            if (!timer.isShutdown()) {
                scheduleNext();
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
