package org.policybot.bot.telegram;

/** "/summary [标题或主题]": a cited summary of an article or topic, the newest article by default. */
final class SummaryCommand implements TelegramCommand {

    private final AnswerReplies replies;

    SummaryCommand(AnswerReplies replies) {
        this.replies = replies;
    }

    @Override
    public String name() {
        return "summary";
    }

    @Override
    public String description() {
        return "文章摘要（不写主题则为最新文章）";
    }

    @Override
    public String usage() {
        return "/summary [标题或主题]";
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
