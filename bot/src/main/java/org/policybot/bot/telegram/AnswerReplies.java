package org.policybot.bot.telegram;

import java.util.List;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.AnswerService;
import org.policybot.bot.answer.Question;

/**
 * Questions and summaries turned into replies: asks the answer service with the chat's
 * conversation, keeps the citations for the "来源 n" buttons, formats the answer.
 */
final class AnswerReplies {

    private final AnswerService answers;
    private final CitationStore citations;
    private final AnswerFormatter formatter;

    AnswerReplies(AnswerService answers, CitationStore citations, AnswerFormatter formatter) {
        this.answers = answers;
        this.citations = citations;
        this.formatter = formatter;
    }

    Reply question(IncomingMessage message, String question) {
        return format(answers.answer(new Question(question, List.of(), message.conversationId(), message.user())));
    }

    Reply summary(String topic) {
        return format(answers.summarize(topic));
    }

    private Reply format(Answer answer) {
        String key = answer.citations().isEmpty() ? "" : citations.save(answer.citations());
        return formatter.answer(answer, key);
    }
}
