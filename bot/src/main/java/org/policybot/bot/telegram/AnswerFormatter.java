package org.policybot.bot.telegram;

import java.util.ArrayList;
import java.util.List;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.Citation;
import org.policybot.retrieval.search.Hit;
import org.policybot.retrieval.search.SearchResult;

/**
 * Answers, quoted passages and search results in Telegram HTML: every piece of article or
 * user text escaped, citations as "[n]" markers with a short source list, and one
 * "来源 n" button per citation.
 */
final class AnswerFormatter {

    static final int BUTTONS_PER_ROW = 4;
    static final int SNIPPET_LENGTH = 160;

    /** An answer; {@code citationKey} is where its citations were stored for the buttons. */
    Reply answer(Answer answer, String citationKey) {
        StringBuilder html = new StringBuilder(Html.escape(answer.text().strip()));
        if (answer.declined() || answer.citations().isEmpty()) {
            return new Reply(html.toString(), List.of());
        }
        html.append("\n\n<b>来源</b>");
        List<Button> buttons = new ArrayList<>();
        for (Citation c : answer.citations()) {
            html.append("\n[").append(c.n()).append("] ").append(Html.escape(c.sourceLine()));
            buttons.add(new Button("来源 " + c.n(), new CallbackData(citationKey, c.n()).encode()));
        }
        return new Reply(html.toString(), rows(buttons));
    }

    /** The verbatim passage behind a citation, shown when its button is pressed. */
    Reply passage(Citation c) {
        return new Reply("<b>来源 " + c.n() + "</b>　" + Html.escape(c.sourceLine()) + "\n<blockquote>"
                + Html.escape(c.quote().strip()) + "</blockquote>", List.of());
    }

    /** The top passages for a keyword search. */
    Reply searchResults(String query, SearchResult result) {
        String q = Html.escape(query);
        if (result.hits().isEmpty()) {
            return new Reply("没有找到与“" + q + "”相关的段落。换个关键词试试，或直接提问。", List.of());
        }
        StringBuilder html = new StringBuilder("与“").append(q).append("”最相关的段落：");
        for (Hit hit : result.hits()) {
            html.append("\n\n<b>").append(hit.rank()).append(". ").append(Html.escape(hit.passage().title())).append("</b>");
            String date = hit.passage().isoDate();
            html.append("（").append(date == null ? "日期不详" : date).append("）\n");
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
