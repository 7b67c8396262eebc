package org.policybot.bot.channel;

import java.time.Duration;
import org.slf4j.Logger;

/**
 * One log line per period at most, for events a client can cause at will (bodies broken off,
 * sent too slowly, webhook calls refused): the first of a period is written, the rest counted
 * and reported with the next line written. A client cannot fill the disk with them; the
 * metrics count every one.
 */
public final class ThrottledLog {

    private final Logger log;
    private final long periodNanos;
    private long nextAt = System.nanoTime();
    private int skipped;

    public ThrottledLog(Logger log, Duration period) {
        this.log = log;
        this.periodNanos = period.toNanos();
    }

    /** Writes {@code line} at INFO unless a line was written less than a period ago. */
    public void info(String line) {
        String written = admit(line);
        if (written != null) {
            log.info(written);
        }
    }

    /** Writes {@code line} at WARN unless a line was written less than a period ago. */
    public void warn(String line) {
        String written = admit(line);
        if (written != null) {
            log.warn(written);
        }
    }

    /** The line to write, with the count left out since the last one; null when it is left out too. */
    private String admit(String line) {
        int before;
        synchronized (this) {
            long now = System.nanoTime();
            if (now - nextAt < 0) {
                skipped++;
                return null;
            }
            nextAt = now + periodNanos;
            before = skipped;
            skipped = 0;
        }
        return before == 0 ? line : line + " (" + before + " more like it since the last such line, not logged)";
    }
}
