package org.policybot.bot.telegram;

/** Something a user did that the bot may answer: a message or a button press. */
sealed interface Incoming permits IncomingMessage, IncomingCallback {

    long updateId();

    String chatId();

    long userId();

    /** Who asks, for the shared rate limiter ("telegram:42"). */
    default String user() {
        return "telegram:" + userId();
    }
}
