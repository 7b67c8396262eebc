package org.policybot.bot.telegram;

import java.util.List;
import org.policybot.bot.channel.Html;

/** "/help": the commands and how to read the answers. */
final class HelpCommand implements TelegramCommand {

    private final List<TelegramCommand> commands;

    HelpCommand(List<TelegramCommand> commands) {
        this.commands = commands;
    }

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String description() {
        return "查看帮助";
    }

    @Override
    public Reply run(IncomingMessage message, String args) {
        return new Reply(commandList() + "\n\n" + Html.escape("也可以直接发送问题。回答会附上原文出处，点“来源 n”按钮可查看引用的原文。"),
                List.of());
    }

    /** One line per command, HTML. */
    String commandList() {
        StringBuilder sb = new StringBuilder("<b>可用命令</b>");
        for (TelegramCommand c : commands) {
            sb.append('\n').append(Html.escape(c.usage())).append(" — ").append(Html.escape(c.description()));
        }
        sb.append('\n').append(Html.escape(usage())).append(" — ").append(Html.escape(description()));
        return sb.toString();
    }
}
