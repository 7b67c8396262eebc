package org.policybot.bot.telegram;

import org.policybot.bot.messages.Messages;
import org.policybot.bot.store.SubscriptionStore;

/**
 * "/subscribe" and "/unsubscribe": this chat starts or stops receiving the article digests.
 * In a group only its administrators may ({@link #adminOnly}).
 */
final class SubscriptionCommand implements TelegramCommand {

    private final SubscriptionStore subscriptions;
    private final boolean subscribe;
    private final Messages messages;

    private SubscriptionCommand(SubscriptionStore subscriptions, boolean subscribe, Messages messages) {
        this.subscriptions = subscriptions;
        this.subscribe = subscribe;
        this.messages = messages;
    }

    static SubscriptionCommand subscribe(SubscriptionStore subscriptions, Messages messages) {
        return new SubscriptionCommand(subscriptions, true, messages);
    }

    static SubscriptionCommand unsubscribe(SubscriptionStore subscriptions, Messages messages) {
        return new SubscriptionCommand(subscriptions, false, messages);
    }

    @Override
    public String name() {
        return subscribe ? "subscribe" : "unsubscribe";
    }

    @Override
    public String description() {
        return messages.text(subscribe ? "telegram.subscribe.description" : "telegram.unsubscribe.description");
    }

    @Override
    public boolean adminOnly() {
        return true;
    }

    @Override
    public Reply run(IncomingMessage message, String args) {
        if (subscribe) {
            return subscriptions.subscribe(SubscriptionStore.TELEGRAM, message.chatId())
                    ? Reply.text(messages.text("telegram.subscribe.done"))
                    : Reply.text(messages.text("telegram.subscribe.already"));
        }
        return subscriptions.unsubscribe(SubscriptionStore.TELEGRAM, message.chatId())
                ? Reply.text(messages.text("telegram.unsubscribe.done"))
                : Reply.text(messages.text("telegram.unsubscribe.none"));
    }
}
