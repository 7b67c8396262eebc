package org.policybot.bot.digest;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.policybot.bot.answer.Answer;
import org.policybot.retrieval.search.CorpusView;
import org.policybot.retrieval.text.ChineseText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and sends digests: for each target, the articles added or changed since the last
 * digest that reached it, each with a short cited summary (and, for a changed article, what
 * changed). Every article version is claimed before it is sent and recorded as sent with the
 * message that carried it, so restarts, retries and overlapping runs never send one twice;
 * a claim left by a run that stopped is reported as uncertain, never resent. A target that
 * fails is retried on the next run without holding up the others; one the platform refuses
 * permanently is paused. A target seen for the first time, or back after it was gone,
 * starts from the current articles (nothing is sent for them).
 */
public final class DigestService {

    private static final Logger log = LoggerFactory.getLogger(DigestService.class);
    static final int SUMMARY_POINTS = 4;

    /**
     * Summarises one article for the digest: the summary text with [n] markers and the
     * citations that quote the article, or a declined answer when the article cannot be
     * summarised (it is then left out and tried again at the next run). The application
     * passes {@code DefaultAnswerService#digestSummary}: the model's two to four checked
     * sentences when a model is configured and its summary is usable, else extractive points.
     */
    @FunctionalInterface
    public interface ArticleSummarizer {
        Answer summarize(String articleId, int maxPoints);
    }

    /**
     * What happened for one target.
     *
     * @param uncertain articles ("《title》") an earlier run was sending to this target when it
     *                  stopped: they may have arrived and are not sent again
     */
    public record TargetResult(DigestTarget target, Status status, int articles, List<String> messages, String detail,
                               List<String> uncertain) {
        public TargetResult {
            messages = List.copyOf(messages);
            uncertain = List.copyOf(uncertain);
        }

        public TargetResult(DigestTarget target, Status status, int articles, List<String> messages, String detail) {
            this(target, status, articles, messages, detail, List.of());
        }

        TargetResult withUncertain(List<String> titles) {
            return new TargetResult(target, status, articles, messages, detail, titles);
        }
    }

    static final String RESUME_HINT = "it resumes when the chat sends /subscribe again, or when it is removed from the settings "
            + "for one run and added back";

    /** A claim older than this was left by a run that stopped: no run sends for this long. */
    static final Duration STALE_CLAIM = Duration.ofMinutes(10);

    /** The outcome of a target in one run. */
    public enum Status { SENT, NOTHING_NEW, FIRST_SEEN, FAILED, PAUSED, PREVIEW }

    private final Supplier<CorpusView> corpus;
    private final ArticleSummarizer summarizer;
    private final DigestLedger ledger;
    private final DigestTargets targets;
    private final Map<String, DigestSender> senders;
    private final Clock clock;
    private final ZoneId zone;

    private final DigestWording wording;

    /**
     * @param zone the digest's time zone ({@code CHATBOT_DIGEST_ZONE}): the date in the heading is today's date there
     */
    public DigestService(Supplier<CorpusView> corpus, ArticleSummarizer summarizer, org.policybot.bot.store.Sql database,
                         DigestTargets targets, List<DigestSender> senders, Clock clock, ZoneId zone) {
        this(corpus, summarizer, database, targets, senders, clock, zone, DigestWording.BUNDLED);
    }

    /** @param wording the digest's fixed words (change notes), as the deployment words them */
    public DigestService(Supplier<CorpusView> corpus, ArticleSummarizer summarizer, org.policybot.bot.store.Sql database,
                         DigestTargets targets, List<DigestSender> senders, Clock clock, ZoneId zone, DigestWording wording) {
        this.wording = wording;
        this.corpus = corpus;
        this.summarizer = summarizer;
        this.ledger = new DigestLedger(database, clock);
        this.targets = targets;
        this.senders = new java.util.HashMap<>();
        senders.forEach(s -> this.senders.put(s.kind(), s));
        this.clock = clock;
        this.zone = zone;
    }

