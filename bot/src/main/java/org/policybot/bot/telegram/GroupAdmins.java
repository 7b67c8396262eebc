package org.policybot.bot.telegram;

import org.policybot.bot.messages.Messages;
import org.policybot.bot.privacy.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may change a group's settings with a command (its digest subscription): in a group
 * or supergroup only its creator and administrators, as Telegram's getChatMember says; in a
 * private chat, the user. When Telegram cannot say, the change is refused for now.
 */
final class GroupAdmins {


    /** May the sender of the message change the chat's settings? */
    enum Verdict { ALLOWED, NOT_ADMIN, UNKNOWN }

    private static final Logger log = LoggerFactory.getLogger(GroupAdmins.class);

    private final BotApi api;
    private final Messages messages;

    GroupAdmins(BotApi api, Messages messages) {
        this.api = api;
        this.messages = messages;
    }

    Verdict check(IncomingMessage m) {
        if (!m.group()) {
            return Verdict.ALLOWED;
        }
        try {
            String status = api.chatMemberStatus(m.chatId(), m.userId());
            return "creator".equals(status) || "administrator".equals(status) ? Verdict.ALLOWED : Verdict.NOT_ADMIN;
        } catch (BotApiException e) {
            log.warn("Could not check whether a member of group {} is an administrator: {}", Masking.maskId(m.chatId()),
                    e.getMessage());
            return Verdict.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verdict.UNKNOWN;
        }
    }

    /** The reply that refuses the change, or null when it is allowed. */
    Reply refusal(IncomingMessage m) {
        return switch (check(m)) {
            case ALLOWED -> null;
            case NOT_ADMIN -> Reply.text(messages.text("telegram.admins-only"));
            case UNKNOWN -> Reply.text(messages.text("telegram.admins-unknown"));
        };
    }
}
