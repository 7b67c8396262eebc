package org.policybot.bot.telegram;

import java.util.ArrayList;
import java.util.List;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.Citation;
import org.policybot.bot.channel.Clarifications;
import org.policybot.bot.channel.Html;
import org.policybot.bot.messages.Messages;
import org.policybot.retrieval.search.Hit;
import org.policybot.retrieval.search.SearchResult;

/**
 * Answers, quoted passages and search results in Telegram HTML: every piece of article or
 * user text escaped, citations as "[n]" markers with a short source list, and one
 * "来源 n" button per citation. An answer from related sentences only starts with a marker
 * line; a clarify answer lists its options numbered, with one button each.
 */
final class AnswerFormatter {

    static final int BUTTONS_PER_ROW = 4;
    static final int SNIPPET_LENGTH = 160;

    private final Messages messages;

    AnswerFormatter(Messages messages) {
        this.messages = messages;
    }

    /** An answer; {@code citationKey} is where its citations were stored for the buttons. */
    Reply answer(Answer answer, String citationKey) {
        return answer(answer, citationKey, "");
    }

    /**
     * An answer; {@code citationKey} is where its citations were stored for the source
     * buttons, {@code choiceKey} where a clarify answer's options were stored for theirs
     * ("" for none: the options are then only listed, to be typed).
     */
    Reply answer(Answer answer, String citationKey, String choiceKey) {
        if (answer.outcome() == Answer.Outcome.CLARIFY && !answer.options().isEmpty()) {
            return clarify(answer, choiceKey);
        }
        StringBuilder html = new StringBuilder();
        if (answer.outcome() == Answer.Outcome.RELATED) {
            html.append("<b>").append(Html.escape(messages.text("telegram.related-mark"))).append("</b>\n");
        }
        html.append(Html.escape(answer.text().strip()));
        if (answer.declined() || answer.citations().isEmpty()) {
            return new Reply(html.toString(), List.of());
        }
        html.append("\n\n<b>").append(Html.escape(messages.text("telegram.sources"))).append("</b>");
        List<Button> buttons = new ArrayList<>();
        for (Citation c : answer.citations()) {
            html.append("\n[").append(c.n()).append("] ").append(Html.escape(c.sourceLine(messages)));
            buttons.add(new Button(messages.text("telegram.source-button", c.n()), new CallbackData(citationKey, c.n()).encode()));
        }
        return new Reply(html.toString(), rows(buttons));
    }

    private Reply clarify(Answer answer, String choiceKey) {
        String html = Html.escape(Clarifications.prompt(answer)) + "\n" + Html.escape(Clarifications.numbered(answer.options()));
        if (choiceKey.isEmpty()) {
            return new Reply(html + "\n\n" + Html.escape(messages.text("telegram.clarify-type-hint")), List.of());
        }
        List<Button> buttons = new ArrayList<>();
        for (int i = 0; i < answer.options().size(); i++) {
            buttons.add(new Button(answer.options().get(i),
                    new CallbackData(CallbackData.Kind.OPT, choiceKey, i + 1).encode()));
        }
        return new Reply(html + "\n\n" + Html.escape(messages.text("telegram.clarify-hint")), rows(buttons));
    }

    /** The line before the answer to an option picked with its button, so the chat shows what was picked. */
    Reply chosen(String option, Reply answer) {
        return new Reply("<i>" + Html.escape(messages.text("telegram.chosen", option)) + "</i>\n" + answer.html(), answer.keyboard());
    }

    /** The verbatim passage behind a citation, shown when its button is pressed. */
    Reply passage(Citation c) {
        return new Reply("<b>" + Html.escape(messages.text("telegram.source-button", c.n())) + "</b>　" + Html.escape(c.sourceLine(messages)) + "\n<blockquote>"
                + Html.escape(c.quote().strip()) + "</blockquote>", List.of());
    }

    /** The top passages for a keyword search. */
    Reply searchResults(String query, SearchResult result) {
        if (result.hits().isEmpty()) {
            return new Reply(Html.escape(messages.text("telegram.search.none", query)), List.of());
        }
        StringBuilder html = new StringBuilder(Html.escape(messages.text("telegram.search.heading", query)));
        for (Hit hit : result.hits()) {
            html.append("\n\n<b>").append(hit.rank()).append(". ").append(Html.escape(hit.passage().title())).append("</b>");
            String date = hit.passage().isoDate();
            html.append("（").append(date == null ? Html.escape(messages.text("source.no-date")) : date).append("）\n");
            html.append(Html.escape(snippet(hit.passage().body())));
        }
        return new Reply(html.toString(), List.of());
    }

    static String snippet(String text) {
        String flat = text.strip().replaceAll("\\s*\\n\\s*", " ");
        if (flat.codePointCount(0, flat.length()) <= SNIPPET_LENGTH) {
            return flat;
        }
        return flat.substring(0, flat.offsetByCodePoints(0, SNIPPET_LENGTH)) + "…";
    }

    private static List<List<Button>> rows(List<Button> buttons) {
        List<List<Button>> rows = new ArrayList<>();
        for (int i = 0; i < buttons.size(); i += BUTTONS_PER_ROW) {
            rows.add(buttons.subList(i, Math.min(buttons.size(), i + BUTTONS_PER_ROW)));
        }
        return rows;
    }
}
