package org.policybot.bot.wechat;

/**
 * Sends a text to a user outside the 5-second passive-reply window: WeChat's
 * customer-service message API. The I/O seam of the channel's slow path.
 */
interface CustomerService {

    /** Sends one text message (at most {@link ReplyText#MAX_BYTES}) to the user. */
    void send(String openId, String text) throws Refused;

    /** WeChat did not take the message: not permitted for this account or user, or unreachable. */
    final class Refused extends Exception {
        private final int errorCode;

        Refused(int errorCode, String message, Throwable cause) {
            super(message, cause);
            this.errorCode = errorCode;
        }

        /** WeChat's errcode (48001 not authorised, 45015 user silent for 48 h…), or -1 for I/O errors. */
        int errorCode() {
            return errorCode;
        }
    }
}
