package org.policybot.bot.telegram;

import org.policybot.bot.store.SubscriptionStore;

/**
 * "/subscribe" and "/unsubscribe": this chat starts or stops receiving the article digests.
 * In a group only its administrators may ({@link #adminOnly}).
 */
final class SubscriptionCommand implements TelegramCommand {

    private final SubscriptionStore subscriptions;
    private final boolean subscribe;

    private SubscriptionCommand(SubscriptionStore subscriptions, boolean subscribe) {
        this.subscriptions = subscriptions;
        this.subscribe = subscribe;
    }

    static SubscriptionCommand subscribe(SubscriptionStore subscriptions) {
        return new SubscriptionCommand(subscriptions, true);
    }

    static SubscriptionCommand unsubscribe(SubscriptionStore subscriptions) {
        return new SubscriptionCommand(subscriptions, false);
    }

    @Override
    public String name() {
        return subscribe ? "subscribe" : "unsubscribe";
    }

    @Override
    public String description() {
        return subscribe ? "本聊天订阅文章摘要推送" : "取消文章摘要推送";
    }

    @Override
    public boolean adminOnly() {
        return true;
    }

    @Override
    public Reply run(IncomingMessage message, String args) {
        if (subscribe) {
            return subscriptions.subscribe(SubscriptionStore.TELEGRAM, message.chatId())
                    ? Reply.text("已订阅：本聊天将收到文章摘要推送。发送 /unsubscribe 可随时取消。")
                    : Reply.text("本聊天已经订阅过文章摘要了。发送 /unsubscribe 可取消。");
        }
        return subscriptions.unsubscribe(SubscriptionStore.TELEGRAM, message.chatId())
                ? Reply.text("已取消订阅，本聊天不再收到文章摘要。")
                : Reply.text("本聊天没有订阅文章摘要。发送 /subscribe 可订阅。");
    }
}
