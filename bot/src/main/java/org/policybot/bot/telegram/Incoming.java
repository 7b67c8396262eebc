package org.policybot.bot.telegram;

/** Something a user did that the bot may answer: a message or a button press. */
sealed interface Incoming permits IncomingMessage, IncomingCallback {

    long updateId();

    String chatId();

    long userId();

    /** Sent in a group or supergroup (not a private chat). */
    boolean group();

    /** Who asks, for the shared rate limiter ("telegram:42"). */
    default String user() {
        return "telegram:" + userId();
    }

    /** Conversation memory: one per private chat, one per user within a group. */
    default String conversationId() {
        return group() ? "telegram:" + chatId() + ":" + userId() : "telegram:" + chatId();
    }
}
