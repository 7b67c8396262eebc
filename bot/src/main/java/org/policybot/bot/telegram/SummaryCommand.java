package org.policybot.bot.telegram;

import org.policybot.bot.messages.Messages;

/** "/summary [标题或主题]": a cited summary of an article or topic, the newest article by default. */
final class SummaryCommand implements TelegramCommand {

    private final AnswerReplies replies;
    private final Messages messages;

    SummaryCommand(AnswerReplies replies, Messages messages) {
        this.replies = replies;
        this.messages = messages;
    }

    @Override
    public String name() {
        return "summary";
    }

    @Override
    public String description() {
        return messages.text("telegram.summary.description");
    }

    @Override
    public String usage() {
        return messages.text("telegram.summary.usage");
    }

    @Override
    public boolean slow() {
        return true;
    }

    @Override
    public Reply run(IncomingMessage message, String args) {
        return replies.summary(args);
    }
}
