package org.policybot.bot.telegram;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import org.policybot.bot.App;
import org.policybot.bot.TestSettings;
import org.policybot.bot.answer.DefaultAnswerService;
import org.policybot.bot.answer.LlmAnswerer;
import org.policybot.bot.channel.ChannelContext;
import org.policybot.bot.ratelimit.RateLimiter;
import org.policybot.bot.store.ConversationStore;
import org.policybot.bot.store.Database;
import org.policybot.bot.store.QuestionLog;
import org.policybot.config.Settings;
import org.policybot.retrieval.Retrieval;

/**
 * A real Telegram channel over real components (the shared index, SQLite in its own
 * folder, the answer service) talking to the emulator under its own bot token. The Bot
 * API can be wrapped (slow or silent Telegram) and a chat model plugged in.
 */
final class BotUnderTest implements AutoCloseable {

    final String token;
    final Settings settings;
    final Database database;
    final ConversationStore conversations;
    final ChannelContext context;
    final TelegramChannel channel;
    private final ExecutorService answerPool;

    private BotUnderTest(String token, Settings settings, Database database, ConversationStore conversations,
                         ChannelContext context, TelegramChannel channel, ExecutorService answerPool) {
        this.token = token;
        this.settings = settings;
        this.database = database;
        this.conversations = conversations;
        this.context = context;
        this.channel = channel;
        this.answerPool = answerPool;
    }

    static BotUnderTest start(TelegramEmulator emulator, Retrieval retrieval, Path dir, String token,
                              Map<String, String> env, Optional<LlmAnswerer> llm, UnaryOperator<BotApi> wrapApi) {
        BotUnderTest bot = create(emulator, retrieval, dir, token, env, llm, wrapApi);
        bot.channel.start();
        return bot;
    }

    /** The bot built but not started: its webhook can be mounted first, as the web server does. */
    static BotUnderTest create(TelegramEmulator emulator, Retrieval retrieval, Path dir, String token,
                               Map<String, String> env, Optional<LlmAnswerer> llm, UnaryOperator<BotApi> wrapApi) {
        return create(emulator, retrieval, dir, token, env, llm, wrapApi, TelegramEmulator.botHttpClient());
    }

    /** The same over an HTTP client of the test's (one that counts the bot's calls, say). */
    static BotUnderTest create(TelegramEmulator emulator, Retrieval retrieval, Path dir, String token,
                               Map<String, String> env, Optional<LlmAnswerer> llm, UnaryOperator<BotApi> wrapApi,
                               OkHttpClient http) {
        Map<String, String> all = new HashMap<>(env);
        all.put("CHATBOT_TELEGRAM_TOKEN", token);
        all.put("CHATBOT_TELEGRAM_API_URL", emulator.apiUrl());
        Settings settings = TestSettings.of(dir, all);
        Database db = Database.open(settings.database());
        Clock clock = Clock.systemUTC();
        ConversationStore conversations = new ConversationStore(db, clock, settings.conversation().maxTurns(),
                Duration.ofMinutes(settings.conversation().ttlMinutes()));
        DefaultAnswerService answers = new DefaultAnswerService(retrieval.searcher(),
                llm, conversations,
                settings.articlesDir());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ChannelContext context = new ChannelContext(settings, db, answers, retrieval.searcher(), new QuestionLog(db, clock),
                conversations, new RateLimiter(clock, settings.rateLimit().perMinute(), settings.rateLimit().burst()), pool,
                new SimpleMeterRegistry(), clock,
                App.messages(org.policybot.bot.messages.Messages.load(settings.texts()), answers, () -> retrieval.searcher().corpus().articles().values()));
        TelegramChannel channel = new TelegramChannel(context, wrapApi.apply(TelegramChannel.api(context, http)), http, true);
        return new BotUnderTest(token, settings, db, conversations, context, channel, pool);
    }

    static BotUnderTest start(TelegramEmulator emulator, Retrieval retrieval, Path dir, String token) {
        return start(emulator, retrieval, dir, token, Map.of(), Optional.empty(), UnaryOperator.identity());
    }

    /** Stops as a crash would: answers in progress are abandoned, nothing is drained. */
    void kill() {
        channel.kill();
        answerPool.shutdownNow();
        database.close();
    }

    @Override
    public void close() {
        channel.close();
        answerPool.shutdownNow();
        database.close();
    }
}
