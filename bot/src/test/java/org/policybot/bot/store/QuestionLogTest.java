package org.policybot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.policybot.config.Settings;

/** The question log's "unanswered" report on SQLite and PostgreSQL. */
@ParameterizedClass
@MethodSource("org.policybot.bot.store.TestDatabases#kinds")
class QuestionLogTest {

    @Parameter
    TestDatabases.Kind kind;

    @TempDir
    Path dir;

    Settings.Database settings;
    Database db;
    QuestionLog questionLog;
    Instant now = Instant.parse("2026-03-02T08:00:00Z");

    @BeforeEach
    void open() {
        settings = TestDatabases.fresh(kind, dir);
        db = Database.open(settings);
        questionLog = new QuestionLog(db, new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        });
    }

    @AfterEach
    void close() {
        questionLog.close();
        db.close();
    }

    QuestionLog at(String instant) {
        now = Instant.parse(instant);
        return questionLog;
    }

    @Test
    void should_group_the_same_unanswered_question_and_rank_by_frequency_then_recency() {
        at("2026-03-02T08:00:00Z").record("web", "失业金能领多久？", QuestionLog.Outcome.DECLINED, 0.2, "extractive");
        at("2026-03-02T09:00:00Z").record("telegram", "失业金 能领多久", QuestionLog.Outcome.DECLINED, 0.2, "extractive");
        at("2026-03-02T10:00:00Z").record("web", "公积金怎么提取？", QuestionLog.Outcome.LOW_CONFIDENCE, 0.5, "extractive");
        at("2026-03-02T11:00:00Z").record("web", "退役军人养老保险怎么接续？", QuestionLog.Outcome.ANSWERED, 0.9, "extractive");

        List<QuestionLog.Unanswered> report = at("2026-03-02T12:00:00Z").unanswered(10);

        assertThat(report).extracting(QuestionLog.Unanswered::count).containsExactly(2L, 1L);
        assertThat(report.get(0).outcome()).isEqualTo(QuestionLog.Outcome.DECLINED);
        assertThat(report.get(0).lastAsked()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));
        assertThat(report.get(1).question()).isEqualTo("公积金怎么提取？");
        assertThat(at("2026-03-02T12:00:00Z").count()).isEqualTo(4);
    }

    @Test
    void should_report_related_and_clarify_questions_as_such_and_a_question_under_its_least_answered_outcome() {
        at("2026-03-02T08:00:00Z").record("telegram", "补贴能一次性领吗", QuestionLog.Outcome.RELATED, 0.4, "extractive");
        at("2026-03-02T08:10:00Z").record("wechat", "补贴每月多少钱", QuestionLog.Outcome.CLARIFY, 0.3, "extractive");
        at("2026-03-02T08:20:00Z").record("web", "公积金怎么提取", QuestionLog.Outcome.LOW_CONFIDENCE, 0.4, "extractive");
        at("2026-03-02T08:30:00Z").record("web", "公积金怎么提取", QuestionLog.Outcome.RELATED, 0.4, "extractive");

        List<QuestionLog.Unanswered> report = at("2026-03-02T12:00:00Z").unanswered(10);

        assertThat(report).extracting(QuestionLog.Unanswered::question, QuestionLog.Unanswered::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("公积金怎么提取", QuestionLog.Outcome.RELATED),
                org.assertj.core.groups.Tuple.tuple("补贴每月多少钱", QuestionLog.Outcome.CLARIFY),
                org.assertj.core.groups.Tuple.tuple("补贴能一次性领吗", QuestionLog.Outcome.RELATED));
    }

    @Test
    void should_cut_the_report_at_the_limit() {
        for (int i = 0; i < 5; i++) {
            at("2026-03-02T08:00:0" + i + "Z").record("web", "问题" + i, QuestionLog.Outcome.DECLINED, 0.1, "extractive");
        }

        assertThat(at("2026-03-02T09:00:00Z").unanswered(3)).extracting(QuestionLog.Unanswered::question)
                .containsExactly("问题4", "问题3", "问题2");
    }

    @Test
    void should_lose_only_the_entry_the_database_refuses_and_keep_the_rest_of_its_batch() {
        // given: a thousand entries recorded at once, so the writer stores them in a few
        // batches; every fiftieth breaks a NOT NULL column
        for (int i = 0; i < 1000; i++) {
            questionLog.record(i % 50 == 7 ? null : "web", "问题" + i, QuestionLog.Outcome.DECLINED, 0.1, "extractive");
        }

        // when
        long stored = questionLog.count();

        // then
        assertThat(stored).isEqualTo(980);
        assertThat(questionLog.dropped()).isEqualTo(20);
    }

    @Test
    void should_store_every_entry_recorded_from_many_threads_before_a_read_or_close() throws Exception {
        // when: 8 threads record 250 questions each, without waiting for the database
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            int n = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 250; i++) {
                    questionLog.record("web", "问题" + n + "-" + i, QuestionLog.Outcome.DECLINED, 0.1, "extractive");
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }

        // then: a read sees all of them; after close, a new log over the same database does too
        assertThat(questionLog.count()).isEqualTo(2000);
        questionLog.record("web", "最后一个问题", QuestionLog.Outcome.ANSWERED, 0.9, "extractive");
        questionLog.close();
        questionLog.record("web", "关闭以后", QuestionLog.Outcome.ANSWERED, 0.9, "extractive");
        questionLog = new QuestionLog(db, Clock.systemUTC());
        assertThat(questionLog.count()).isEqualTo(2001);
        assertThat(questionLog.dropped()).isZero();
    }

    @Test
    void should_mask_personal_numbers_before_an_entry_is_written() {
        // given
        String[] raw = {"8613900001111", "410801199001011234", "4108 0119 9001 0112 34", "１３９００００１１１１"};

        // when: the caller forgot to mask
        questionLog.record("web", "我手机8613900001111，身份证410801199001011234", QuestionLog.Outcome.DECLINED, 0.1, "extractive");
        questionLog.record("web", "身份证 4108 0119 9001 0112 34 电话１３９００００１１１１", QuestionLog.Outcome.DECLINED, 0.1,
                "extractive");

        // then
        assertThat(questionLog.unanswered(10)).extracting(QuestionLog.Unanswered::question)
                .containsExactlyInAnyOrder("我手机86139****1111，身份证410801********1234", "身份证 4108 01** **** **12 34 电话１３９****１１１１");
        if (kind == TestDatabases.Kind.SQLITE) {
            assertThat(DatabaseFiles.found(settings, raw)).isEmpty();
        }
    }

    @Test
    void should_delete_entries_older_than_the_retention_and_keep_the_rest() {
        // given: a backlog of hourly entries three to four months old, and two recent ones
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int h = 0; h < 30; h++) {
            at(start.plus(java.time.Duration.ofHours(h * 25)).toString())
                    .record("web", "旧问题" + h, QuestionLog.Outcome.DECLINED, 0.1, "extractive");
        }
        at("2026-04-01T00:00:00Z").record("web", "八十九天前的问题", QuestionLog.Outcome.DECLINED, 0.1, "extractive");
        at("2026-06-28T12:00:00Z").record("web", "昨天的问题", QuestionLog.Outcome.DECLINED, 0.1, "extractive");
        questionLog.flush();

        // when: 90 days after 2026-04-01 minus a day
        long deleted = at("2026-06-29T00:00:00Z").purgeOlderThan(java.time.Duration.ofDays(90));

        // then
        assertThat(deleted).isEqualTo(30);
        assertThat(questionLog.count()).isEqualTo(2);
        assertThat(questionLog.unanswered(10)).extracting(QuestionLog.Unanswered::question)
                .containsExactlyInAnyOrder("八十九天前的问题", "昨天的问题");
        assertThat(at("2026-06-30T00:00:01Z").purgeOlderThan(java.time.Duration.ofDays(90))).isEqualTo(1);
        assertThat(questionLog.count()).isEqualTo(1);
    }
}
