package org.policybot.bot.digest;

import java.util.List;

/**
 * Sends a digest's messages to one kind of target (Telegram HTML, WeCom markdown), within
 * the platform's size and rate limits. The I/O seam of the digest.
 */
public interface DigestSender {

    /** The target kind this sender serves ("telegram", "wecom"). */
    String kind();

    /** Formats a digest for this platform: one or more messages, in order. */
    List<String> format(Digest digest);

    /** Sends the messages in order; throws when any could not be delivered. */
    void send(DigestTarget target, List<String> messages) throws DeliveryException;

    /** A delivery failed; the target will be retried later. */
    final class DeliveryException extends Exception {
        public DeliveryException(String message, Throwable cause) {
            super(message, cause);
        }

        public DeliveryException(String message) {
            super(message);
        }
    }
}
