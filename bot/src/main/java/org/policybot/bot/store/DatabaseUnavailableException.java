package org.policybot.bot.store;

/**
 * The database cannot be reached just now (PostgreSQL restarting, the network between down,
 * every connection busy past the wait): worth trying again shortly, unlike other
 * {@link StoreException}s. The HTTP API answers it with 503 and {@code Retry-After}; the
 * {@link Database} logs the outage once, so catchers need not log each call.
 */
public final class DatabaseUnavailableException extends StoreException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public DatabaseUnavailableException(String message) {
        super(message);
    }
}
