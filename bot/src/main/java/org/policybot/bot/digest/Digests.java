package org.policybot.bot.digest;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.policybot.bot.store.Sql;
import org.policybot.bot.store.SubscriptionStore;
import org.policybot.config.Settings;
import org.policybot.retrieval.search.CorpusView;

/** Wires the digest service from settings: targets from configuration and subscriptions, the senders as given. */
public final class Digests {

    private Digests() {
    }

    /**
     * The digest service over the given senders (one per platform, made by the channels:
     * {@code TelegramDigestSender}, {@code WecomDigestSender}).
     */
    public static DigestService create(Settings settings, Sql db, DigestService.ArticleSummarizer summarizer,
                                       Supplier<CorpusView> corpus, List<DigestSender> senders, Clock clock,
                                       DigestWording wording) {
        SubscriptionStore subscriptions = new SubscriptionStore(db, clock);
        return new DigestService(corpus, summarizer, db, targets(settings.digest(), subscriptions), senders,
                clock, settings.digest().zone(), wording);
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
