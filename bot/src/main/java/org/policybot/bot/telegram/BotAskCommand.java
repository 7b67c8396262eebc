package org.policybot.bot.telegram;

import org.policybot.bot.messages.Messages;

/** "/ask 问题": a question, the way to ask in groups without mentioning the bot. */
final class BotAskCommand implements TelegramCommand {

    private final AnswerReplies replies;
    private final Messages messages;

    BotAskCommand(AnswerReplies replies, Messages messages) {
        this.replies = replies;
        this.messages = messages;
    }

    @Override
    public String name() {
        return "ask";
    }

    @Override
    public String description() {
        return messages.text("telegram.ask.description");
    }

    @Override
    public String usage() {
        return messages.text("telegram.ask.usage");
    }

    @Override
    public boolean slow() {
        return true;
    }

    @Override
    public Reply run(IncomingMessage message, String args) {
        if (args.isBlank()) {
            return Reply.text(messages.text("telegram.ask.empty"));
        }
        return replies.question(message, args);
    }
}
