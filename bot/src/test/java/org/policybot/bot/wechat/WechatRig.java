package org.policybot.bot.wechat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.policybot.bot.App;
import org.policybot.bot.TestSettings;
import org.policybot.bot.answer.DefaultAnswerService;
import org.policybot.bot.answer.LlmAnswerer;
import org.policybot.bot.answer.Question;
import org.policybot.bot.channel.ChannelContext;
import org.policybot.config.Settings;

/**
 * The real application (index of the bundled articles, SQLite in a temp folder, answer
 * service, rate limiter, answer pool) with the WeChat channel served over real HTTP. Built
 * once per test class: {@link #production()} is the channel App created from the settings;
 * {@link #serve} builds more channels on the same application with other WeChat settings,
 * a short time budget or a stand-in model.
 */
final class WechatRig implements AutoCloseable {

    /** A channel served on its own port, and WeChat's side talking to it. */
    record Served(WechatChannel channel, EndpointServer server, WechatSide wechat) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            channel.close();
        }
    }

    final App app;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private Served production;

    private WechatRig(App app) {
        this.app = app;
    }

    static WechatRig start(Path dataDir, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("CHATBOT_WECHAT_TOKEN", WechatSide.TOKEN);
        App app = App.start(TestSettings.of(dataDir, all), Clock.systemUTC());
        // The first answer of a JVM loads dictionaries and article texts (seconds on a busy
        // machine); tests that expect a passive reply within 4 s must not pay for that.
        app.context().answers().answer(Question.of("焦作欠薪维权电话多少？"));
        return new WechatRig(app);
    }

    /** The channel App created from CHATBOT_WECHAT_* settings, served over HTTP. */
    synchronized Served production() throws IOException {
        if (production == null) {
            WechatChannel channel = (WechatChannel) app.channels().stream()
                    .filter(c -> c.name().equals("wechat")).findFirst()
                    .orElseThrow(() -> new AssertionError("App did not create the WeChat channel"));
            EndpointServer server = EndpointServer.serve(channel.endpoints().get(0));
            opened.add(server);
            production = new Served(channel, server, new WechatSide(server.url("/wechat"), app.settings().wechat().safeMode()));
        }
        return production;
    }

    /** Another channel on the same application: own WeChat settings, budget and model. */
    Served serve(Settings.Wechat wechat, Duration budget, Optional<LlmAnswerer> model) throws IOException {
        ChannelContext c = app.context();
        ChannelContext context = c;
        if (model.isPresent()) {
            DefaultAnswerService answers = new DefaultAnswerService(app.retrieval().searcher(),
                    model,
                    c.conversations(), app.settings().articlesDir());
            context = new ChannelContext(c.settings(), c.database(), answers, c.searcher(), c.questionLog(), c.conversations(),
                    c.rateLimiter(), c.answerPool(), c.metrics(), c.clock(), c.messages());
        }
        WechatChannel channel = WechatChannel.create(context, wechat, budget);
        channel.start();
        EndpointServer server = EndpointServer.serve(channel.endpoints().get(0));
        Served served = new Served(channel, server, new WechatSide(server.url("/wechat"), wechat.safeMode()));
        opened.add(served);
        return served;
    }

    static Settings.Wechat plaintext(String apiUrl) {
        return new Settings.Wechat(WechatSide.TOKEN, WechatSide.APP_ID, WechatSide.APP_SECRET, "", apiUrl);
    }

    static Settings.Wechat safeMode(String apiUrl) {
        return new Settings.Wechat(WechatSide.TOKEN, WechatSide.APP_ID, WechatSide.APP_SECRET, WechatSide.AES_KEY, apiUrl);
    }

    long questionsAnswered() {
        return app.context().questionLog().count();
    }

    @Override
    public void close() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                // Closing anyway.
            }
        }
        app.close();
    }
}
