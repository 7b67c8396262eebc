package org.policybot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.policybot.bot.MadeUpCorpus.shown;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.MadeUpCorpus;

/**
 * The region a document's metadata gives (its sidecar's {@code region}) constrains the answer
 * like a place its text names: a rule whose text names no place, filed for 辛川, does not
 * answer a question about 壬江.
 */
class RegionMetadataTest {

    @TempDir
    static Path dir;

    static MadeUpCorpus corpus;

    @BeforeAll
    static void write() throws Exception {
        corpus = MadeUpCorpus.in(dir)
                .article("jumin_yibao.txt", "城乡居民医保参保缴费指南",
                        "城乡居民医疗保险每年个人缴费标准为每人380元，缴费期为每年9月至12月。",
                        "参保人可以通过微信或银行网点缴费。")
                .article("gongyuan.txt", "壬江市公园年卡办理须知",
                        "壬江市公园年卡每张100元，可在各公园售票处办理。",
                        "壬江市公园年卡当年有效，过期作废。");
        Files.writeString(corpus.articles().resolve("jumin_yibao.meta.yaml"), "region: 辛川市\n");
    }

    @AfterAll
    static void close() {
        corpus.close();
    }

    @Test
    void should_not_answer_a_question_about_another_place_from_a_document_filed_for_one() {
        Answer other = corpus.ask("壬江城乡居民医保每年个人交多少钱？");
        Answer unnamed = corpus.ask("城乡居民医保每年个人交多少钱？");

        assertThat(other.outcome()).isEqualTo(Answer.Outcome.DECLINED);
        // Whether the fitted models are confident of the unnamed question varies with their fit; it is not declined.
        assertThat(unnamed.outcome()).isIn(Answer.Outcome.ANSWERED, Answer.Outcome.RELATED);
        assertThat(shown(unnamed)).contains("每人380元");
    }
}
