package org.policybot.bot.telegram;

/**
 * A press of an inline button.
 *
 * @param messageId the message that carries the button, or 0 when Telegram did not say
 */
record IncomingCallback(long updateId, String callbackId, String chatId, long userId, int messageId, String data,
                        boolean group) implements Incoming {
}
