package org.policybot.bot.telegram;

import java.util.List;
import org.policybot.bot.messages.Messages;
import org.policybot.retrieval.search.PassageSearcher;

/** "/search 关键词": the best-matching passages with their sources, for checking the wording. */
final class BotSearchCommand implements TelegramCommand {

    private final PassageSearcher searcher;
    private final int hits;
    private final AnswerFormatter formatter;
    private final Messages messages;

    BotSearchCommand(PassageSearcher searcher, int hits, AnswerFormatter formatter, Messages messages) {
        this.messages = messages;
        this.searcher = searcher;
        this.hits = hits;
        this.formatter = formatter;
    }

    @Override
    public String name() {
        return "search";
    }

    @Override
    public String description() {
        return messages.text("telegram.search.description");
    }

    @Override
    public String usage() {
        return messages.text("telegram.search.usage");
    }

    @Override
    public boolean slow() {
        return true;
    }

    @Override
    public Reply run(IncomingMessage message, String args) {
        if (args.isBlank()) {
            return Reply.text(messages.text("telegram.search.empty"));
        }
        return formatter.searchResults(args, searcher.search(args, List.of(), hits));
    }
}
