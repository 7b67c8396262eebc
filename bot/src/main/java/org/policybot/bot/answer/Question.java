package org.policybot.bot.answer;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A question as a channel hands it to the answer service. Every channel builds one, so this
 * is where the text and the earlier questions are cleaned ({@link InputText#clean}: control,
 * format and replacement characters and unpaired surrogates removed, whitespace collapsed):
 * the answer, the conversation memory and the question log get the same clean text, a
 * question of invisible characters only is empty, and PostgreSQL, which refuses NUL in
 * text, never sees one. Control characters are also removed from the two ids.
 *
 * @param context        earlier questions given explicitly (command line, HTTP), oldest first
 * @param conversationId whose memory to use and extend ("telegram:123", "wechat:openid");
 *                       empty for one-off questions
 * @param user           who asks, for rate limits and logs ("" when unknown)
 * @param asOf           the day the question asks about, whose documents in force the answer
 *                       prefers and whose validity notes it words (empty: today)
 */
public record Question(String text, List<String> context, String conversationId, String user, Optional<LocalDate> asOf) {

    public Question(String text, List<String> context, String conversationId, String user) {
        this(text, context, conversationId, user, Optional.empty());
    }

    public Question {
        asOf = asOf == null ? Optional.empty() : asOf;
        text = InputText.clean(Objects.requireNonNull(text, "text"));
        context = context == null ? List.of()
                : List.copyOf(context).stream().map(InputText::clean).filter(c -> !c.isEmpty()).toList();
        conversationId = conversationId == null ? "" : withoutControlCharacters(conversationId);
        user = user == null ? "" : withoutControlCharacters(user);
    }

    public static Question of(String text) {
        return new Question(text, List.of(), "", "");
    }

    /** The text without control characters (C0, DEL and C1), except tab and line feed. */
    public static String withoutControlCharacters(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean removed = Character.isISOControl(c) && c != '\t' && c != '\n';
            if (removed && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            } else if (!removed && out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
