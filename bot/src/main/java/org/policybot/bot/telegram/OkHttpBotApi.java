package org.policybot.bot.telegram;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.OkHttpClient;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChatMember;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.LinkPreviewOptions;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMember;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * {@link BotApi} over TelegramBots' OkHttp client, pointed at any Bot API server. Turns
 * the library's exceptions (a 429 arrives as the cause of a wrapper) into
 * {@link BotApiException} with Telegram's code and retry_after.
 */
final class OkHttpBotApi implements BotApi {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    static final String NOT_BOT_API = "the server's answer is not a Bot API answer (it has no \"ok\" field)";

    private final OkHttpTelegramClient client;

    OkHttpBotApi(OkHttpClient http, String token, TelegramUrl url) {
        this.client = new OkHttpTelegramClient(http, token, url);
    }

    /** "https://api.telegram.org" → the library's URL; a path in the base URL is not supported. */
    static TelegramUrl telegramUrl(String apiUrl) {
        URI uri = URI.create(apiUrl);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        return new TelegramUrl(scheme, uri.getHost(), port, false);
    }

    /** An OkHttp client with timeouts that suit long polling (Telegram holds getUpdates up to 50 s). */
    static OkHttpClient defaultHttpClient() {
        return new OkHttpClient.Builder()
                .connectTimeout(10, TimeUnit.SECONDS)
                .writeTimeout(30, TimeUnit.SECONDS)
                .readTimeout(75, TimeUnit.SECONDS)
                .build();
    }

    @Override
    public long sendMessage(OutgoingMessage m) throws BotApiException, InterruptedException {
        SendMessage.SendMessageBuilder<?, ?> b = SendMessage.builder()
                .chatId(m.chatId())
                .text(m.html())
                .parseMode("HTML")
                .linkPreviewOptions(LinkPreviewOptions.builder().isDisabled(true).build());
        if (m.replyTo() != null) {
            b.replyParameters(ReplyParameters.builder().messageId(m.replyTo()).allowSendingWithoutReply(true).build());
        }
        if (!m.keyboard().isEmpty()) {
            List<InlineKeyboardRow> rows = new ArrayList<>();
            for (List<Button> row : m.keyboard()) {
                InlineKeyboardRow r = new InlineKeyboardRow();
                for (Button button : row) {
                    r.add(InlineKeyboardButton.builder().text(button.label()).callbackData(button.data()).build());
                }
                rows.add(r);
            }
            b.replyMarkup(new InlineKeyboardMarkup(rows));
        }
        Message sent = call(b.build());
        return sent == null || sent.getMessageId() == null ? 0 : sent.getMessageId();
    }

    @Override
    public void sendTyping(String chatId) throws BotApiException, InterruptedException {
        call(SendChatAction.builder().chatId(chatId).action("typing").build());
    }

    @Override
    public void answerCallback(String callbackQueryId, String text) throws BotApiException, InterruptedException {
        AnswerCallbackQuery.AnswerCallbackQueryBuilder<?, ?> b = AnswerCallbackQuery.builder().callbackQueryId(callbackQueryId);
        if (text != null && !text.isEmpty()) {
            b.text(text);
        }
        call(b.build());
    }

    @Override
    public void setCommands(List<CommandInfo> commands) throws BotApiException, InterruptedException {
        call(new SetMyCommands(commands.stream().map(c -> new BotCommand(c.command(), c.description())).toList()));
    }

    @Override
    public BotIdentity getMe() throws BotApiException, InterruptedException {
        User me = call(new GetMe());
        return new BotIdentity(me.getId(), me.getUserName());
    }

    @Override
    public String chatMemberStatus(String chatId, long userId) throws BotApiException, InterruptedException {
        ChatMember member = call(GetChatMember.builder().chatId(chatId).userId(userId).build());
        return member == null || member.getStatus() == null ? "" : member.getStatus();
    }

    private <T extends Serializable> T call(BotApiMethod<T> method) throws BotApiException, InterruptedException {
        try {
            return client.executeAsync(method).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw translate(method.getMethod(), e.getCause());
        } catch (TimeoutException e) {
            throw new BotApiException(0, 0, method.getMethod() + ": no answer within " + CALL_TIMEOUT.toSeconds() + " s", e);
        } catch (TelegramApiException e) {
            throw translate(method.getMethod(), e);
        }
    }

    static BotApiException translate(String method, Throwable e) {
        Throwable t = e;
        while (t != null && !(t instanceof TelegramApiRequestException) && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof TelegramApiRequestException r) {
            int code = r.getErrorCode() == null ? 0 : r.getErrorCode();
            int retryAfter = r.getParameters() == null || r.getParameters().getRetryAfter() == null
                    ? 0 : r.getParameters().getRetryAfter();
            String description = r.getApiResponse() == null ? r.getMessage() : r.getApiResponse();
            return new BotApiException(code, retryAfter, method + ": " + description, r);
        }
        if (e instanceof IOException || t instanceof IOException) {
            return new BotApiException(0, 0, method + ": " + (t == null ? e : t), e);
        }
        if (e instanceof TelegramApiException && !(e.getCause() instanceof IOException) && e.getCause() == null) {
            // Rejected before sending (the library's validation): our message is wrong, retrying will not help.
            return new BotApiException(400, 0, method + ": " + e.getMessage(), e);
        }
        if (e instanceof RuntimeException) {
            // The library reads an answer without "ok" (a proxy's error page, a stand-in's "not
            // supported") by failing with a NullPointerException of its own.
            return new BotApiException(0, 0, method + ": " + NOT_BOT_API, e);
        }
        return new BotApiException(0, 0, method + ": " + e, e);
    }
}
