package org.policybot.bot.telegram;

/** A message could not be delivered after the retries Telegram's answer allowed; already logged. */
public final class TelegramSendException extends Exception {

    private final int code;

    public TelegramSendException(String message, int code, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** Telegram's error code of the last attempt, 0 when none answered. */
    public int code() {
        return code;
    }
}
