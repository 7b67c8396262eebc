package org.policybot.bot.telegram;

import org.policybot.bot.store.SubscriptionStore;

/** "/unsubscribe": this chat stops receiving digests (in a group, only its administrators may do this). */
final class UnsubscribeCommand implements TelegramCommand {

    private final SubscriptionStore subscriptions;
    private final GroupAdmins admins;

    UnsubscribeCommand(SubscriptionStore subscriptions, GroupAdmins admins) {
        this.subscriptions = subscriptions;
        this.admins = admins;
    }

    @Override
    public String name() {
        return "unsubscribe";
    }

    @Override
    public String description() {
        return "取消文章摘要推送";
    }

    @Override
    public Reply run(IncomingMessage message, String args) {
        Reply refused = admins.refusal(message);
        if (refused != null) {
            return refused;
        }
        if (subscriptions.unsubscribe(SubscriptionStore.TELEGRAM, message.chatId())) {
            return Reply.text("已取消订阅，本聊天不再收到文章摘要。");
        }
        return Reply.text("本聊天没有订阅文章摘要。发送 /subscribe 可订阅。");
    }
}
