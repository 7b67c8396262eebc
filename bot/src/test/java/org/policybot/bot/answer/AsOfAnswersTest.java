package org.policybot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.policybot.bot.MadeUpCorpus.shown;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.MadeUpCorpus;

/**
 * A question about another day than today ({@link Question#asOf()}) is answered from the
 * documents in force on that day, on a made-up corpus: a 办法 in force 2019–2023 and the one
 * that replaced it from 2024, with different figures.
 */
class AsOfAnswersTest {

    @TempDir
    static Path dir;

    static MadeUpCorpus corpus;

    @BeforeAll
    static void write() {
        corpus = MadeUpCorpus.in(dir)
                .on(Clock.fixed(LocalDate.of(2025, 6, 1).atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC))
                .article("old.txt", "丙县灵活就业社保补贴办法",
                        "灵活就业人员社保补贴标准为每人每月三百元，按季度申领。")
                .file("old.meta.yaml", "effective: 2019-01-01\nexpires: 2023-12-31\nsuperseded_by: 丙县灵活就业社保补贴实施细则\n")
                .article("new.txt", "丙县灵活就业社保补贴实施细则",
                        "灵活就业人员社保补贴标准为每人每月五百元，按季度申领。")
                .file("new.meta.yaml", "effective: 2024-01-01\nsupersedes: 丙县灵活就业社保补贴办法\n");
    }

    @AfterAll
    static void close() {
        corpus.close();
    }

    static Answer ask(String question, LocalDate asOf) {
        return corpus.answers().answer(new Question(question, List.of(), "", "", Optional.ofNullable(asOf)));
    }

    @Test
    void should_answer_from_the_document_in_force_today_when_no_day_is_asked_about() {
        Answer a = ask("灵活就业社保补贴每月多少钱？", null);

        assertThat(a.outcome()).isNotEqualTo(Answer.Outcome.DECLINED);
        assertThat(a.citations().get(0).file()).isEqualTo("new.txt");
        assertThat(shown(a)).contains("五百元");
    }

    @Test
    void should_answer_from_the_document_in_force_on_the_day_asked_about_without_calling_it_expired() {
        Answer a = ask("灵活就业社保补贴每月多少钱？", LocalDate.of(2021, 6, 1));

        assertThat(a.citations().get(0).file()).isEqualTo("old.txt");
        assertThat(shown(a)).contains("三百元").doesNotContain("失效", "替代");
        assertThat(ask("灵活就业社保补贴每月多少钱？", LocalDate.of(2023, 12, 31)).citations().get(0).file())
                .as("the last day before the replacement takes effect").isEqualTo("old.txt");
    }

    @Test
    void should_say_a_document_quoted_for_a_later_day_was_replaced_by_then() {
        Answer a = ask("丙县灵活就业社保补贴办法规定的补贴每月多少钱？", LocalDate.of(2024, 6, 1));

        assertThat(a.text()).contains("该文件已被《丙县灵活就业社保补贴实施细则》替代");
    }
}