    /**
     * Records the article versions of the index in service with the time they were first
     * seen, so a chat that subscribes later gets only what appears after it subscribed. Call
     * it when a server starts and whenever the index changes.
     */
    public synchronized void observe() {
        corpus.get().articles().values().stream().map(ArticleSnapshot::of).forEach(ledger::rememberVersion);
    }

    /**
     * Registers the configured targets not seen before, with the current articles as their
     * starting point, so a group named in the configuration when the server starts gets what
     * is added from then on; forgets targets no longer configured or subscribed. Sends nothing.
     */
    public synchronized void registerNewTargets() {
        List<ArticleSnapshot> snapshots = corpus.get().articles().values().stream().map(ArticleSnapshot::of).toList();
        List<DigestTarget> current = distinct(targets.current());
        forgetAbsent(current);
        for (DigestTarget target : current) {
            if (target.since() == null && ledger.registerIfNew(target, snapshots)) {
                log.info("Digest target {} registered; it will receive articles added or changed from now on", target.masked());
            }
        }
    }

    /** Runs once for every target. With {@code preview}, nothing is sent or recorded. */
    public synchronized List<TargetResult> run(boolean preview) {
        CorpusView view = corpus.get();
        List<ArticleSnapshot> snapshots = view.articles().values().stream().map(ArticleSnapshot::of).toList();
        Map<String, List<String>> uncertain = new java.util.HashMap<>();
        if (!preview) {
            snapshots.forEach(ledger::rememberVersion);
            for (DigestLedger.Unfinished u : ledger.markStaleUncertain(STALE_CLAIM)) {
                String title = snapshots.stream().filter(s -> s.key().equals(u.articleKey())).map(ArticleSnapshot::title)
                        .findFirst().orElse(u.articleKey());
                log.warn("Digest of 《{}》 (version {}) to {} may or may not have arrived: a run stopped while sending it at {}. "
                                + "It is not sent again; check the chat and forward it by hand if it is missing",
                        title, u.version(), DigestTarget.masked(u.target()), java.time.Instant.ofEpochMilli(u.claimedAt()));
                uncertain.computeIfAbsent(u.target(), k -> new ArrayList<>()).add("《" + title + "》");
            }
        }
        List<DigestTarget> current = distinct(targets.current());
        if (!preview) {
            forgetAbsent(current);
        }
        List<TargetResult> results = new ArrayList<>();
        // One summary per article version and run, whatever the number of targets (a model call each).
        Map<String, Answer> summaries = new java.util.HashMap<>();
        for (DigestTarget target : current) {
            TargetResult result;
            try {
                result = runTarget(target, snapshots, preview, summaries);
            } catch (RuntimeException e) {
                // One target's failure (the database busy, a formatting fault) never holds up the others.
                log.warn("Digest to {} failed: {}", target.masked(), e.getMessage(), e);
                result = new TargetResult(target, Status.FAILED, 0, List.of(), "error: " + e.getMessage());
            }
            results.add(result.withUncertain(uncertain.getOrDefault(target.key(), List.of())));
        }
        return results;
    }

    /** The targets, each key once (the first wins). */
    private static List<DigestTarget> distinct(List<DigestTarget> targets) {
        Set<String> seen = new HashSet<>();
        return targets.stream().filter(t -> seen.add(t.key())).toList();
    }

    /**
     * A registered target that is no longer configured or subscribed is forgotten, so that
     * if it comes back it starts from the articles of that time, like a new target, rather
     * than receiving everything added while it was gone.
     */
    private void forgetAbsent(List<DigestTarget> current) {
        Set<String> keys = new HashSet<>();
        current.forEach(t -> keys.add(t.key()));
        for (String key : ledger.registeredTargets()) {
            if (!keys.contains(key)) {
                ledger.forget(key);
                log.info("Digest target {} is no longer configured or subscribed: forgotten (if it comes back, it starts afresh)",
                        DigestTarget.masked(key));
            }
        }
    }

