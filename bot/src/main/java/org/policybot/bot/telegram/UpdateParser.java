package org.policybot.bot.telegram;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.policybot.bot.answer.InputText;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Turns a Telegram update into an {@link Incoming}, deciding whether the bot is addressed.
 * Commands are read from the text itself (TelegramBots' {@code isCommand()} depends on
 * whether the entities were read first), and "@bot" mentions both from entities and from
 * the text. Edited messages, channel posts and messages of other bots are not for us.
 */
final class UpdateParser {

    private static final Pattern COMMAND =
            Pattern.compile("^/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?=\\s|$)\\s*(.*)$", Pattern.DOTALL);

    Optional<Incoming> parse(Update update, BotIdentity me) {
        long updateId = update.getUpdateId() == null ? 0 : update.getUpdateId();
        if (update.getCallbackQuery() != null) {
            return callback(updateId, update.getCallbackQuery());
        }
        Message m = update.getMessage();
        if (m == null || m.getChat() == null || m.getChat().getId() == null) {
            return Optional.empty();
        }
        String type = m.getChat().getType() == null ? "" : m.getChat().getType();
        boolean privateChat = "private".equals(type);
        boolean group = "group".equals(type) || "supergroup".equals(type);
        if (!privateChat && !group) {
            return Optional.empty();
        }
        if (m.getFrom() != null && Boolean.TRUE.equals(m.getFrom().getIsBot())) {
            return Optional.empty();
        }
        long userId = m.getFrom() == null || m.getFrom().getId() == null ? 0 : m.getFrom().getId();
        // The edge of the channel: the text is cleaned once, so one of invisible characters only is empty.
        String text = InputText.clean(m.getText());
        IncomingMessage.CommandCall command = command(text);
        boolean addressed;
        if (privateChat) {
            addressed = true;
        } else if (command != null) {
            addressed = command.botName().isEmpty() || me.username().isEmpty()
                    || command.botName().equalsIgnoreCase(me.username());
        } else {
            addressed = mentions(m, text, me) || repliesToMe(m, me);
        }
        if (command == null) {
            text = withoutMention(text, me);
        }
        int messageId = m.getMessageId() == null ? 0 : m.getMessageId();
        return Optional.of(new IncomingMessage(updateId, String.valueOf(m.getChat().getId()), group, userId, messageId,
                text, command, addressed));
    }

    /** The chat an update belongs to, for ordering and storage ("" when it has none). */
    static String chatOf(Update update) {
        if (update.getMessage() != null && update.getMessage().getChat() != null) {
            return String.valueOf(update.getMessage().getChat().getId());
        }
        if (update.getCallbackQuery() != null) {
            MaybeInaccessibleMessage m = update.getCallbackQuery().getMessage();
            if (m != null && m.getChatId() != null) {
                return String.valueOf(m.getChatId());
            }
            if (update.getCallbackQuery().getFrom() != null) {
                return String.valueOf(update.getCallbackQuery().getFrom().getId());
            }
        }
        if (update.getEditedMessage() != null && update.getEditedMessage().getChat() != null) {
            return String.valueOf(update.getEditedMessage().getChat().getId());
        }
        return "";
    }

    static IncomingMessage.CommandCall command(String text) {
        Matcher matcher = COMMAND.matcher(text);
        if (!matcher.matches()) {
            return null;
        }
        return new IncomingMessage.CommandCall(matcher.group(1).toLowerCase(Locale.ROOT),
                matcher.group(3).strip(), matcher.group(2) == null ? "" : matcher.group(2));
    }

    private static Optional<Incoming> callback(long updateId, CallbackQuery q) {
        long userId = q.getFrom() == null || q.getFrom().getId() == null ? 0 : q.getFrom().getId();
        MaybeInaccessibleMessage m = q.getMessage();
        String chatId = m != null && m.getChatId() != null ? String.valueOf(m.getChatId()) : String.valueOf(userId);
        int messageId = m == null || m.getMessageId() == null ? 0 : m.getMessageId();
        return Optional.of(new IncomingCallback(updateId, q.getId(), chatId, userId, messageId,
                q.getData() == null ? "" : q.getData(), chatId.startsWith("-")));
    }

    private static boolean mentions(Message m, String text, BotIdentity me) {
        List<MessageEntity> entities = m.getEntities();
        if (entities != null) {
            for (MessageEntity e : entities) {
                if ("text_mention".equals(e.getType()) && e.getUser() != null && e.getUser().getId() != null
                        && e.getUser().getId() == me.id()) {
                    return true;
                }
            }
        }
        return !me.username().isEmpty() && mentionPattern(me).matcher(text).find();
    }

    private static boolean repliesToMe(Message m, BotIdentity me) {
        Message replied = m.getReplyToMessage();
        if (replied == null || replied.getFrom() == null) {
            return false;
        }
        if (me.id() != 0 && replied.getFrom().getId() != null) {
            return replied.getFrom().getId() == me.id();
        }
        return !me.username().isEmpty() && me.username().equalsIgnoreCase(replied.getFrom().getUserName());
    }

    private static String withoutMention(String text, BotIdentity me) {
        if (me.username().isEmpty()) {
            return text.strip();
        }
        return mentionPattern(me).matcher(text).replaceAll(" ").strip();
    }

    private static Pattern mentionPattern(BotIdentity me) {
        return Pattern.compile("(?<![\\w@])@" + Pattern.quote(me.username()) + "(?![A-Za-z0-9_])", Pattern.CASE_INSENSITIVE);
    }
}
