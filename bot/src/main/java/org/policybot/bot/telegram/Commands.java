package org.policybot.bot.telegram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.policybot.bot.messages.Messages;
import org.policybot.bot.store.ConversationStore;
import org.policybot.bot.store.SubscriptionStore;
import org.policybot.retrieval.search.PassageSearcher;

/** The bot's commands, registered in one place, in the order menus and /help show them. */
final class Commands {

    private final Map<String, TelegramCommand> byName = new LinkedHashMap<>();
    private final GroupAdmins admins;

    Commands(List<TelegramCommand> commands, GroupAdmins admins) {
        this.admins = admins;
        for (TelegramCommand c : commands) {
            if (byName.put(c.name(), c) != null) {
                throw new IllegalArgumentException("command registered twice: /" + c.name());
            }
        }
    }

    static Commands standard(AnswerReplies replies, PassageSearcher searcher, int searchHits, AnswerFormatter formatter,
                             SubscriptionStore subscriptions, ConversationStore conversations, BotApi api, Messages messages) {
        List<TelegramCommand> list = new ArrayList<>();
        list.add(QueryCommand.ask(replies, messages));
        list.add(QueryCommand.search(searcher, searchHits, formatter, messages));
        list.add(new SummaryCommand(replies, messages));
        list.add(SubscriptionCommand.subscribe(subscriptions, messages));
        list.add(SubscriptionCommand.unsubscribe(subscriptions, messages));
        list.add(new ResetCommand(conversations, messages));
        HelpCommand help = new HelpCommand(List.copyOf(list), messages);
        list.add(help);
        list.add(0, new StartCommand(help, messages));
        return new Commands(list, new GroupAdmins(api, messages));
    }

    Optional<TelegramCommand> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Runs the command, or refuses it when it is for group administrators and the sender is not one. */
    Reply run(TelegramCommand command, IncomingMessage message, String args) {
        if (command.adminOnly()) {
            Reply refused = admins.refusal(message);
            if (refused != null) {
                return refused;
            }
        }
        return command.run(message, args);
    }

    /** For setMyCommands. */
    List<BotApi.CommandInfo> menu() {
        return byName.values().stream().map(c -> new BotApi.CommandInfo(c.name(), c.description())).toList();
    }
}
