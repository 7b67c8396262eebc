package org.policybot.bot.digest;

import java.util.List;

/**
 * Sends a digest's messages to one kind of target (Telegram HTML, WeCom markdown), within
 * the platform's size and rate limits. The I/O seam of the digest.
 */
public interface DigestSender {

    /** The target kind this sender serves ("telegram", "wecom"). */
    String kind();

    /**
     * Formats a digest for this platform: one or more messages, in order, each within the
     * platform's size limit and holding whole articles (one article too long for a message is
     * a message of its own).
     */
    List<DigestMessage> format(Digest digest);

    /**
     * Sends one message (an over-long one cut in order by the platform's sender); throws when
     * it could not be delivered.
     */
    void send(DigestTarget target, String message) throws DeliveryException;

    /**
     * A delivery failed. Transient (the platform refused this time or could not be reached):
     * the target is retried at the next run. Permanent (the platform says the target itself
     * is gone: the bot was blocked or removed, the chat or the robot does not exist): the
     * target is paused until it subscribes again or is configured again.
     */
    final class DeliveryException extends Exception {
        private final boolean permanent;

        public DeliveryException(String message, Throwable cause, boolean permanent) {
            super(message, cause);
            this.permanent = permanent;
        }

        public DeliveryException(String message, Throwable cause) {
            this(message, cause, false);
        }

        public DeliveryException(String message) {
            this(message, null, false);
        }

        public boolean permanent() {
            return permanent;
        }
    }
}
