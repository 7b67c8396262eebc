package org.policybot.retrieval.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.ReadCache.FileResult;

/** The parse cache's pack: what is kept comes back whole, and what a read no longer uses goes. */
class ParseCacheTest {

    @TempDir
    Path dir;

    static String key(int i) {
        return String.format("%064x", i + 1);
    }

    static FileResult result(int i) {
        Article a = new Article("doc" + i + "-0", "doc" + i + ".docx", 3, "溪口镇第" + i + "号通知", "副题", "",
                Optional.of(LocalDate.of(2025, 3, 1 + i % 28)), "溪口镇政府",
                List.of(new Article.Section("", List.of(new Article.Paragraph("自即日起，村民可到便民中心办理。", 5))),
                        new Article.Section("二、材料", List.of(new Article.Paragraph("身份证原件。", 9),
                                new Article.Paragraph("户口簿😀与𠀀字。", 10)))),
                Map.of("region", "溪口镇", "expires", "2027-12-31"));
        return new FileResult(List.of(a), i % 2 == 0 ? "提取的全文\n第二行" : null, List.of("metadata: 第" + i + "行无法识别"),
                null);
    }

    static Set<String> keys(int from, int to) {
        return IntStream.range(from, to).mapToObj(ParseCacheTest::key).collect(Collectors.toSet());
    }

    @Test
    void should_give_back_every_field_of_what_it_kept() {
        ParseCache cache = new ParseCache(dir);
        FileResult failed = new FileResult(List.of(), null, List.of(), "encrypted PDF: no password");
        cache.keep(key(0), result(0));
        cache.keep(key(1), result(1));
        cache.keep(key(2), failed);
        cache.retain(keys(0, 3));

        ParseCache later = new ParseCache(dir);

        assertThat(later.find(key(0))).contains(result(0));
        assertThat(later.find(key(1))).contains(result(1));
        assertThat(later.find(key(2))).contains(failed);
        assertThat(later.find(key(3))).isEmpty();
    }

    @Test
    void should_append_a_changed_file_and_keep_the_stale_record_until_a_quarter_are_stale() throws IOException {
        ParseCache cache = new ParseCache(dir);
        IntStream.range(0, 8).forEach(i -> cache.keep(key(i), result(i)));
        cache.retain(keys(0, 8));
        Path pack = dir.resolve(Corpora.FORMAT).resolve(ParseCache.PACK);
        byte[] first = Files.readAllBytes(pack);

        // one file changed: its new result is appended after the eight records, which stay as written
        cache.keep(key(8), result(8));
        Set<String> used = new HashSet<>(keys(1, 9));
        cache.retain(used);
        byte[] second = Files.readAllBytes(pack);

        assertThat(second.length).isGreaterThan(first.length);
        assertThat(java.util.Arrays.copyOf(second, first.length)).isEqualTo(first);
        assertThat(cache.storedKeys()).isEqualTo(keys(0, 9));

        // three stale records of nine are more than a quarter: the pack is written with the used ones only
        cache.retain(keys(3, 9));
        assertThat(cache.storedKeys()).isEqualTo(keys(3, 9));
        assertThat(new ParseCache(dir).find(key(5))).contains(result(5));
    }

    @Test
    void should_move_entries_of_the_earlier_form_into_the_pack() throws IOException {
        Path folder = Files.createDirectories(dir.resolve(Corpora.FORMAT));
        ParseCache.Stored stored = new ParseCache.Stored(result(4).articles().stream().map(ArticleJson.Stored::of).toList(),
                result(4).extracted(), result(4).problems(), null);
        Path legacy = folder.resolve(key(4) + ".json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(legacy))) {
            new ObjectMapper().writeValue(out, stored);
        }
        ParseCache cache = new ParseCache(dir);

        assertThat(cache.find(key(4))).contains(result(4));
        cache.retain(Set.of(key(4)));

        assertThat(legacy).doesNotExist();
        assertThat(cache.storedKeys()).containsExactly(key(4));
        assertThat(new ParseCache(dir).find(key(4))).contains(result(4));
    }

    @Test
    void should_keep_what_another_process_saved_while_this_one_was_reading() {
        ParseCache one = new ParseCache(dir);
        one.keep(key(0), result(0));
        one.retain(keys(0, 1));
        // both look at the pack; the other saves first
        assertThat(one.find(key(0))).isPresent();
        ParseCache other = new ParseCache(dir);
        assertThat(other.find(key(0))).isPresent();
        other.keep(key(1), result(1));
        other.retain(keys(0, 2));

        one.keep(key(2), result(2));
        one.retain(keys(0, 3));

        assertThat(one.storedKeys()).isEqualTo(keys(0, 3));
        ParseCache fresh = new ParseCache(dir);
        IntStream.range(0, 3).forEach(i -> assertThat(fresh.find(key(i))).contains(result(i)));
    }

    @Test
    void should_keep_what_two_caches_of_one_process_save_at_the_same_time() throws Exception {
        for (int round = 0; round < 10; round++) {
            // given: two caches on one folder, each with half of the results a read used
            Path folder = dir.resolve("round" + round);
            ParseCache one = new ParseCache(folder);
            ParseCache other = new ParseCache(folder);
            IntStream.range(0, 20).forEach(i -> (i % 2 == 0 ? one : other).keep(key(i), result(i)));

            // when: both save at once
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                List<java.util.concurrent.Future<?>> saves = List.of(one, other).stream()
                        .map(cache -> threads.submit(() -> {
                            start.await();
                            cache.retain(keys(0, 20));
                            return null;
                        })).collect(Collectors.toList());
                for (java.util.concurrent.Future<?> save : saves) {
                    save.get();
                }
            } finally {
                threads.shutdown();
            }

            // then: the pack holds both halves
            assertThat(new ParseCache(folder).storedKeys()).as("round " + round).isEqualTo(keys(0, 20));
        }
    }

    @Test
    void should_start_afresh_from_a_file_that_is_not_a_pack() throws IOException {
        Path folder = Files.createDirectories(dir.resolve(Corpora.FORMAT));
        Files.writeString(folder.resolve(ParseCache.PACK), "not a pack at all");
        ParseCache cache = new ParseCache(dir);

        assertThat(cache.find(key(0))).isEmpty();
        cache.keep(key(0), result(0));
        cache.retain(keys(0, 1));

        assertThat(new ParseCache(dir).find(key(0))).contains(result(0));
    }
}
