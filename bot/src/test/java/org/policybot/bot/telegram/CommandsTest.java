package org.policybot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.messages.Messages;
import org.policybot.bot.store.ConversationStore;
import org.policybot.bot.store.Database;
import org.policybot.bot.store.SubscriptionStore;
import org.policybot.config.Settings;

class CommandsTest {

    @TempDir
    Path dir;

    @Test
    void should_register_every_command_of_the_issue_with_names_and_descriptions_telegram_accepts() {
        try (Database db = Database.open(new Settings.Database("jdbc:sqlite:" + dir.resolve("c.db"), "", ""))) {
            // The menu needs no answers or searches: those dependencies stay unset.
            Commands commands = Commands.standard(new AnswerReplies(null, null, null, null, new AnswerFormatter(Messages.bundled())), null, 5,
                    new AnswerFormatter(Messages.bundled()), new SubscriptionStore(db, Clock.systemUTC()),
                    new ConversationStore(db, Clock.systemUTC(), 6, Duration.ofMinutes(30)), null, Messages.bundled());

            List<BotApi.CommandInfo> menu = commands.menu();

            assertThat(menu).extracting(BotApi.CommandInfo::command)
                    .containsExactly("start", "ask", "search", "summary", "subscribe", "unsubscribe", "reset", "help");
            assertThat(menu).allSatisfy(c -> {
                assertThat(c.command()).matches("[a-z0-9_]{1,32}");
                assertThat(c.description().length()).isBetween(1, 256);
            });
        }
    }
}
