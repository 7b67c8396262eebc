package org.policybot.bot.telegram;

import java.util.List;
import org.policybot.bot.channel.Html;
import org.policybot.bot.messages.Messages;

/** "/help": the commands and how to read the answers. */
final class HelpCommand implements TelegramCommand {

    private final List<TelegramCommand> commands;
    private final Messages messages;

    HelpCommand(List<TelegramCommand> commands, Messages messages) {
        this.commands = commands;
        this.messages = messages;
    }

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String description() {
        return messages.text("telegram.help.description");
    }

    @Override
    public Reply run(IncomingMessage message, String args) {
        return new Reply(commandList() + "\n\n" + Html.escape(messages.text("telegram.help.footer")),
                List.of());
    }

    /** One line per command, HTML. */
    String commandList() {
        StringBuilder sb = new StringBuilder("<b>").append(Html.escape(messages.text("telegram.help.title"))).append("</b>");
        for (TelegramCommand c : commands) {
            sb.append('\n').append(Html.escape(c.usage())).append(" — ").append(Html.escape(c.description()));
        }
        sb.append('\n').append(Html.escape(usage())).append(" — ").append(Html.escape(description()));
        return sb.toString();
    }
}
