package org.policybot.bot.telegram;

import org.policybot.bot.store.ConversationStore;

/** "/reset": forget the conversation, so the next question is read on its own. */
final class ResetCommand implements TelegramCommand {

    private final ConversationStore conversations;

    ResetCommand(ConversationStore conversations) {
        this.conversations = conversations;
    }

    @Override
    public String name() {
        return "reset";
    }

    @Override
    public String description() {
        return "忘记之前的对话，重新开始";
    }

    @Override
    public Reply run(IncomingMessage message, String args) {
        conversations.clear(message.conversationId());
        return Reply.text("好的，之前的对话已清除，我们重新开始。");
    }
}
