package org.policybot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.policybot.bot.TestSettings;
import org.policybot.bot.llm.LogCapture;
import org.policybot.bot.store.ConversationStore;
import org.policybot.bot.store.Database;
import org.policybot.bot.store.QuestionLog;
import org.policybot.bot.store.TestDatabases;
import org.policybot.config.Settings;
import org.policybot.retrieval.Retrieval;

/**
 * The answer service over real stores, on SQLite and on PostgreSQL: control characters typed
 * or pasted into a question (PostgreSQL refuses NUL in text) are removed where every channel
 * hands a question over, and a failing conversation memory costs the memory, not the answer.
 */
@ParameterizedClass
@MethodSource("org.policybot.bot.store.TestDatabases#kinds")
class AnswerServiceStoresTest {

    @TempDir
    static Path data;

    static Settings settings;
    static Retrieval retrieval;

    @Parameter
    TestDatabases.Kind kind;

    @TempDir
    Path dir;

    Database db;
    ConversationStore conversations;
    QuestionLog questionLog;
    AnswerService service;

    @BeforeAll
    static void buildIndex() {
        settings = TestSettings.of(data);
        retrieval = new Retrieval(settings);
    }

    @AfterAll
    static void closeIndex() {
        retrieval.close();
    }

    @BeforeEach
    void open() {
        db = Database.open(TestDatabases.fresh(kind, dir));
        conversations = new ConversationStore(db, Clock.systemUTC(), 6, Duration.ofMinutes(30));
        questionLog = new QuestionLog(db, Clock.systemUTC());
        service = new ObservedAnswerService(new DefaultAnswerService(retrieval.searcher(),
                Optional.empty(), conversations,
                settings.articlesDir()), "web", List.of(new QuestionRecorder(questionLog)));
    }

    @AfterEach
    void close() {
        questionLog.close();
        db.close();
    }

    @Test
    void should_answer_remember_and_log_a_question_with_control_characters_without_them() {
        // given
        Question q = new Question("我13年退伍的\u0000，养老保险关系\u0007要自己去接续吗？\r", List.of("上一个\u0000问题"),
                "web:nul", "u1");

        // when
        Answer a = service.answer(q);

        // then
        assertThat(a.declined()).isFalse();
        assertThat(a.question()).isEqualTo("我13年退伍的，养老保险关系要自己去接续吗？");
        assertThat(conversations.recent("web:nul")).containsExactly("我13年退伍的，养老保险关系要自己去接续吗？");
        assertThat(questionLog.count()).isEqualTo(1);
        assertThat(questionLog.dropped()).isZero();
    }

    @Test
    void should_drop_control_characters_and_collapse_every_run_of_whitespace() {
        // when
        Question q = new Question("第一行\t甲\r\n第二行\u0000\u001b[31m\u007f\u0085完", List.of("前\u0001文\n"), "", "");

        // then
        assertThat(q.text()).isEqualTo("第一行 甲 第二行[31m 完");
        assertThat(q.context()).containsExactly("前文");
    }

    @Test
    void should_answer_without_memory_and_warn_once_when_the_conversation_store_fails() {
        // given: a conversation under way, then its table is gone
        service.answer(new Question("我19年从部队退下来的，养老保险关系要自己接续吗", List.of(), "web:down", "u1"));
        db.with(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE conversation_turns");
            }
            return null;
        });

        try (LogCapture logs = LogCapture.debug(DefaultAnswerService.class.getName())) {
            // when
            Answer first = service.answer(new Question("重复交的那部分钱能退多少？", List.of(), "web:down", "u1"));
            Answer second = service.answer(new Question("村里给的集体补助也退吗", List.of(), "web:down", "u1"));

            // then
            assertThat(first.declined()).isFalse();
            assertThat(first.citations()).isNotEmpty();
            assertThat(second.citations()).isNotEmpty();
            assertThat(logs.messages()).filteredOn(m -> m.contains("conversation memory")).hasSize(1);
        }
    }
}
