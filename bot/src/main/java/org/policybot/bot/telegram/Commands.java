package org.policybot.bot.telegram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.policybot.bot.store.ConversationStore;
import org.policybot.bot.store.SubscriptionStore;
import org.policybot.retrieval.search.PassageSearcher;

/** The bot's commands, registered in one place, in the order menus and /help show them. */
final class Commands {

    private final Map<String, TelegramCommand> byName = new LinkedHashMap<>();

    Commands(List<TelegramCommand> commands) {
        for (TelegramCommand c : commands) {
            if (byName.put(c.name(), c) != null) {
                throw new IllegalArgumentException("command registered twice: /" + c.name());
            }
        }
    }

    static Commands standard(AnswerReplies replies, PassageSearcher searcher, int searchHits, AnswerFormatter formatter,
                             SubscriptionStore subscriptions, ConversationStore conversations, BotApi api) {
        List<TelegramCommand> list = new ArrayList<>();
        list.add(new AskCommand(replies));
        list.add(new SearchCommand(searcher, searchHits, formatter));
        list.add(new SummaryCommand(replies));
        GroupAdmins admins = new GroupAdmins(api);
        list.add(new SubscribeCommand(subscriptions, admins));
        list.add(new UnsubscribeCommand(subscriptions, admins));
        list.add(new ResetCommand(conversations));
        HelpCommand help = new HelpCommand(List.copyOf(list));
        list.add(help);
        list.add(0, new StartCommand(help));
        return new Commands(list);
    }

    Optional<TelegramCommand> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** For setMyCommands. */
    List<BotApi.CommandInfo> menu() {
        return byName.values().stream().map(c -> new BotApi.CommandInfo(c.name(), c.description())).toList();
    }
}