    private TargetResult runTarget(DigestTarget target, List<ArticleSnapshot> snapshots, boolean preview,
                                   Map<String, Answer> summaries) {
        DigestSender sender = senders.get(target.kind());
        if (sender == null) {
            return new TargetResult(target, Status.FAILED, 0, List.of(), "no sender for " + target.kind());
        }
        Optional<DigestLedger.Registration> registration = ledger.registration(target);
        if (registration.isPresent() && target.since() != null
                && !Objects.equals(registration.get().sinceMillis(), target.since().toEpochMilli())) {
            if (registration.get().sinceMillis() == null && !registration.get().paused()) {
                if (!preview) {
                    ledger.setSince(target); // registered before its subscription time was kept: keep its history
                }
            } else {
                // Unsubscribed and subscribed again: it starts afresh from its new subscription time.
                registration = Optional.empty();
                if (!preview) {
                    ledger.forget(target.key());
                    log.info("Digest target {} subscribed again: it starts from the articles of that time", target.masked());
                }
            }
        }
        if (registration.isPresent() && registration.get().paused()) {
            return new TargetResult(target, Status.PAUSED, 0, List.of(), "paused since "
                    + java.time.Instant.ofEpochMilli(registration.get().pausedAtMillis()) + ": " + registration.get().pauseReason()
                    + " (" + RESUME_HINT + ")");
        }
        boolean known = registration.isPresent();
        if (!known && target.since() == null) {
            if (!preview) {
                ledger.registerIfNew(target, snapshots);
                log.info("Digest target {} registered; it will receive articles added or changed from now on", target.masked());
            }
            return new TargetResult(target, Status.FIRST_SEEN, 0, List.of(),
                    "new target: the current articles are its starting point; later additions and changes will be sent");
        }
        if (!known && !preview) {
            ledger.registerIfNew(target, snapshots);
        }
        Digest digest = plan(target, known || !preview ? snapshots : afterSubscription(target, snapshots), summaries);
        if (digest.isEmpty()) {
            return new TargetResult(target, preview ? Status.PREVIEW : Status.NOTHING_NEW, 0, List.of(), "nothing new");
        }
        if (preview) {
            List<String> messages = sender.format(digest).stream().map(DigestMessage::text).toList();
            return new TargetResult(target, Status.PREVIEW, digest.entries().size(), messages, "not sent");
        }
        List<Digest.Entry> claimed = new ArrayList<>();
        for (Digest.Entry e : digest.entries()) {
            if (ledger.claim(target, e.articleKey(), e.version())) {
                claimed.add(e);
            }
        }
        if (claimed.isEmpty()) {
            return new TargetResult(target, Status.NOTHING_NEW, 0, List.of(), "already sent by another run");
        }
        return deliver(target, sender, new Digest(digest.day(), claimed));
    }

    /**
     * Sends the digest message by message; the articles of each message are recorded as sent
     * as soon as it is delivered, so a failure partway leaves only the articles not yet
     * delivered to be retried.
     */
    private TargetResult deliver(DigestTarget target, DigestSender sender, Digest digest) {
        List<DigestMessage> parts;
        try {
            parts = sender.format(digest);
        } catch (RuntimeException e) {
            // Nothing went out: release the claims for the next run rather than leave them open.
            digest.entries().forEach(c -> ledger.mark(target, c.articleKey(), c.version(), DigestLedger.State.FAILED));
            throw e;
        }
        List<String> sent = new ArrayList<>();
        int delivered = 0;
        for (int i = 0; i < parts.size(); i++) {
            DigestMessage part = parts.get(i);
            try {
                sender.send(target, part.text());
            } catch (DigestSender.DeliveryException | RuntimeException e) {
                List<Digest.Entry> left = parts.subList(i, parts.size()).stream().flatMap(p -> p.entries().stream()).toList();
                left.forEach(c -> ledger.mark(target, c.articleKey(), c.version(), DigestLedger.State.FAILED));
                if (e instanceof DigestSender.DeliveryException d && d.permanent()) {
                    ledger.pause(target, e.getMessage());
                    targets.paused(target);
                    log.warn("Digest target {} refused permanently and paused ({}): {}", target.masked(), RESUME_HINT, e.getMessage());
                    return new TargetResult(target, Status.FAILED, left.size(), sent,
                            "refused permanently, paused until it comes back: " + e.getMessage());
                }
                log.warn("Digest to {} failed after {} of {} messages; {} articles will be retried on the next run: {}",
                        target.masked(), i, parts.size(), left.size(), e.getMessage());
                String detail = (i == 0 ? "" : i + " of " + parts.size() + " messages (" + delivered + " articles) sent; ")
                        + left.size() + " articles left for the next run: " + e.getMessage();
                return new TargetResult(target, Status.FAILED, left.size(), sent, detail);
            }
            part.entries().forEach(e -> ledger.mark(target, e.articleKey(), e.version(), DigestLedger.State.SENT));
            delivered += part.entries().size();
            sent.add(part.text());
        }
        log.info("Digest sent to {}: {} articles in {} messages", target.masked(), delivered, parts.size());
        return new TargetResult(target, Status.SENT, delivered, sent, "sent");
    }

