package org.policybot.bot.telegram;

/**
 * Telegram refused or did not answer a call. {@link #code()} is Telegram's error code
 * (429 flood control, 400 bad request, 403 blocked…) or 0 when no answer came (network,
 * timeout); {@link #retryAfterSeconds()} is set with 429.
 */
public final class BotApiException extends Exception {

    private final int code;
    private final int retryAfterSeconds;

    public BotApiException(int code, int retryAfterSeconds, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public BotApiException(int code, String message) {
        this(code, 0, message, null);
    }

    public int code() {
        return code;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public boolean isFloodControl() {
        return code == 429;
    }

    /** Worth trying again: no answer, or a server-side error. */
    public boolean isTransient() {
        return code == 0 || code >= 500;
    }

    /** Telegram could not parse the HTML of the message. */
    public boolean isBadHtml() {
        String m = getMessage() == null ? "" : getMessage().toLowerCase(java.util.Locale.ROOT);
        return code == 400 && (m.contains("can't parse entities") || m.contains("unsupported start tag")
                || m.contains("can't find end tag"));
    }
}
