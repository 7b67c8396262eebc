package org.policybot.bot.telegram;

import java.util.List;
import java.util.Objects;
import org.policybot.bot.channel.Html;

/** What the bot answers to one message: HTML (any length; split when sent) and buttons. */
record Reply(String html, List<List<Button>> keyboard) {

    Reply {
        Objects.requireNonNull(html, "html");
        keyboard = keyboard == null ? List.of() : keyboard.stream().map(List::copyOf).toList();
    }

    /** A reply of plain text, escaped here. */
    static Reply text(String text) {
        return new Reply(Html.escape(text), List.of());
    }
}
