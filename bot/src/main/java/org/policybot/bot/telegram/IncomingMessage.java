package org.policybot.bot.telegram;

import java.util.Objects;

/**
 * A text message as the bot sees it, free of Telegram types.
 *
 * @param group     sent in a group or supergroup (not a private chat)
 * @param text      the text with a mention of the bot removed ("" for non-text messages)
 * @param command   the command it starts with, or null
 * @param addressed the bot should answer it: anything in a private chat; in groups only
 *                  commands, mentions of the bot and replies to the bot's messages
 */
record IncomingMessage(long updateId, String chatId, boolean group, long userId, int messageId, String text,
                       CommandCall command, boolean addressed) implements Incoming {

    /** A command such as "/ask@policy_bot 问题": name "ask", args "问题". */
    record CommandCall(String name, String args, String botName) {
    }

    IncomingMessage {
        Objects.requireNonNull(chatId, "chatId");
        text = text == null ? "" : text;
    }

    /** Groups get answers as replies to the asking message; private chats need none. */
    Integer replyTo() {
        return group ? messageId : null;
    }
}
