package org.policybot.bot.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.policybot.bot.store.Database;
import org.policybot.bot.store.DatabaseFiles;
import org.policybot.bot.store.TestDatabases;
import org.policybot.config.Settings;

/** The WeChat store on SQLite and PostgreSQL. */
@ParameterizedClass
@MethodSource("org.policybot.bot.store.TestDatabases#kinds")
class WechatStoreTest {

    @Parameter
    TestDatabases.Kind kind;

    @TempDir
    Path data;

    Settings.Database settings;
    Database db;
    WechatStore store;
    Clock clock = Clock.fixed(Instant.parse("2026-01-05T08:00:00Z"), ZoneOffset.UTC);
    String user = "oStore_" + UUID.randomUUID();

    @BeforeEach
    void open() {
        settings = TestDatabases.fresh(kind, data);
        db = Database.open(settings);
        store = new WechatStore(db, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    String id(String n) {
        return user + "-" + n;
    }

    static List<String> first(List<WechatStore.Stored> answers) {
        return List.of(String.join("|", answers.stream().map(WechatStore.Stored::answer).toList()));
    }

    @Test
    void should_admit_a_nonce_again_only_with_the_same_body_and_forget_it_once_its_window_has_passed() {
        // given
        NonceStore nonces = new NonceStore(db, clock);
        long until = clock.millis() + Duration.ofMinutes(5).toMillis();
        assertThat(nonces.admit("1767600000", "4711", "digest-a", until)).isTrue();

        // when / then
        assertThat(nonces.admit("1767600000", "4711", "digest-a", until)).as("WeChat delivering it again").isTrue();
        assertThat(nonces.admit("1767600000", "4711", "digest-b", until)).as("replayed with another body").isFalse();
        assertThat(nonces.admit("1767600001", "4711", "digest-b", until)).as("another timestamp").isTrue();
        assertThat(nonces.purgeExpired()).isZero();
        NonceStore later = new NonceStore(db, Clock.offset(clock, Duration.ofMinutes(6)));
        assertThat(later.purgeExpired()).isEqualTo(2);
    }

    @Test
    void should_let_one_of_two_replicas_claim_a_nonce_for_its_body_when_both_see_it_at_once() {
        // given: the same signed query arriving with two bodies at two replicas sharing the database
        NonceStore a = new NonceStore(db, clock);
        NonceStore b = new NonceStore(db, clock);
        long until = clock.millis() + Duration.ofMinutes(5).toMillis();

        // when
        List<Boolean> admitted = IntStream.range(0, 8).mapToObj(i -> CompletableFuture.supplyAsync(() ->
                (i % 2 == 0 ? a : b).admit("1767600000", "race", "digest-" + (i % 2), until))).toList()
                .stream().map(CompletableFuture::join).toList();

        // then: only the body that came first is admitted, as often as it comes
        assertThat(admitted.stream().filter(x -> x)).hasSize(4);
        assertThat(IntStream.range(0, 8).filter(i -> admitted.get(i)).map(i -> i % 2).distinct()).hasSize(1);
    }

    @Test
    void should_claim_a_msgid_once() {
        assertThat(store.claim(id("1"), user, "问题")).isTrue();
        assertThat(store.claim(id("1"), user, "问题")).isFalse();
        assertThat(store.find(id("1"))).hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(WechatStore.State.PENDING));
    }

    @Test
    void should_hand_an_answer_to_exactly_one_of_many_takers() {
        store.claim(id("1"), user, "问题");
        store.ready(id("1"), "回答");

        List<WechatStore.Taken> results = IntStream.range(0, 6)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> store.take(user, id("1"), WechatStoreTest::first, true)))
                .map(CompletableFuture::join).toList();

        assertThat(results.stream().filter(t -> !t.isEmpty())).hasSize(1);
        assertThat(store.find(id("1")).orElseThrow().reply()).isEqualTo("回答");
    }

    @Test
    void should_take_kept_answers_oldest_first_with_the_own_answer_last() {
        for (String n : List.of("1", "2", "3")) {
            store.claim(id(n), user, "问" + n);
            store.ready(id(n), "答" + n);
        }

        WechatStore.Taken taken = store.take(user, id("2"), WechatStoreTest::first, true);

        assertThat(taken.answers()).extracting(WechatStore.Stored::msgId).containsExactly(id("1"), id("3"), id("2"));
        assertThat(taken.texts()).containsExactly("答1|答3|答2");
        assertThat(store.take(user, null, WechatStoreTest::first, false).isEmpty()).isTrue();
    }

    @Test
    void should_put_answers_back_when_they_could_not_be_sent() {
        store.claim(id("1"), user, "问");
        store.ready(id("1"), "答");
        WechatStore.Taken taken = store.take(user, id("1"), WechatStoreTest::first, false);

        store.giveBack(taken);

        assertThat(store.find(id("1")).orElseThrow().state()).isEqualTo(WechatStore.State.READY);
        assertThat(store.take(user, null, WechatStoreTest::first, false).texts()).containsExactly("答");
    }

    @Test
    void should_give_more_parts_in_order_and_replace_them_with_a_new_answer() {
        store.setMoreParts(user, List.of("二", "三"));

        assertThat(store.nextPart(user)).hasValue("二");
        store.setMoreParts(user, List.of("新二"));
        assertThat(store.nextPart(user)).hasValue("新二");
        assertThat(store.nextPart(user)).isEmpty();
    }

    @Test
    void should_forget_a_released_claim_and_purge_old_messages() {
        store.claim(id("1"), user, "问");
        store.release(id("1"));
        assertThat(store.claim(id("1"), user, "问")).isTrue();
        store.answered(id("1"), "答");
        store.setMoreParts(user, List.of("余下"));

        WechatStore later = new WechatStore(db, Clock.offset(clock, Duration.ofDays(3)));
        int purged = later.purgeBefore(clock.millis() + 1);

        assertThat(purged).isGreaterThanOrEqualTo(1);
        assertThat(store.find(id("1"))).isEmpty();
        assertThat(store.nextPart(user)).isEmpty();
    }

    @Test
    void should_mask_personal_numbers_before_a_message_is_written() {
        // given
        String[] raw = {"+8613900001111", "13900001111", "41080119900101123X", "19900101"};

        // when: the caller forgot to mask
        store.claim(id("1"), user, "我手机+8613900001111，身份证ID41080119900101123X");

        // then
        assertThat(store.find(id("1"))).get().extracting(WechatStore.Stored::question).asString()
                .isEqualTo("我手机+86139****1111，身份证ID410801********123X");
        if (kind == TestDatabases.Kind.SQLITE) {
            assertThat(DatabaseFiles.found(settings, raw)).isEmpty();
        }
    }
}
