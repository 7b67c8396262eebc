package org.policybot.bot.telegram;

/**
 * Who the bot is (from getMe): groups address it by "@username" and by replying to its
 * messages, which carry its id.
 */
public record BotIdentity(long id, String username) {
    public BotIdentity {
        username = username == null ? "" : username;
    }
}
