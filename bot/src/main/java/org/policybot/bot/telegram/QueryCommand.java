package org.policybot.bot.telegram;

import java.util.List;
import java.util.function.BiFunction;
import org.policybot.bot.messages.Messages;
import org.policybot.retrieval.search.PassageSearcher;

/**
 * A command that takes a question or search words after its name: "/ask 问题" (the way to
 * ask in groups without mentioning the bot) and "/search 关键词" (the best-matching passages
 * with their sources, for checking the wording). Its menu line, usage and the reply to a
 * bare command are the texts {@code telegram.NAME.description}, {@code .usage} and
 * {@code .empty}.
 */
final class QueryCommand implements TelegramCommand {

    private final String name;
    private final Messages messages;
    private final BiFunction<IncomingMessage, String, Reply> reply;

    private QueryCommand(String name, Messages messages, BiFunction<IncomingMessage, String, Reply> reply) {
        this.name = name;
        this.messages = messages;
        this.reply = reply;
    }

    static QueryCommand ask(AnswerReplies replies, Messages messages) {
        return new QueryCommand("ask", messages, replies::question);
    }

    static QueryCommand search(PassageSearcher searcher, int hits, AnswerFormatter formatter, Messages messages) {
        return new QueryCommand("search", messages,
                (message, words) -> formatter.searchResults(words, searcher.search(words, List.of(), hits)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return messages.text("telegram." + name + ".description");
    }

    @Override
    public String usage() {
        return messages.text("telegram." + name + ".usage");
    }

    @Override
    public boolean slow() {
        return true;
    }

    @Override
    public Reply run(IncomingMessage message, String args) {
        if (args.isBlank()) {
            return Reply.text(messages.text("telegram." + name + ".empty"));
        }
        return reply.apply(message, args);
    }
}
