package org.policybot.bot.telegram;

import org.policybot.bot.messages.Messages;
import org.policybot.bot.store.ConversationStore;

/** "/reset": forget the conversation, so the next question is read on its own. */
final class ResetCommand implements TelegramCommand {

    private final ConversationStore conversations;
    private final Messages messages;

    ResetCommand(ConversationStore conversations, Messages messages) {
        this.conversations = conversations;
        this.messages = messages;
    }

    @Override
    public String name() {
        return "reset";
    }

    @Override
    public String description() {
        return messages.text("telegram.reset.description");
    }

    @Override
    public Reply run(IncomingMessage message, String args) {
        conversations.clear(message.conversationId());
        return Reply.text(messages.text("telegram.reset.done"));
    }
}
