package org.policybot.bot.wechat;

/**
 * A request the endpoint refuses before any answer is computed: a bad signature, a stale
 * timestamp, XML it will not parse. {@code status} is the HTTP status to answer with;
 * the message names the reason for logs and for the short response body.
 */
final class Rejected extends Exception {

    private final int status;

    Rejected(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static Rejected forbidden(String message) {
        return new Rejected(403, message);
    }

    static Rejected badRequest(String message) {
        return new Rejected(400, message);
    }

    int status() {
        return status;
    }
}
