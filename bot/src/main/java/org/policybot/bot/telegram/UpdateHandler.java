package org.policybot.bot.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.function.Supplier;
import org.policybot.bot.answer.Citation;
import org.policybot.bot.messages.Messages;
import org.policybot.bot.privacy.Masking;
import org.policybot.bot.telegram.UpdateStore.State;
import org.policybot.bot.telegram.UpdateStore.StoredUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Handles one stored update, start to end: decide whether it is for the bot, apply the
 * rate limit, run the command or answer the question (showing "typing…"), send the reply,
 * and record how it ended. Users never see a stack trace: a failure gets an apology.
 * An interruption (shutdown) leaves the update pending, to be answered after the restart.
 */
final class UpdateHandler {

    private static final Logger log = LoggerFactory.getLogger(UpdateHandler.class);

    private final ObjectMapper json;
    private final UpdateParser parser;
    private final Supplier<BotIdentity> identity;
    private final Commands commands;
    private final AnswerReplies replies;
    private final CitationStore citations;
    private final AnswerFormatter formatter;
    private final FloodGuard flood;
    private final TypingIndicator typing;
    private final TelegramMessenger messenger;
    private final BotApi api;
    private final UpdateStore store;
    private final MeterRegistry metrics;
    private final Messages messages;

    UpdateHandler(ObjectMapper json, UpdateParser parser, Supplier<BotIdentity> identity, Commands commands,
                  AnswerReplies replies, CitationStore citations, AnswerFormatter formatter, FloodGuard flood,
                  TypingIndicator typing, TelegramMessenger messenger, BotApi api, UpdateStore store, MeterRegistry metrics,
                  Messages messages) {
        this.messages = messages;
        this.json = json;
        this.parser = parser;
        this.identity = identity;
        this.commands = commands;
        this.replies = replies;
        this.citations = citations;
        this.formatter = formatter;
        this.flood = flood;
        this.typing = typing;
        this.messenger = messenger;
        this.api = api;
        this.store = store;
        this.metrics = metrics;
    }

