package org.policybot.bot.llm;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Collects what the named loggers write, at DEBUG, while it is open: for tests that prove
 * what is (and is not) logged. Closing restores the levels.
 */
public final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Map<Logger, Level> levels = new LinkedHashMap<>();

    private LogCapture(Level level, String... loggers) {
        appender.start();
        for (String name : loggers) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            levels.put(logger, logger.getLevel());
            if (level != null) {
                logger.setLevel(level);
            }
            logger.addAppender(appender);
        }
    }

    public static LogCapture debug(String... loggers) {
        return new LogCapture(Level.DEBUG, loggers);
    }

    /** Everything the application would write, at the levels it runs with (logback.xml's). */
    public static LogCapture asConfigured() {
        return new LogCapture(null, Logger.ROOT_LOGGER_NAME);
    }

    /** How many characters the lines so far take, stack traces included, as a log file would hold them. */
    public long characters() {
        long n = 0;
        for (ILoggingEvent e : List.copyOf(appender.list)) {
            n += e.getFormattedMessage().length() + 40;
            if (e.getThrowableProxy() != null) {
                n += ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(e.getThrowableProxy()).length();
            }
        }
        return n;
    }

    /** The events so far, with their level and logger. */
    public List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    /** The formatted messages so far, with any exception's message. */
    public List<String> messages() {
        List<String> out = new ArrayList<>();
        for (ILoggingEvent e : List.copyOf(appender.list)) {
            out.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()));
        }
        return out;
    }

    @Override
    public void close() {
        levels.forEach((logger, level) -> {
            logger.detachAppender(appender);
            logger.setLevel(level);
        });
        appender.stop();
    }
}
