package org.policybot.bot.web;

import java.time.Duration;
import org.slf4j.Logger;

/**
 * One log line per period at most, for events a client can cause at will (bodies broken off,
 * sent too slowly): the first of a period is written, the rest counted and reported with the
 * next line written. A client cannot fill the disk with them; {@code /metrics} has every one.
 */
final class ThrottledLog {

    private final Logger log;
    private final long periodNanos;
    private long nextAt = System.nanoTime();
    private int skipped;

    ThrottledLog(Logger log, Duration period) {
        this.log = log;
        this.periodNanos = period.toNanos();
    }

    /** Writes {@code line} at INFO unless a line was written less than a period ago. */
    void info(String line) {
        int before;
        synchronized (this) {
            long now = System.nanoTime();
            if (now - nextAt < 0) {
                skipped++;
                return;
            }
            nextAt = now + periodNanos;
            before = skipped;
            skipped = 0;
        }
        if (before == 0) {
            log.info(line);
        } else {
            log.info("{} ({} more like it since the last such line, not logged)", line, before);
        }
    }
}
