package org.policybot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.retrieval.index.IndexService;
import org.policybot.retrieval.index.LiveIndex;
import org.policybot.retrieval.ingest.Chunker;
import org.policybot.retrieval.search.HybridSearcher;
import org.policybot.retrieval.search.Lexicon;
import org.policybot.retrieval.search.SearchResult;

/**
 * A rebuild swapped in between searching and composing must not mix two generations in one
 * answer: the search result carries the corpus of the generation it searched, and the answer
 * quotes that one.
 */
class GenerationSwapTest {

    @Test
    void should_compose_from_the_generation_searched_when_another_is_swapped_in_before_composing(@TempDir Path dir)
            throws Exception {
        Path first = Files.createDirectories(dir.resolve("first"));
        Files.writeString(first.resolve("a.txt"), "丁原市换领社保卡须知\n\n丁原市社保卡换领不收取工本费，到任一社保窗口办理。\n");
        Path second = Files.createDirectories(dir.resolve("second"));
        Files.writeString(second.resolve("a.txt"), "丁原市换领社保卡须知\n\n丁原市社保卡换领收取工本费20元，到区社保大厅办理。\n");
        Path root = dir.resolve("index");
        try (IndexService before = new IndexService(first, root, dir.resolve("v.bin"), Optional::empty, new Chunker());
             IndexService after = new IndexService(second, root, dir.resolve("v.bin"), Optional::empty, new Chunker())) {
            LiveIndex live = before.ensureFresh();
            HybridSearcher searcher = new HybridSearcher(live, Lexicon.bundled(), Optional.empty(), HybridSearcher.Options.defaults(false));
            SearchResult searched = searcher.search("丁原市换社保卡要交工本费吗", List.of(), 6);

            after.rebuild();
            live.refresh();
            ExtractiveComposer composer = new ExtractiveComposer(searcher.models(), Clock.systemUTC(), searcher::embed);
            Composition c = composer.compose(searched, SourceTexts.load(searched.corpus().source().orElseThrow()));

            assertThat(searcher.corpus().generation()).isNotEqualTo(searched.corpus().generation());
            assertThat(c.pieces()).isNotEmpty().allSatisfy(p -> {
                assertThat(p.sentence()).doesNotContain("20元");
                assertThat(searched.corpus().passages()).contains(p.passage());
            });
        }
    }
}
