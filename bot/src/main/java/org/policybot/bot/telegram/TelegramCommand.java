package org.policybot.bot.telegram;

/**
 * One bot command ("/search 关键词"). Commands are small classes registered in
 * {@link Commands}; the handler routes, rate-limits and sends what they return.
 */
interface TelegramCommand {

    /** The name without the slash, lower case ("search"). */
    String name();

    /** One line for Telegram's command menu and /help. */
    String description();

    /** How /help shows it ("/search 关键词"). */
    default String usage() {
        return "/" + name();
    }

    /** Composing the reply takes a while: show "typing…" meanwhile. */
    default boolean slow() {
        return false;
    }

    /** In a group, only its administrators may run it (private chats always may). */
    default boolean adminOnly() {
        return false;
    }

    /** The reply to the command; {@code args} is the text after it, stripped. */
    Reply run(IncomingMessage message, String args);
}
