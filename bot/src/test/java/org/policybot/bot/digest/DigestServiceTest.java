package org.policybot.bot.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.policybot.bot.TestSettings;
import org.policybot.bot.answer.DefaultAnswerService;
import org.policybot.bot.store.Database;
import org.policybot.bot.store.SubscriptionStore;
import org.policybot.bot.store.TestDatabases;
import org.policybot.bot.telegram.TelegramDigestSender;
import org.policybot.config.Settings;
import org.policybot.retrieval.Retrieval;
import org.policybot.retrieval.text.ChineseText;

/**
 * Digest planning and delivery records on the real index and SQLite. The platform senders
 * are replaced by a recording sender (the I/O seam); Telegram and WeCom delivery are tested
 * end to end in their own tests.
 */
@ParameterizedClass
@MethodSource("org.policybot.bot.store.TestDatabases#kinds")
class DigestServiceTest {

    @Parameter
    TestDatabases.Kind kind;

    @TempDir
    Path dir;

    Path articles;
    Retrieval retrieval;
    Database db;
    DefaultAnswerService answers;
    RecordingSender sender;
    List<DigestTarget> targets;

    @BeforeEach
    void setUp() throws IOException {
        articles = Files.createDirectories(dir.resolve("articles"));
        try (Stream<Path> files = Files.list(TestSettings.bundledArticles())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).toList()) {
                Files.copy(f, articles.resolve(f.getFileName()));
            }
        }
        Settings settings = TestSettings.of(dir.resolve("data"), Map.of("CHATBOT_ARTICLES_DIR", articles.toString()));
        retrieval = new Retrieval(settings);
        db = Database.open(TestDatabases.fresh(kind, dir));
        answers = new DefaultAnswerService(retrieval.searcher(), Optional.empty(), null, articles);
        sender = new RecordingSender();
        targets = new ArrayList<>(List.of(new DigestTarget("telegram", "-1001"), new DigestTarget("telegram", "42")));
    }

    @AfterEach
    void tearDown() {
        db.close();
        retrieval.close();
    }

    DigestService service() {
        return service(Clock.systemUTC(), ZoneOffset.UTC);
    }

    DigestService service(Clock clock, ZoneId zone) {
        return new DigestService(() -> retrieval.searcher().corpus(), answers::summarizeArticle, db, () -> targets,
                List.of(sender), clock, zone);
    }

    void addArticle(String name, String text) throws IOException {
        Files.writeString(articles.resolve(name), text);
        retrieval.index().rebuild();
    }

    static final String NEW_ARTICLE = "# 我市开通退役军人社保接续绿色通道\n\n本报记者 杜 玲\n\n"
            + "为方便退役军人办理社会保险关系接续，市人社局在政务服务中心开通绿色通道。退役军人可在一个窗口办理养老、医疗和失业保险的接续手续。\n\n"
            + "据介绍，绿色通道每周一至周五开放，今年以来已为120名退役军人办理接续业务。\n\n"
            + "市人社局提醒，办理时请携带身份证和退役证件。\n";

    @Test
    void should_record_a_new_target_without_sending_the_existing_articles() {
        List<DigestService.TargetResult> results = service().run(false);

        assertThat(results).extracting(DigestService.TargetResult::status).containsOnly(DigestService.Status.FIRST_SEEN);
        assertThat(sender.sent).isEmpty();
    }

    @Test
    void should_send_a_new_article_once_to_each_target_with_citations() throws IOException {
        DigestService digests = service();
        digests.run(false);
        addArticle("005_green.txt", NEW_ARTICLE);

        List<DigestService.TargetResult> first = digests.run(false);
        List<DigestService.TargetResult> second = digests.run(false);

        assertThat(first).extracting(DigestService.TargetResult::status).containsOnly(DigestService.Status.SENT);
        assertThat(sender.sent).hasSize(2);
        assertThat(sender.sent.get(0).text()).contains("我市开通退役军人社保接续绿色通道").contains("新文章").contains("[1]");
        assertThat(second).extracting(DigestService.TargetResult::status).containsOnly(DigestService.Status.NOTHING_NEW);
        assertThat(sender.sent).hasSize(2);
    }

    @Test
    void should_say_what_changed_in_a_changed_article() throws IOException {
        DigestService digests = service();
        addArticle("005_green.txt", NEW_ARTICLE);
        digests.run(false);
        addArticle("005_green.txt", NEW_ARTICLE.replace("市人社局提醒，办理时请携带身份证和退役证件。",
                "市人社局提醒，绿色通道还可预约上门服务，行动不便的老兵可拨打12333预约。"));

        digests.run(false);

        assertThat(sender.sent).hasSize(2);
        assertThat(sender.sent.get(0).text()).contains("有更新").contains("新增1段").contains("删去1段").contains("预约上门服务");
    }

    @Test
    void should_retry_a_failed_target_later_without_blocking_the_others() throws IOException {
        DigestService digests = service();
        digests.run(false);
        addArticle("005_green.txt", NEW_ARTICLE);
        sender.failFor = "-1001";

        List<DigestService.TargetResult> failing = digests.run(false);
        sender.failFor = null;
        List<DigestService.TargetResult> retried = digests.run(false);

        assertThat(failing).extracting(r -> r.target().address() + ":" + r.status()).containsExactly("-1001:FAILED", "42:SENT");
        assertThat(retried).extracting(r -> r.target().address() + ":" + r.status())
                .containsExactly("-1001:SENT", "42:NOTHING_NEW");
        assertThat(sender.sent).extracting(Sent::address).containsExactly("42", "-1001");
    }

    @Test
    void should_preview_without_sending_or_recording() throws IOException {
        DigestService digests = service();
        digests.run(false);
        addArticle("005_green.txt", NEW_ARTICLE);

        List<DigestService.TargetResult> preview = digests.run(true);
        List<DigestService.TargetResult> real = digests.run(false);

        assertThat(preview).extracting(DigestService.TargetResult::status).containsOnly(DigestService.Status.PREVIEW);
        assertThat(preview.get(0).messages()).singleElement().asString().contains("我市开通退役军人社保接续绿色通道");
        assertThat(real).extracting(DigestService.TargetResult::status).containsOnly(DigestService.Status.SENT);
        assertThat(sender.sent).hasSize(2);
    }

    @Test
    void should_send_each_article_version_once_when_two_runs_overlap() throws Exception {
        service().run(false);
        addArticle("005_green.txt", NEW_ARTICLE);
        targets.remove(1);
        sender.gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<DigestService.TargetResult>> a = pool.submit(() -> service().run(false));
            Thread.sleep(300);
            Future<List<DigestService.TargetResult>> b = pool.submit(() -> service().run(false));
            List<DigestService.TargetResult> second = b.get(30, TimeUnit.SECONDS);
            sender.gate.countDown();
            List<DigestService.TargetResult> first = a.get(30, TimeUnit.SECONDS);

            assertThat(List.of(first.get(0).status(), second.get(0).status()))
                    .containsExactlyInAnyOrder(DigestService.Status.SENT, DigestService.Status.NOTHING_NEW);
            assertThat(sender.sent).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    static final String DATED_ARTICLE = "# 我省调整城乡居民基础养老金标准\n\n（来源：省人社厅 2025年12月20日）\n\n"
            + "经省政府同意，自2026年1月1日起，我省城乡居民基础养老金最低标准每人每月提高20元。各地要按时足额发放，不得拖欠。\n\n"
            + "省人社厅要求各地做好政策宣传，确保符合条件的参保人员及时领取。\n";

    @Test
    void should_list_undated_articles_after_dated_ones() throws IOException {
        DigestService digests = service();
        digests.run(false);
        addArticle("005_green.txt", NEW_ARTICLE);
        addArticle("006_pension.txt", DATED_ARTICLE);

        List<DigestService.TargetResult> preview = digests.run(true);

        String text = preview.get(0).messages().get(0);
        assertThat(text).contains("日期不详").contains("2025-12-20");
        assertThat(text.indexOf("我省调整城乡居民基础养老金标准"))
                .as("the dated article comes first, the undated one last")
                .isLessThan(text.indexOf("我市开通退役军人社保接续绿色通道"));
    }

    @Test
    void should_date_the_heading_in_the_digest_zone_not_the_servers() throws IOException {
        // 20:00 on 30 June in UTC (the server's zone here) is already 1 July in Shanghai.
        Clock serverClock = Clock.fixed(Instant.parse("2025-06-30T20:00:00Z"), ZoneOffset.UTC);
        DigestService digests = service(serverClock, ZoneId.of("Asia/Shanghai"));
        digests.run(false);
        addArticle("005_green.txt", NEW_ARTICLE);

        List<DigestService.TargetResult> preview = digests.run(true);

        assertThat(preview.get(0).messages().get(0)).contains("政策文章摘要</b> 2025-07-01").doesNotContain("2025-06-30");
    }

    @Test
    void should_not_show_a_sentence_twice_when_the_summary_quotes_it_verbatim() throws IOException {
        DigestService digests = service();
        digests.run(false);
        addArticle("005_green.txt", NEW_ARTICLE);

        String text = digests.run(true).get(0).messages().get(0);

        String plain = text.replaceAll("<[^>]+>", "").replaceAll("\\[\\d+]", "");
        List<String> sentences = new ArrayList<>();
        for (String line : plain.split("\n")) {
            for (String s : ChineseText.sentences(line)) {
                if (ChineseText.visibleLength(s) >= 8) {
                    sentences.add(ChineseText.compact(s.replaceFirst("^\\s*\\d+\\.\\s*", "")));
                }
            }
        }
        assertThat(sentences).as(text).doesNotHaveDuplicates().isNotEmpty();
        assertThat(text).contains("原文出处：[1] 第");
    }

    @Test
    void should_report_and_not_resend_an_article_a_stopped_run_was_sending() throws IOException {
        DigestService digests = service();
        digests.run(false);
        addArticle("005_green.txt", NEW_ARTICLE);
        ArticleSnapshot green = retrieval.searcher().corpus().articles().values().stream()
                .filter(a -> a.file().equals("005_green.txt")).map(ArticleSnapshot::of).findFirst().orElseThrow();
        // A run claimed it for -1001 eleven minutes ago and then died (its message may have gone out).
        new DigestLedger(db, Clock.offset(Clock.systemUTC(), java.time.Duration.ofMinutes(-11)))
                .claim(targets.get(0), green.key(), green.version());

        List<DigestService.TargetResult> first = digests.run(false);
        List<DigestService.TargetResult> second = digests.run(false);

        assertThat(first).extracting(r -> r.target().address() + ":" + r.status())
                .containsExactly("-1001:NOTHING_NEW", "42:SENT");
        assertThat(first.get(0).uncertain()).containsExactly("《我市开通退役军人社保接续绿色通道》");
        assertThat(second).extracting(DigestService.TargetResult::status).containsOnly(DigestService.Status.NOTHING_NEW);
        assertThat(second.get(0).uncertain()).as("reported once, by the run that found it").isEmpty();
        assertThat(sender.sent).extracting(Sent::address).containsExactly("42");
    }

    @Test
    void should_send_a_chat_that_subscribes_again_only_what_appears_after_it_subscribed_again() throws Exception {
        targets.clear();
        DigestService digests = service();
        digests.observe();
        Thread.sleep(5);
        targets.add(new DigestTarget("telegram", "77", Instant.now())); // /subscribe
        digests.run(false);
        targets.clear(); // /unsubscribe
        digests.run(false);
        addArticle("005_green.txt", NEW_ARTICLE); // appears while the chat is away
        digests.observe();
        Thread.sleep(5);
        targets.add(new DigestTarget("telegram", "77", Instant.now())); // /subscribe again

        List<DigestService.TargetResult> back = digests.run(false);
        addArticle("006_pension.txt", DATED_ARTICLE);
        List<DigestService.TargetResult> later = digests.run(false);

        assertThat(back).singleElement().extracting(DigestService.TargetResult::status).isEqualTo(DigestService.Status.NOTHING_NEW);
        assertThat(later).singleElement().extracting(DigestService.TargetResult::status).isEqualTo(DigestService.Status.SENT);
        assertThat(sender.sent).singleElement().satisfies(m -> assertThat(m.text())
                .contains("我省调整城乡居民基础养老金标准").doesNotContain("我市开通退役军人社保接续绿色通道"));
    }

    @Test
    void should_start_a_configured_target_afresh_when_it_is_removed_and_added_back() throws IOException {
        DigestService digests = service();
        digests.run(false);
        DigestTarget removed = targets.remove(0);
        digests.run(false);
        addArticle("005_green.txt", NEW_ARTICLE); // added while -1001 is not configured
        digests.run(false);
        targets.add(0, removed);

        List<DigestService.TargetResult> back = digests.run(false);

        assertThat(back).extracting(r -> r.target().address() + ":" + r.status())
                .containsExactly("-1001:FIRST_SEEN", "42:NOTHING_NEW");
        assertThat(sender.sent).extracting(Sent::address).containsExactly("42");
    }

    @Test
    void should_unsubscribe_a_chat_refused_permanently_and_start_it_afresh_when_it_subscribes_again() throws Exception {
        SubscriptionStore subscriptions = new SubscriptionStore(db, Clock.systemUTC());
        DigestService digests = new DigestService(() -> retrieval.searcher().corpus(), answers::summarizeArticle, db,
                Digests.targets(new Settings.Digest(List.of(), List.of(), Optional.empty(), ZoneOffset.UTC), subscriptions),
                List.of(sender), Clock.systemUTC(), ZoneOffset.UTC);
        digests.observe();
        Thread.sleep(5);
        subscriptions.subscribe("telegram", "77");
        digests.run(false);
        addArticle("005_green.txt", NEW_ARTICLE);
        sender.failFor = "77";
        sender.permanent = true; // the user blocked the bot

        List<DigestService.TargetResult> refused = digests.run(false);
        sender.failFor = null;
        List<DigestService.TargetResult> after = digests.run(false);
        Thread.sleep(5);
        subscriptions.subscribe("telegram", "77"); // unblocked the bot and subscribed again
        addArticle("006_pension.txt", DATED_ARTICLE);
        List<DigestService.TargetResult> back = digests.run(false);

        assertThat(refused).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(DigestService.Status.FAILED);
            assertThat(r.detail()).contains("refused permanently");
        });
        assertThat(after).as("no longer subscribed").isEmpty();
        assertThat(back).singleElement().extracting(DigestService.TargetResult::status).isEqualTo(DigestService.Status.SENT);
        assertThat(sender.sent).singleElement().satisfies(m -> assertThat(m.text())
                .contains("我省调整城乡居民基础养老金标准").doesNotContain("我市开通退役军人社保接续绿色通道"));
    }

    record Sent(String address, String text) {
    }

    /** Records what would be sent; can fail for one address or hold a send until released. */
    static final class RecordingSender implements DigestSender {
        final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        volatile String failFor;
        volatile boolean permanent;
        volatile CountDownLatch gate;

        @Override
        public String kind() {
            return "telegram";
        }

        @Override
        public List<DigestMessage> format(Digest digest) {
            return DigestText.telegram(digest, TelegramDigestSender.LIMIT);
        }

        @Override
        public void send(DigestTarget target, String message) throws DeliveryException {
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    g.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (target.address().equals(failFor)) {
                throw new DeliveryException(permanent ? "Forbidden: bot was blocked by the user" : "simulated outage", null,
                        permanent);
            }
            sent.add(new Sent(target.address(), message));
        }
    }
}
