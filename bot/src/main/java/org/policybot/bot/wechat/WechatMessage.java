package org.policybot.bot.wechat;

import java.util.Objects;

/**
 * One message the Official Account received, free of WxJava types: who sent it (OpenID),
 * to which account (its original ID, the sender of our reply), what kind it is, and for a
 * text message its id (for de-duplicating WeChat's retries) and content.
 *
 * @param msgId   WeChat's MsgId as text, "" for events (which have none)
 * @param content the text of a text message, the event name for events, "" otherwise
 */
record WechatMessage(Kind kind, String openId, String accountId, String msgId, String content) {

    /** What the bot does with a message depends only on its kind. */
    enum Kind { TEXT, SUBSCRIBE, OTHER_EVENT, OTHER_MESSAGE }

    WechatMessage {
        Objects.requireNonNull(kind, "kind");
        if (openId == null || openId.isBlank()) {
            throw new IllegalArgumentException("message without FromUserName");
        }
        accountId = accountId == null ? "" : accountId;
        msgId = msgId == null ? "" : msgId;
        content = content == null ? "" : content;
    }
}
