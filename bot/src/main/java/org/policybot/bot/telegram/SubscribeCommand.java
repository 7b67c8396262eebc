package org.policybot.bot.telegram;

import org.policybot.bot.store.SubscriptionStore;

/** "/subscribe": this chat receives the article digests (in a group, only its administrators may do this). */
final class SubscribeCommand implements TelegramCommand {

    private final SubscriptionStore subscriptions;
    private final GroupAdmins admins;

    SubscribeCommand(SubscriptionStore subscriptions, GroupAdmins admins) {
        this.subscriptions = subscriptions;
        this.admins = admins;
    }

    @Override
    public String name() {
        return "subscribe";
    }

    @Override
    public String description() {
        return "本聊天订阅文章摘要推送";
    }

    @Override
    public Reply run(IncomingMessage message, String args) {
        Reply refused = admins.refusal(message);
        if (refused != null) {
            return refused;
        }
        if (subscriptions.subscribe(SubscriptionStore.TELEGRAM, message.chatId())) {
            return Reply.text("已订阅：本聊天将收到文章摘要推送。发送 /unsubscribe 可随时取消。");
        }
        return Reply.text("本聊天已经订阅过文章摘要了。发送 /unsubscribe 可取消。");
    }
}
