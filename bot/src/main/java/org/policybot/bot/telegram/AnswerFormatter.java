package org.policybot.bot.telegram;

import java.util.ArrayList;
import java.util.List;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.Citation;
import org.policybot.bot.channel.Clarifications;
import org.policybot.bot.channel.Html;
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
    /** The first line of a related answer: the articles do not state what was asked. */
    static final String RELATED_MARK = "⚠️ 文章未直接说明";
    static final String CLARIFY_HINT = "点下面的按钮，或回复序号、地名即可。";
    /** The hint when the options have no buttons (they could not be stored). */
    static final String CLARIFY_TYPE_HINT = "回复序号或地名即可。";

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
            html.append("<b>").append(RELATED_MARK).append("</b>\n");
        }
        html.append(Html.escape(answer.text().strip()));
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

    private static Reply clarify(Answer answer, String choiceKey) {
        String html = Html.escape(Clarifications.prompt(answer)) + "\n" + Html.escape(Clarifications.numbered(answer.options()));
        if (choiceKey.isEmpty()) {
            return new Reply(html + "\n\n" + Html.escape(CLARIFY_TYPE_HINT), List.of());
        }
        List<Button> buttons = new ArrayList<>();
        for (int i = 0; i < answer.options().size(); i++) {
            buttons.add(new Button(answer.options().get(i),
                    new CallbackData(CallbackData.Kind.OPT, choiceKey, i + 1).encode()));
        }
        return new Reply(html + "\n\n" + Html.escape(CLARIFY_HINT), rows(buttons));
    }

    /** The line before the answer to an option picked with its button, so the chat shows what was picked. */
    Reply chosen(String option, Reply answer) {
        return new Reply("<i>" + Html.escape("您选择了：" + option) + "</i>\n" + answer.html(), answer.keyboard());
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