    void handle(StoredUpdate stored) {
        State outcome;
        try {
            Optional<Incoming> incoming;
            try {
                incoming = parser.parse(json.readValue(stored.payload(), Update.class), identity.get());
            } catch (RuntimeException e) {
                // The library's getters compute from what the update says (an entity's text from
                // its offset) and throw on values Telegram never sends: such an update is not retried.
                log.warn("Stored Telegram update {} is malformed: {}", stored.updateId(), e.toString());
                metrics.counter("policybot.telegram.updates", "outcome", "malformed").increment();
                store.finish(stored.updateId(), State.FAILED);
                return;
            }
            if (incoming.isEmpty()) {
                outcome = State.IGNORED;
            } else if (incoming.get() instanceof IncomingCallback c) {
                outcome = respond(c);
            } else {
                outcome = respond((IncomingMessage) incoming.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.info("Stopped before answering Telegram update {}; it will be answered after the restart", stored.updateId());
            return;
        } catch (JsonProcessingException e) {
            log.warn("Stored Telegram update {} is unreadable: {}", stored.updateId(), e.getOriginalMessage());
            outcome = State.FAILED;
        }
        store.finish(stored.updateId(), outcome);
        metrics.counter("policybot.telegram.updates", "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).increment();
    }

    private State respond(IncomingMessage m) throws InterruptedException {
        if (!m.addressed()) {
            return State.IGNORED;
        }
        TelegramCommand command = null;
        if (m.command() != null) {
            command = commands.find(m.command().name()).orElse(null);
            if (command == null && m.group() && m.command().botName().isEmpty()) {
                return State.IGNORED; // a command for another bot in the group
            }
        }
        FloodGuard.Verdict verdict = flood.check(m.user());
        if (verdict.kind() == FloodGuard.Kind.DROP) {
            return State.LIMITED;
        }
        if (verdict.kind() == FloodGuard.Kind.NOTIFY) {
            send(m.chatId(), Reply.text(FloodGuard.notice(messages, verdict.retryAfterSeconds())), m.replyTo());
            return State.LIMITED;
        }
        return send(m.chatId(), compose(m, command), m.replyTo());
    }

    private Reply compose(IncomingMessage m, TelegramCommand command) {
        boolean slow = command != null ? command.slow() : m.command() == null && !m.text().isBlank();
        try (TypingIndicator.Session ignored = slow ? typing.start(m.chatId()) : () -> { }) {
            if (m.command() != null) {
                return command != null ? commands.run(command, m, m.command().args())
                        : Reply.text(messages.text("telegram.unknown-command", m.command().name()));
            }
            if (m.text().isBlank()) {
                return Reply.text(messages.text(m.group() ? "telegram.empty-mention" : "telegram.text-only"));
            }
            return replies.question(m, m.text());
        } catch (RuntimeException e) {
            log.error("Answering Telegram update {} in chat {} failed", m.updateId(), Masking.maskId(m.chatId()), e);
            return Reply.text(messages.text("telegram.sorry"));
        }
    }

    private State respond(IncomingCallback c) throws InterruptedException {
        Optional<CallbackData> data = CallbackData.parse(c.data());
        if (data.isPresent() && data.get().kind() == CallbackData.Kind.OPT) {
            return option(c, data.get());
        }
        Optional<Citation> citation;
        String notice;
        try {
            citation = data.flatMap(d -> citations.find(d.key())
                    .flatMap(list -> list.stream().filter(x -> x.n() == d.n()).findFirst()));
            notice = citation.isPresent() ? "" : messages.text("telegram.source-expired");
        } catch (RuntimeException e) {
            log.error("Reading citations for a button in chat {} failed", Masking.maskId(c.chatId()), e);
            citation = Optional.empty();
            notice = messages.text("telegram.source-unavailable");
        }
        acknowledge(c, notice);
        if (citation.isEmpty()) {
            return State.ANSWERED;
        }
        return send(c.chatId(), formatter.passage(citation.get()), replyTo(c));
    }

    /**
     * An option button of a clarify answer: the question it asked about, answered for the
     * option, as a question typed in the chat is (rate limit, "typing…").
     */
    private State option(IncomingCallback c, CallbackData data) throws InterruptedException {
        FloodGuard.Verdict verdict = flood.check(c.user());
        if (verdict.kind() != FloodGuard.Kind.ALLOW) {
            acknowledge(c, FloodGuard.notice(messages, verdict.retryAfterSeconds()));
            return State.LIMITED;
        }
        acknowledge(c, "");
        Reply reply;
        try (TypingIndicator.Session ignored = typing.start(c.chatId())) {
            reply = replies.option(c, data.key(), data.n()).orElseGet(() -> Reply.text(messages.text("telegram.choice-expired")));
        } catch (RuntimeException e) {
            log.error("Answering an option button in chat {} failed", Masking.maskId(c.chatId()), e);
            reply = Reply.text(messages.text("telegram.sorry"));
        }
        return send(c.chatId(), reply, replyTo(c));
    }

    /** Stops the button's spinner, with a short notice when there is one. */
    private void acknowledge(IncomingCallback c, String notice) throws InterruptedException {
        try {
            api.answerCallback(c.callbackId(), notice);
        } catch (BotApiException e) {
            log.debug("Callback query not answered: {}", e.getMessage());
        }
    }

    /** In groups, what a button press brings is a reply to the message carrying the button. */
    private static Integer replyTo(IncomingCallback c) {
        return c.group() && c.messageId() > 0 ? c.messageId() : null;
    }

    private State send(String chatId, Reply reply, Integer replyTo) throws InterruptedException {
        try {
            messenger.send(chatId, reply.html(), replyTo, reply.keyboard());
            return State.ANSWERED;
        } catch (TelegramSendException e) {
            return State.FAILED;
        }
    }
}
