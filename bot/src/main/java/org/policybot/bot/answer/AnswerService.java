package org.policybot.bot.answer;

/**
 * Turns a question (and the conversation so far) into a grounded {@link Answer}. Every
 * channel and the HTTP API use it; it never throws for a question it cannot answer: it
 * declines instead.
 */
public interface AnswerService {

    Answer answer(Question question);

    /** A cited summary of the article or topic named ("" for the newest article). */
    Answer summarize(String topic);
}
