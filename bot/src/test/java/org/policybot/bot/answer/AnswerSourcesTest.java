package org.policybot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.TestSettings;
import org.policybot.retrieval.index.IndexService;
import org.policybot.retrieval.ingest.Chunker;
import org.policybot.retrieval.search.HybridSearcher;
import org.policybot.retrieval.search.Lexicon;

/** Quotes are checked against the folder the index in service was built from. */
class AnswerSourcesTest {

    @Test
    void should_quote_from_the_folder_the_index_was_built_from_not_the_configured_one(@TempDir Path dir) throws IOException {
        // given: an index built from another folder (as `chatbot index --articles DIR` does)
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("green.txt"), "# 我市开通退役军人社保接续绿色通道\n\n"
                + "市人社局在政务服务中心开通绿色通道，退役军人可在一个窗口办理养老、医疗和失业保险的接续手续。\n\n"
                + "绿色通道每周一至周五开放，今年以来已为120名退役军人办理接续业务。\n");
        try (IndexService index = new IndexService(other, dir.resolve("index"), dir.resolve("vectors.bin"), Optional::empty,
                new Chunker())) {
            HybridSearcher searcher = new HybridSearcher(index.ensureFresh(), Lexicon.bundled(), Optional.empty(),
                    HybridSearcher.Options.defaults(false));
            DefaultAnswerService service = new DefaultAnswerService(searcher, Optional.empty(), null, TestSettings.bundledArticles());

            // when
            Answer a = service.answer(Question.of("绿色通道今年为多少名退役军人办理了接续？"));

            // then
            assertThat(a.declined()).isFalse();
            assertThat(a.citations()).extracting(Citation::file).containsOnly("green.txt");
            assertThat(a.citations()).anySatisfy(c -> assertThat(c.quote()).contains("120名退役军人"));
        }
    }
}
