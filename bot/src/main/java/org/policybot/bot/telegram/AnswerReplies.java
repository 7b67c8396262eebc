package org.policybot.bot.telegram;

import java.util.Optional;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.AnswerService;
import org.policybot.bot.answer.Question;
import org.policybot.bot.channel.Clarifications;
import org.policybot.bot.store.ConversationStore.Choice;
import org.policybot.bot.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Questions and summaries turned into replies: asks the answer service with the chat's
 * conversation, keeps the citations for the "来源 n" buttons and a clarify answer's options
 * for its option buttons and for the chat's next message ("1", "安澜"), formats the answer.
 */
final class AnswerReplies {

    private static final Logger log = LoggerFactory.getLogger(AnswerReplies.class);

    private final AnswerService answers;
    private final CitationStore citations;
    private final ChoiceStore choices;
    private final Clarifications clarifications;
    private final AnswerFormatter formatter;

    AnswerReplies(AnswerService answers, CitationStore citations, ChoiceStore choices, Clarifications clarifications,
                  AnswerFormatter formatter) {
        this.answers = answers;
        this.citations = citations;
        this.choices = choices;
        this.clarifications = clarifications;
        this.formatter = formatter;
    }

    /** A question typed in the chat; one that picks an option the bot just offered is asked for that option. */
    Reply question(Incoming message, String question) {
        return answer(clarifications.question(question, message.conversationId(), message.user()), message.conversationId());
    }

    /**
     * The answer to a press of an option button: the question the button's clarify answer
     * asked about, for the option pressed. Empty when the stored choice is gone or has no
     * such option.
     */
    Optional<Reply> option(IncomingCallback press, String choiceKey, int n) {
        Optional<Choice> choice = choices.find(choiceKey).filter(c -> n >= 1 && n <= c.options().size());
        if (choice.isEmpty()) {
            return Optional.empty();
        }
        String option = choice.get().options().get(n - 1);
        Question q = clarifications.chosen(choice.get(), option, press.conversationId(), press.user());
        return Optional.of(formatter.chosen(option, answer(q, press.conversationId())));
    }

    Reply summary(String topic) {
        return format(answers.summarize(topic));
    }

    private Reply answer(Question question, String conversationId) {
        Answer answer = answers.answer(question);
        clarifications.answered(answer, conversationId);
        return format(answer);
    }

    private Reply format(Answer answer) {
        String key = answer.citations().isEmpty() ? "" : citations.save(answer.citations());
        return formatter.answer(answer, key, Clarifications.choice(answer).map(this::saveChoice).orElse(""));
    }

    /** The key of the saved choice; "" when it cannot be saved (the options are then only listed). */
    private String saveChoice(Choice choice) {
        try {
            return choices.save(choice);
        } catch (StoreException e) {
            log.warn("The options of a clarify answer were not stored; it is sent without buttons: {}", e.getMessage());
            return "";
        }
    }
}