    /** For a preview of a chat that subscribed but was never served: only versions seen after it subscribed. */
    private List<ArticleSnapshot> afterSubscription(DigestTarget target, List<ArticleSnapshot> snapshots) {
        return snapshots.stream().filter(s -> ledger.firstSeen(s) > target.since().toEpochMilli()).toList();
    }

    /** Newest date first (ISO dates compare as text); undated articles last, in corpus order. */
    static final Comparator<ArticleSnapshot> NEWEST_FIRST =
            Comparator.comparing(ArticleSnapshot::date, Comparator.nullsLast(Comparator.reverseOrder()));

    /**
     * The new and changed articles for a target, newest first, undated ones last; summaries
     * already made in this run are taken from {@code summaries}, new ones added to it.
     */
    private Digest plan(DigestTarget target, List<ArticleSnapshot> snapshots, Map<String, Answer> summaries) {
        List<Digest.Entry> entries = new ArrayList<>();
        List<ArticleSnapshot> ordered = new ArrayList<>(snapshots);
        ordered.sort(NEWEST_FIRST);
        for (ArticleSnapshot s : ordered) {
            String known = ledger.lastKnownVersion(target, s.key());
            if (s.version().equals(known)) {
                continue;
            }
            DigestLedger.State state = ledger.state(target, s.key(), s.version());
            if (state != null && state != DigestLedger.State.FAILED) {
                continue;
            }
            Answer summary = summaries.computeIfAbsent(s.articleId() + "@" + s.version(),
                    id -> summarizer.summarize(s.articleId(), SUMMARY_POINTS));
            if (summary.declined()) {
                continue;
            }
            Digest.Change change = known == null ? Digest.Change.NEW : Digest.Change.CHANGED;
            String note = change == Digest.Change.CHANGED ? changeNote(ledger.paragraphs(s.key(), known), s.paragraphs(), wording) : "";
            entries.add(new Digest.Entry(s.key(), s.version(), change, s.title(), s.date(), s.source(), summary.text(),
                    summary.citations(), note, QuoteLines.of(summary.text(), summary.citations(), s.paragraphs())));
        }
        return new Digest(LocalDate.now(clock.withZone(zone)), entries);
    }

    /** "新增2段、删去1段。新增：…" from the paragraphs of two versions, in the bundled wording. */
    static String changeNote(List<String> before, List<String> after) {
        return changeNote(before, after, DigestWording.BUNDLED);
    }

    static String changeNote(List<String> before, List<String> after, DigestWording wording) {
        Set<String> old = new HashSet<>();
        before.forEach(p -> old.add(ChineseText.compact(p)));
        Set<String> now = new HashSet<>();
        after.forEach(p -> now.add(ChineseText.compact(p)));
        List<String> added = after.stream().filter(p -> !old.contains(ChineseText.compact(p))).toList();
        long removed = before.stream().filter(p -> !now.contains(ChineseText.compact(p))).count();
        String first = added.isEmpty() ? ""
                : ChineseText.sentences(added.get(0)).stream().findFirst().orElse(added.get(0)).strip();
        return wording.changeNote(added.size(), removed, first);
    }
}
