package org.policybot.bot.wechat;

import java.util.Optional;

/**
 * What the bot says to each kind of WeChat message: text is a question (or "更多" for the
 * rest of a long answer), subscribing gets a welcome with example questions, other
 * messages (image, voice, location…) and text that is empty once cleaned (invisible
 * characters only) get a request to type a question, other events get "success".
 */
final class WechatDialog {

    private final AnswerFlow answers;
    private final WechatTexts texts;

    WechatDialog(AnswerFlow answers, WechatTexts texts) {
        this.answers = answers;
        this.texts = texts;
    }

    /** The apology when a reply could not be composed. */
    String failed() {
        return texts.failed();
    }

    /**
     * The passive reply text, or empty for "success".
     *
     * @param deadline {@link System#nanoTime()} by which a reply must be composed
     */
    Optional<String> reply(WechatMessage m, long deadline) {
        return switch (m.kind()) {
            case SUBSCRIBE -> Optional.of(texts.welcome());
            case OTHER_EVENT -> Optional.empty();
            case OTHER_MESSAGE -> Optional.of(texts.textOnly());
            case TEXT -> m.content().isEmpty() ? Optional.of(texts.textOnly())
                    : WechatTexts.asksForMore(m.content()) ? answers.more(m) : answers.question(m, deadline);
        };
    }
}
