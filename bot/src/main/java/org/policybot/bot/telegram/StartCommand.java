package org.policybot.bot.telegram;

import org.policybot.bot.channel.Html;

/** "/start": what the bot does, with example questions. */
final class StartCommand implements TelegramCommand {

    static final String INTRO = "您好！我是社保政策问答机器人，根据已收录的政策文章和新闻回答问题，并附上原文出处。\n\n"
            + "直接发送您的问题即可，例如：\n"
            + "• 我13年退伍的，养老保险关系要自己去接续吗？\n"
            + "• 同一年既交了职工养老又交了居民养老，重复的怎么处理？\n"
            + "• 焦作欠薪维权电话多少？\n\n"
            + "在群组里，请 @我、回复我的消息或使用 /ask 提问。\n\n";

    private final HelpCommand help;

    StartCommand(HelpCommand help) {
        this.help = help;
    }

    @Override
    public String name() {
        return "start";
    }

    @Override
    public String description() {
        return "介绍与示例";
    }

    @Override
    public Reply run(IncomingMessage message, String args) {
        return new Reply(Html.escape(INTRO) + help.commandList(), java.util.List.of());
    }
}
