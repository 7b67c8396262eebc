package org.policybot.bot.telegram;

import java.util.List;
import org.policybot.retrieval.search.PassageSearcher;

/** "/search 关键词": the best-matching passages with their sources, for checking the wording. */
final class BotSearchCommand implements TelegramCommand {

    private final PassageSearcher searcher;
    private final int hits;
    private final AnswerFormatter formatter;

    BotSearchCommand(PassageSearcher searcher, int hits, AnswerFormatter formatter) {
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
        return "查找相关原文段落";
    }

    @Override
    public String usage() {
        return "/search 关键词";
    }

    @Override
    public boolean slow() {
        return true;
    }

    @Override
    public Reply run(IncomingMessage message, String args) {
        if (args.isBlank()) {
            return Reply.text("请在 /search 后面写上关键词，例如：/search 退役军人 养老保险");
        }
        return formatter.searchResults(args, searcher.search(args, List.of(), hits));
    }
}
