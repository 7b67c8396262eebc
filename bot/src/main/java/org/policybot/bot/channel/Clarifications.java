package org.policybot.bot.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.Question;
import org.policybot.bot.privacy.Masking;
import org.policybot.bot.store.ConversationStore;
import org.policybot.bot.store.ConversationStore.Choice;
import org.policybot.bot.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What chat channels share for clarify answers. The options of a clarify answer are kept in
 * the conversation memory for the conversation's next message; when that message picks an
 * option, by its number ("2") or its name ("乙州"), it is asked as the follow-up the answer
 * path expects: the option, with the original question as context. Any other message is
 * asked as it is, and the offer is gone. A memory that fails costs only this mapping.
 */
public final class Clarifications {

    private static final Logger log = LoggerFactory.getLogger(Clarifications.class);

    /** Spaces and closing punctuation a reply may carry around a number or name ("1.", "乙州。"). */
    private static final Pattern AROUND = Pattern.compile("^[\\s\\p{Punct}、。．，！？（）()]+|[\\s\\p{Punct}、。．，！？（）()]+$");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,2}");
    /** An option line of a clarify text: "1. 安澜". */
    private static final Pattern OPTION_LINE = Pattern.compile("\\s*(\\d{1,2})[.、．]\\s*(.+?)\\s*");

    private final ConversationStore conversations;

    public Clarifications(ConversationStore conversations) {
        this.conversations = conversations;
    }

    /**
     * The question for a user's message in a conversation: the follow-up for the option it
     * picks when the bot's last answer there asked to choose, else the message as it is.
     * The offer is taken either way, so only the message right after it can pick.
     */
    public Question question(String text, String conversationId, String user) {
        Optional<Choice> offered = take(conversationId);
        Optional<String> option = offered.flatMap(c -> pick(text, c.options()));
        if (option.isPresent()) {
            return followUp(offered.get().question(), option.get(), conversationId, user);
        }
        return new Question(text, List.of(), conversationId, user);
    }

    /**
     * The follow-up for an option picked from a choice shown earlier (a button), whatever
     * the conversation was offered since; that offer is taken, as a typed pick would take it.
     */
    public Question chosen(Choice choice, String option, String conversationId, String user) {
        take(conversationId);
        return followUp(choice.question(), option, conversationId, user);
    }

    /** Offers a clarify answer's options to the conversation's next message; other answers offer nothing. */
    public void answered(Answer answer, String conversationId) {
        Optional<Choice> choice = choice(answer);
        if (choice.isEmpty() || conversationId.isEmpty()) {
            return;
        }
        try {
            conversations.offer(conversationId, choice.get());
        } catch (StoreException e) {
            log.warn("The options of a clarify answer were not kept; a reply of their number will be asked as it is: {}",
                    e.getMessage());
        }
    }

    /** The choice a clarify answer offers (its question masked), or empty for other answers. */
    public static Optional<Choice> choice(Answer answer) {
        if (answer.outcome() != Answer.Outcome.CLARIFY || answer.options().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Choice(Masking.mask(answer.question().strip()), answer.options()));
    }

    /** The follow-up the answer path reads as going on from the question: the option, with the question as context. */
    public static Question followUp(String question, String option, String conversationId, String user) {
        return new Question(option, List.of(question), conversationId, user);
    }

    /**
     * The option a reply picks: its number, counted from 1 (full-width digits too), or its
     * name, ignoring spaces and punctuation around either.
     */
    public static Optional<String> pick(String reply, List<String> options) {
        String r = AROUND.matcher(halfWidthDigits(reply)).replaceAll("");
        if (NUMBER.matcher(r).matches()) {
            int n = Integer.parseInt(r);
            return n >= 1 && n <= options.size() ? Optional.of(options.get(n - 1)) : Optional.empty();
        }
        return options.stream().filter(o -> o.strip().equals(r)).findFirst();
    }

    /**
     * A clarify answer's question without the numbered option lines its text may end with,
     * for channels that show the options their own way (buttons, their own numbering).
     */
    public static String prompt(Answer answer) {
        List<String> kept = new ArrayList<>();
        for (String line : answer.text().split("\n")) {
            Matcher m = OPTION_LINE.matcher(line);
            if (!(m.matches() && answer.options().contains(m.group(2)))) {
                kept.add(line);
            }
        }
        return String.join("\n", kept).strip();
    }

    /** The options numbered from 1, one a line ("1. 安澜"), as clarify texts number them. */
    public static String numbered(List<String> options) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < options.size(); i++) {
            sb.append(i == 0 ? "" : "\n").append(i + 1).append(". ").append(options.get(i));
        }
        return sb.toString();
    }

    private Optional<Choice> take(String conversationId) {
        if (conversationId.isEmpty()) {
            return Optional.empty();
        }
        try {
            return conversations.takeChoice(conversationId);
        } catch (StoreException e) {
            log.warn("The options offered to a conversation could not be read; the message is asked as it is: {}",
                    e.getMessage());
            return Optional.empty();
        }
    }

    private static String halfWidthDigits(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c >= '０' && c <= '９' ? (char) ('0' + (c - '０')) : c);
        }
        return sb.toString();
    }
}
