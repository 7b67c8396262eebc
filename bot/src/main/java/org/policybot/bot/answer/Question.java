package org.policybot.bot.answer;

import java.util.List;
import java.util.Objects;

/**
 * A question as a channel hands it to the answer service.
 *
 * @param context        earlier questions given explicitly (command line, HTTP), oldest first
 * @param conversationId whose memory to use and extend ("telegram:123", "wechat:openid");
 *                       empty for one-off questions
 * @param user           who asks, for rate limits and logs ("" when unknown)
 */
public record Question(String text, List<String> context, String conversationId, String user) {
    public Question {
        Objects.requireNonNull(text, "text");
        context = context == null ? List.of() : List.copyOf(context);
        conversationId = conversationId == null ? "" : conversationId;
        user = user == null ? "" : user;
    }

    public static Question of(String text) {
        return new Question(text, List.of(), "", "");
    }
}
