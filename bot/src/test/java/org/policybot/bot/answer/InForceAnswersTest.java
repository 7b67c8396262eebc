package org.policybot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.MadeUpCorpus;

/**
 * The answer path over a made-up two-document corpus, on a fixed day: an old 办法 whose
 * 有效期 ended and a new one that repeals it (同时废止). The answer quotes the new rule
 * first, and says so when it quotes the old one.
 */
class InForceAnswersTest {

    @TempDir
    static Path root;

    static MadeUpCorpus corpus;

    @BeforeAll
    static void write() {
        corpus = MadeUpCorpus.in(root)
                .on(Clock.fixed(Instant.parse("2025-06-01T08:00:00Z"), ZoneOffset.UTC))
                .article("old.txt", "青禾县灵活就业人员社会保险补贴办法",
                        "第一条 为支持灵活就业，对本县登记的灵活就业人员给予社会保险补贴。",
                        "第二条 灵活就业人员社会保险补贴标准为每人每月300元，补贴期限最长3年。",
                        "第三条 本办法自2019年1月1日起施行，有效期至2023年12月31日。")
                .article("new.txt", "青禾县灵活就业人员社会保险补贴实施办法",
                        "第一条 为进一步支持灵活就业，对本县登记的灵活就业人员给予社会保险补贴。",
                        "第二条 灵活就业人员社会保险补贴标准为每人每月500元，补贴期限最长3年。",
                        "第三条 本办法自2024年1月1日起施行，《青禾县灵活就业人员社会保险补贴办法》（青人社发〔2018〕9号）同时废止。");
    }

    @AfterAll
    static void close() {
        corpus.close();
    }

    @Test
    void should_answer_from_the_document_in_force_and_flag_the_replaced_one_when_it_is_quoted() {
        // when
        Answer a = corpus.ask("灵活就业人员社会保险补贴标准是每月多少钱？");

        // then: the rule in force is the first citation
        assertThat(a.citations()).isNotEmpty();
        assertThat(a.citations().get(0).file()).as(a.text() + "\n" + a.citations()).isEqualTo("new.txt");
        assertThat(MadeUpCorpus.shown(a)).contains("500元");
        for (Citation c : a.citations()) {
            if (c.file().equals("old.txt")) {
                assertThat(a.text()).contains("[" + c.n() + "] 该文件已被《青禾县灵活就业人员社会保险补贴实施办法》替代，现行规定见[1]。");
            }
        }
    }

    @Test
    void should_flag_the_replaced_document_when_the_question_is_about_it() {
        // when: a question only the old document's words answer
        Answer a = corpus.ask("青禾县灵活就业人员社会保险补贴办法有效期到什么时候？");

        // then
        Citation old = a.citations().stream().filter(c -> c.file().equals("old.txt")).findFirst().orElseThrow();
        assertThat(a.text()).contains("[" + old.n() + "] 该文件已被《青禾县灵活就业人员社会保险补贴实施办法》替代");
    }
}
