package org.policybot.bot.digest;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.policybot.bot.answer.DefaultAnswerService;
import org.policybot.bot.store.Database;
import org.policybot.bot.store.SubscriptionStore;
import org.policybot.bot.telegram.TelegramMessenger;
import org.policybot.bot.wecom.GroupRobot;
import org.policybot.config.Settings;
import org.policybot.retrieval.search.CorpusView;

/** Wires the digest service from settings: targets from configuration and subscriptions, one sender per platform. */
public final class Digests {

    private Digests() {
    }

    public static DigestService create(Settings settings, Database db, DefaultAnswerService answers,
                                       Supplier<CorpusView> corpus, GroupRobot robot, Clock clock) {
        Optional<TelegramMessenger> telegram = settings.telegram().enabled()
                ? Optional.of(TelegramMessenger.create(settings.telegram(), clock)) : Optional.empty();
        return create(settings, db, answers, corpus, robot, telegram, clock);
    }

    /** As above, with the Telegram messenger given (empty when Telegram is off). */
    public static DigestService create(Settings settings, Database db, DefaultAnswerService answers,
                                       Supplier<CorpusView> corpus, GroupRobot robot, Optional<TelegramMessenger> telegram,
                                       Clock clock) {
        List<DigestSender> senders = new ArrayList<>();
        telegram.ifPresent(m -> senders.add(new TelegramDigestSender(m)));
        senders.add(new WecomDigestSender(robot));
        SubscriptionStore subscriptions = new SubscriptionStore(db, clock);
        return new DigestService(corpus, answers::digestSummary, db, targets(settings.digest(), subscriptions), senders,
                clock, settings.digest().zone());
    }

    /**
     * Configured chats and robots first (a configured chat that also ran /subscribe carries its
     * subscription time), then the other chats that ran /subscribe. A subscribed chat paused
     * for a permanent refusal is unsubscribed, so that /subscribe in it starts it again.
     */
    static DigestTargets targets(Settings.Digest digest, SubscriptionStore subscriptions) {
        return new DigestTargets() {
            @Override
            public List<DigestTarget> current() {
                Map<String, DigestTarget> out = new LinkedHashMap<>();
                digest.telegramChats().forEach(chat -> out.putIfAbsent(DigestTarget.TELEGRAM + ":" + chat,
                        new DigestTarget(DigestTarget.TELEGRAM, chat)));
                for (URI robot : digest.wecomWebhooks()) {
                    out.putIfAbsent(DigestTarget.WECOM + ":" + robot, new DigestTarget(DigestTarget.WECOM, robot.toString()));
                }
                for (SubscriptionStore.Subscription s : subscriptions.subscriptions(DigestTarget.TELEGRAM)) {
                    DigestTarget t = new DigestTarget(DigestTarget.TELEGRAM, s.target(), s.since());
                    out.put(t.key(), t);
                }
                return new ArrayList<>(out.values());
            }

            @Override
            public void paused(DigestTarget target) {
                if (target.since() != null) {
                    subscriptions.unsubscribe(target.kind(), target.address());
                }
            }
        };
    }
}
