package org.policybot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.policybot.config.Settings;

/** Conversation memory on SQLite and PostgreSQL: bounded, expiring, kept across a reopen. */
@ParameterizedClass
@MethodSource("org.policybot.bot.store.TestDatabases#kinds")
class ConversationStoreTest {

    @Parameter
    TestDatabases.Kind kind;

    @TempDir
    Path dir;

    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    Settings.Database settings;
    Database db;

    @BeforeEach
    void open() {
        settings = TestDatabases.fresh(kind, dir);
        db = Database.open(settings);
    }

    @AfterEach
    void close() {
        db.close();
    }

    ConversationStore at(Instant now) {
        return new ConversationStore(db, Clock.fixed(now, ZoneOffset.UTC), 3, Duration.ofMinutes(30));
    }

    @Test
    void should_keep_the_last_turns_oldest_first_per_conversation() {
        ConversationStore store = at(T0);
        for (String q : new String[] {"一", "二", "三", "四"}) {
            store.add("web:a", q);
        }
        store.add("web:b", "别人的问题");

        assertThat(store.recent("web:a")).containsExactly("二", "三", "四");
        assertThat(store.recent("web:b")).containsExactly("别人的问题");
        assertThat(store.recent("web:none")).isEmpty();
    }

    @Test
    void should_keep_an_active_conversation_whole_and_forget_it_after_the_quiet_period() {
        at(T0).add("web:a", "退役军人养老保险怎么接续？");
        at(T0.plus(Duration.ofMinutes(20))).add("web:a", "那要带什么材料？");
        at(T0).add("web:old", "失业金能领多久？");

        ConversationStore stillActive = at(T0.plus(Duration.ofMinutes(40)));
        ConversationStore quiet = at(T0.plus(Duration.ofMinutes(51)));

        assertThat(stillActive.recent("web:a")).containsExactly("退役军人养老保险怎么接续？", "那要带什么材料？");
        assertThat(stillActive.recent("web:old")).isEmpty();
        assertThat(stillActive.purgeExpired()).isEqualTo(1);
        assertThat(quiet.recent("web:a")).isEmpty();
        assertThat(quiet.purgeExpired()).isEqualTo(2);
        assertThat(quiet.purgeExpired()).isZero();
    }

    @Test
    void should_start_afresh_when_a_question_comes_after_the_quiet_period_before_any_purge() {
        at(T0).add("web:a", "我2013年退伍的");
        at(T0.plus(Duration.ofHours(20))).add("web:a", "失业金能领多久？");

        assertThat(at(T0.plus(Duration.ofHours(20)).plusSeconds(30)).recent("web:a")).containsExactly("失业金能领多久？");
    }

    @Test
    void should_keep_the_conversation_across_a_reopen_and_forget_it_when_cleared() {
        at(T0).add("telegram:42", "我2013年退伍的");
        db.close();
        db = Database.open(settings);

        assertThat(at(T0.plusSeconds(60)).recent("telegram:42")).containsExactly("我2013年退伍的");

        at(T0.plusSeconds(60)).clear("telegram:42");

        assertThat(at(T0.plusSeconds(60)).recent("telegram:42")).isEmpty();
    }

    @Test
    void should_give_the_offered_choice_to_the_next_message_only() {
        // given
        ConversationStore.Choice choice = new ConversationStore.Choice("补贴标准是多少", List.of("甲州", "乙州"));
        at(T0).offer("telegram:42", new ConversationStore.Choice("更早的问题", List.of("丙州")));
        at(T0).offer("telegram:42", choice);

        // when
        var first = at(T0.plusSeconds(30)).takeChoice("telegram:42");
        var second = at(T0.plusSeconds(40)).takeChoice("telegram:42");

        // then
        assertThat(first).contains(choice);
        assertThat(second).isEmpty();
        assertThat(at(T0).takeChoice("telegram:other")).isEmpty();
    }

    @Test
    void should_forget_an_offered_choice_after_the_quiet_period_or_when_cleared() {
        // given
        ConversationStore.Choice choice = new ConversationStore.Choice("补贴标准是多少", List.of("甲州", "乙州"));
        at(T0).offer("wechat:old", choice);
        at(T0).offer("wechat:reset", choice);
        at(T0).offer("wechat:purged", choice);

        // when
        at(T0).clear("wechat:reset");
        var old = at(T0.plus(Duration.ofMinutes(31))).takeChoice("wechat:old");
        at(T0.plus(Duration.ofMinutes(31))).purgeExpired();

        // then: "purged" would still be fresh at T0, but is gone
        assertThat(old).isEmpty();
        assertThat(at(T0).takeChoice("wechat:reset")).isEmpty();
        assertThat(at(T0).takeChoice("wechat:purged")).isEmpty();
    }

    @Test
    void should_keep_every_turn_when_questions_of_one_conversation_arrive_at_once() throws Exception {
        // given: room for all the turns, and 4 threads (the PostgreSQL pool's size) adding 10 each
        ConversationStore store = new ConversationStore(db, Clock.fixed(T0, ZoneOffset.UTC), 40, Duration.ofMinutes(30));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<?>> adds = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                int n = t;
                adds.add(threads.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        store.add("web:busy", "问题" + n + "-" + i);
                    }
                    return null;
                }));
            }

            // when
            for (Future<?> add : adds) {
                add.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        // then
        assertThat(store.recent("web:busy")).hasSize(40).doesNotHaveDuplicates();
    }

    @Test
    void should_mask_personal_numbers_before_a_turn_or_a_choice_is_written() {
        // given
        ConversationStore store = at(T0);
        String[] raw = {"410801199001011234", "19900101", "136-0000-3333", "13600003333"};

        // when: the caller forgot to mask
        store.add("web:a", "我的身份证410801199001011234，电话136-0000-3333");
        store.offer("web:a", new ConversationStore.Choice("补贴多少？身份证410801199001011234", List.of("甲州", "乙州")));
        store.clear("web:b");

        // then
        assertThat(store.recent("web:a")).containsExactly("我的身份证410801********1234，电话136-****-3333");
        assertThat(store.takeChoice("web:a")).get().extracting(ConversationStore.Choice::question).asString()
                .doesNotContain(raw);
        if (kind == TestDatabases.Kind.SQLITE) {
            assertThat(DatabaseFiles.found(settings, raw)).isEmpty();
        }
    }
}
