package org.policybot.bot.api;

/** Bad command-line input (a missing file, a bad value): exit code 2 with this message. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
