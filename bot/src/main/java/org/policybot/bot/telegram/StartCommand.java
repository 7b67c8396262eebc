package org.policybot.bot.telegram;

import org.policybot.bot.channel.Html;
import org.policybot.bot.messages.Messages;

/** "/start": what the bot does, with the example questions of the settings or the corpus. */
final class StartCommand implements TelegramCommand {

    private final HelpCommand help;
    private final Messages messages;

    StartCommand(HelpCommand help, Messages messages) {
        this.help = help;
        this.messages = messages;
    }

    @Override
    public String name() {
        return "start";
    }

    @Override
    public String description() {
        return messages.text("telegram.start.description");
    }

    @Override
    public Reply run(IncomingMessage message, String args) {
        return new Reply(Html.escape(intro()) + help.commandList(), java.util.List.of());
    }

    /** The greeting with the examples, one a line, or without when there are none. */
    String intro() {
        String examples = messages.examples().isEmpty() ? messages.text("telegram.start.no-examples")
                : messages.text("telegram.start.examples", String.join("\n",
                        messages.examples().stream().map(q -> messages.text("telegram.start.example", q)).toList()));
        return messages.text("telegram.start", examples);
    }
}
