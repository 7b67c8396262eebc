package org.policybot.bot.wecom;

/**
 * A group-robot message was not delivered. The message names the robot with its key
 * masked (the key alone lets anyone post into the group) and says how many parts of the
 * content went out before the failure.
 */
public final class WecomException extends RuntimeException {

    private final int errorCode;

    WecomException(String message, int errorCode, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /** WeCom's errcode (93000 invalid webhook, 45009 too frequent…), the HTTP status, or -1 for I/O errors. */
    public int errorCode() {
        return errorCode;
    }
}
