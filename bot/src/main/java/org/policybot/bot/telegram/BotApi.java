package org.policybot.bot.telegram;

import java.util.List;

/**
 * The Bot API calls the bot makes, free of library types: the I/O seam of the Telegram
 * channel. {@link OkHttpBotApi} is the real one; tests wrap it to make Telegram slow or
 * stop answering.
 */
public interface BotApi {

    /** A bot command as shown in Telegram's command menu. */
    record CommandInfo(String command, String description) {
    }

    /** Sends one message; returns its message id. */
    long sendMessage(OutgoingMessage message) throws BotApiException, InterruptedException;

    /** Shows "typing…" in the chat for about five seconds. */
    void sendTyping(String chatId) throws BotApiException, InterruptedException;

    /** Stops the button's spinner, with a short notice when text is not empty. */
    void answerCallback(String callbackQueryId, String text) throws BotApiException, InterruptedException;

    void setCommands(List<CommandInfo> commands) throws BotApiException, InterruptedException;

    BotIdentity getMe() throws BotApiException, InterruptedException;

    /** A member's status in a chat: "creator", "administrator", "member", "restricted", "left" or "kicked". */
    String chatMemberStatus(String chatId, long userId) throws BotApiException, InterruptedException;
}
