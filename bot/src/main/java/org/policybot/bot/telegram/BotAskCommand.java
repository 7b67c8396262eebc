package org.policybot.bot.telegram;

/** "/ask 问题": a question, the way to ask in groups without mentioning the bot. */
final class BotAskCommand implements TelegramCommand {

    private final AnswerReplies replies;

    BotAskCommand(AnswerReplies replies) {
        this.replies = replies;
    }

    @Override
    public String name() {
        return "ask";
    }

    @Override
    public String description() {
        return "提问（群组里也可以 @我）";
    }

    @Override
    public String usage() {
        return "/ask 问题";
    }

    @Override
    public boolean slow() {
        return true;
    }

    @Override
    public Reply run(IncomingMessage message, String args) {
        if (args.isBlank()) {
            return Reply.text("请在 /ask 后面写上您的问题，例如：/ask 我13年退伍的，养老保险关系要自己去接续吗？");
        }
        return replies.question(message, args);
    }
}
