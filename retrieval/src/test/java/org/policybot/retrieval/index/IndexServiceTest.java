package org.policybot.retrieval.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.retrieval.BundledArticles;
import org.policybot.retrieval.embed.Embedder;
import org.policybot.retrieval.ingest.Chunker;
import org.policybot.retrieval.search.HybridSearcher;
import org.policybot.retrieval.search.Lexicon;
import org.policybot.retrieval.search.SearchResult;

/** The index lifecycle on disk: first build, staleness, atomic swap, failures that keep the old index serving. */
class IndexServiceTest {

    @TempDir
    Path dir;

    Path articles;
    Path indexRoot;

    @BeforeEach
    void copyArticles() throws IOException {
        articles = Files.createDirectories(dir.resolve("articles"));
        try (Stream<Path> files = Files.list(BundledArticles.dir())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).toList()) {
                Files.copy(f, articles.resolve(f.getFileName()));
            }
        }
        indexRoot = dir.resolve("data/index");
    }

    IndexService service(Optional<Embedder> embedder) {
        return new IndexService(articles, indexRoot, dir.resolve("data/vectors.bin"), () -> embedder, new Chunker());
    }

    static SearchResult search(LiveIndex live, String q) {
        return new HybridSearcher(live, Lexicon.bundled(), Optional.empty(), HybridSearcher.Options.defaults(false)).search(q, 5);
    }

    @Test
    void should_build_the_index_on_first_use_when_it_is_missing() {
        try (IndexService s = service(Optional.empty())) {
            LiveIndex live = s.ensureFresh();

            assertThat(live.generation().articles()).hasSizeGreaterThan(20);
            assertThat(live.generation().passages()).hasSizeGreaterThan(200);
            assertThat(Files.exists(indexRoot.resolve("CURRENT"))).isTrue();
            assertThat(search(live, "12333热线").hits()).isNotEmpty();
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"scan.pdf", "scan.png"})
    void should_read_a_scan_again_once_tesseract_is_there(String file) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.policybot.retrieval.ingest.TestDocuments.chineseFont().isPresent()
                && org.policybot.retrieval.ingest.TestDocuments.tesseractWithChinese(), "needs the WenQuanYi font and Tesseract with chi_sim");
        // given: a scanned notice (a PDF page or an image) indexed while Tesseract was missing
        java.util.List<String> notice = java.util.List.of("青禾县取暖补贴通知", "低保家庭每户每月取暖补贴一百五十元。");
        if (file.endsWith(".pdf")) {
            org.policybot.retrieval.ingest.TestDocuments.scannedPdf(articles.resolve(file), notice);
        } else {
            org.policybot.retrieval.ingest.TestDocuments.scannedImage(articles.resolve(file), notice, "png");
        }
        String first;
        try (IndexService s = new IndexService(articles, indexRoot, dir.resolve("data/vectors.bin"), Optional::empty, new Chunker(),
                org.policybot.retrieval.ingest.ArticleReader.Limits.DEFAULT,
                new org.policybot.retrieval.ingest.Ocr(dir.resolve("missing/tesseract").toString()))) {
            LiveIndex live = s.ensureFresh();
            first = live.generation().name();
            assertThat(live.generation().articles().values()).noneMatch(a -> a.file().equals(file));
        }

        // when: it is installed, the files unchanged
        try (IndexService s = service(Optional.empty())) {
            LiveIndex live = s.ensureFresh();

            // then: the folder is read again, the scan with it
            assertThat(live.generation().name()).isNotEqualTo(first);
            assertThat(live.generation().articles().values()).anyMatch(a -> a.file().equals(file) && a.fromOcr());
        }
    }

    @Test
    void should_not_rebuild_when_the_articles_did_not_change() {
        String first;
        try (IndexService s = service(Optional.empty())) {
            first = s.ensureFresh().generation().name();
        }
        try (IndexService s = service(Optional.empty())) {
            assertThat(s.ensureFresh().generation().name()).isEqualTo(first);
        }
    }

    @Test
    void should_rebuild_on_first_use_when_an_article_changed() throws IOException {
        String first;
        try (IndexService s = service(Optional.empty())) {
            first = s.ensureFresh().generation().name();
        }
        Files.writeString(articles.resolve("005_new.txt"), "# 新增文章标题\n\n海南自贸港新设一处口岸，编号为甲乙丙丁。\n");

        try (IndexService s = service(Optional.empty())) {
            LiveIndex live = s.ensureFresh();

            assertThat(live.generation().name()).isNotEqualTo(first);
            assertThat(search(live, "甲乙丙丁").hits().get(0).passage().file()).isEqualTo("005_new.txt");
        }
    }

    @Test
    void should_keep_the_old_index_serving_when_a_rebuild_reads_no_article() throws IOException {
        try (IndexService s = service(Optional.empty())) {
            LiveIndex live = s.ensureFresh();
            String before = live.generation().name();
            String pointer = Files.readString(indexRoot.resolve("CURRENT"));
            try (Stream<Path> files = Files.list(articles)) {
                for (Path f : files.toList()) {
                    Files.write(f, "乱码".getBytes(Charset.forName("GBK")));
                }
            }

            assertThatThrownBy(s::rebuild).isInstanceOf(IndexException.class).hasMessageContaining("no article could be read");

            assertThat(live.generation().name()).isEqualTo(before);
            assertThat(Files.readString(indexRoot.resolve("CURRENT"))).isEqualTo(pointer);
            assertThat(search(live, "12333热线").hits()).isNotEmpty();
            assertThat(listGenerations()).hasSize(1);
        }
    }

    @Test
    void should_skip_an_unreadable_article_and_index_the_others() throws IOException {
        Files.write(articles.resolve("999_gbk.txt"), "# 标题\n\n正文。\n".getBytes(Charset.forName("GBK")));
        try (IndexService s = service(Optional.empty())) {
            IndexService.BuildResult r = s.rebuild();

            assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.file()).isEqualTo("999_gbk.txt"));
            assertThat(r.articles()).isGreaterThan(20);
        }
    }

    @Test
    void should_skip_an_article_file_that_cannot_be_opened_and_index_the_others() throws IOException {
        // given
        Path locked = Files.writeString(articles.resolve("999_locked.txt"), "# 标题\n\n正文，说明情况。\n");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            assumeThat(Files.isReadable(locked)).as("the tests run as a user who can read any file").isFalse();

            try (IndexService s = service(Optional.empty())) {
                // when
                LiveIndex live = s.ensureFresh();
                IndexService.BuildResult r = s.rebuild();

                // then
                assertThat(live.generation().articles()).hasSizeGreaterThan(20);
                assertThat(r.problems()).singleElement().satisfies(p -> {
                    assertThat(p.file()).isEqualTo("999_locked.txt");
                    assertThat(p.message()).contains("cannot be read");
                });
            }
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void should_skip_an_article_file_too_large_to_read_and_index_the_others() throws IOException {
        // given: a 3 GB file (sparse: it takes no disk space), larger than any array can hold
        try (RandomAccessFile huge = new RandomAccessFile(articles.resolve("999_huge.txt").toFile(), "rw")) {
            huge.setLength(3L << 30);
        }

        try (IndexService s = service(Optional.empty())) {
            // when
            LiveIndex live = s.ensureFresh();
            IndexService.BuildResult r = s.rebuild();

            // then
            assertThat(live.generation().articles()).hasSizeGreaterThan(20);
            assertThat(r.problems()).singleElement().satisfies(p -> {
                assertThat(p.file()).isEqualTo("999_huge.txt");
                assertThat(p.message()).contains("larger than");
            });
        }
    }

    @Test
    void should_index_both_files_when_a_txt_and_an_md_file_share_a_name() throws IOException {
        // given
        Files.writeString(articles.resolve("005_note.md"), "# 笔记\n\n笔记里写着独一无二的词语甲乙丙丁。\n");
        Files.writeString(articles.resolve("005_note.txt"), "# 文本\n\n文本里写着独一无二的词语戊己庚辛。\n");

        try (IndexService s = service(Optional.empty())) {
            // when
            LiveIndex live = s.ensureFresh();

            // then
            assertThat(search(live, "甲乙丙丁").hits().get(0).passage().file()).isEqualTo("005_note.md");
            assertThat(search(live, "戊己庚辛").hits().get(0).passage().file()).isEqualTo("005_note.txt");
            assertThat(live.generation().passages()).extracting(p -> p.file())
                    .contains("005_note.md", "005_note.txt");
        }
    }

    @Test
    void should_let_a_running_server_pick_up_a_rebuild_made_by_another_process() throws IOException {
        try (IndexService server = service(Optional.empty())) {
            LiveIndex live = server.ensureFresh();
            String before = live.generation().name();
            Files.writeString(articles.resolve("005_new.txt"), "# 另一篇\n\n新闻里出现了独一无二的词语戊己庚辛。\n");
            try (IndexService cli = service(Optional.empty())) {
                cli.rebuild();
            }

            live.refresh();

            assertThat(live.generation().name()).isNotEqualTo(before);
            assertThat(search(live, "戊己庚辛").hits()).isNotEmpty();
        }
    }

    @Test
    void should_build_without_opening_in_a_process_that_has_no_generation_open_and_a_server_opens_it()
            throws IOException {
        try (IndexService server = service(Optional.empty())) {
            LiveIndex live = server.ensureFresh();
            Files.writeString(articles.resolve("005_new.txt"), "# 另一篇\n\n新闻里出现了独一无二的词语壬癸子丑。\n");

            // when: a process that only builds builds
            IndexService.BuildResult built;
            try (IndexService cli = service(Optional.empty())) {
                built = cli.build(BuildProgress.NONE);

                // then: it left the generation unopened here ...
                assertThatThrownBy(cli::live).isInstanceOf(IndexException.class).hasMessageContaining("not open");
            }
            // ... CURRENT names it, and the server opens it
            live.refresh();
            assertThat(live.generation().articles()).hasSize(built.articles());
            assertThat(Files.readString(indexRoot.resolve("CURRENT")).strip()).isEqualTo(live.generation().name());
            assertThat(search(live, "壬癸子丑").hits()).isNotEmpty();

            // and a process with a generation open opens what it builds
            Files.writeString(articles.resolve("006_new.txt"), "# 第三篇\n\n又一个独一无二的词语寅卯辰巳。\n");
            server.build(BuildProgress.NONE);
            assertThat(search(server.live(), "寅卯辰巳").hits()).isNotEmpty();
        }
    }

    @Test
    void should_finish_a_search_in_flight_on_the_old_generation_during_a_swap() throws IOException {
        try (IndexService s = service(Optional.empty())) {
            LiveIndex live = s.ensureFresh();
            List<Integer> seen = new ArrayList<>();

            live.withSnapshot(snapshot -> {
                s.rebuild();
                seen.add(snapshot.searcher().getIndexReader().numDocs());
                return null;
            });

            assertThat(seen).singleElement().satisfies(n -> assertThat(n).isGreaterThan(200));
            assertThat(search(live, "12333热线").hits()).isNotEmpty();
        }
    }

    @Test
    void should_embed_only_passages_whose_text_changed_when_rebuilding() throws IOException {
        CountingEmbedder embedder = new CountingEmbedder();
        try (IndexService s = service(Optional.of(embedder))) {
            IndexService.BuildResult first = s.rebuild();
            Files.writeString(articles.resolve("005_new.txt"), "# 新增\n\n一段新的正文，说明情况。\n");
            IndexService.BuildResult second = s.rebuild();

            // Every passage and every sentence long enough has a vector; the new file adds one passage of one sentence.
            assertThat(first.vectorsComputed()).isGreaterThan(first.passages());
            assertThat(second.vectorsComputed()).isEqualTo(2);
            assertThat(second.vectorsCached()).isGreaterThanOrEqualTo(first.vectorsComputed());
            assertThat(s.live().generation().hasVectors()).isTrue();
        }
    }

    @Test
    void should_keep_a_complete_rebuild_in_service_when_the_vector_cache_cannot_be_saved() throws IOException {
        // given: a plain file where the vector cache folder should be, so the cache cannot be written
        Path blocked = Files.writeString(Files.createDirectories(dir.resolve("data")).resolve("vectors"), "not a folder");
        CountingEmbedder embedder = new CountingEmbedder();

        try (IndexService s = new IndexService(articles, indexRoot, blocked.resolve("passages.bin"), () -> Optional.of(embedder),
                new Chunker())) {
            // when
            IndexService.BuildResult r = s.rebuild();

            // then
            String current = Files.readString(indexRoot.resolve("CURRENT")).strip();
            assertThat(r.passages()).isGreaterThan(200);
            assertThat(indexRoot.resolve(current)).isDirectory();
            assertThat(s.live().generation().name()).isEqualTo(current);
            assertThat(s.live().generation().hasVectors()).isTrue();
        }
    }

    @Test
    void should_rebuild_on_first_use_when_the_generation_in_service_cannot_be_opened() throws IOException {
        // given: CURRENT names a generation whose stored articles are damaged
        try (IndexService s = service(Optional.empty())) {
            s.ensureFresh();
        }
        String damaged = LiveIndexTest.damagedGeneration(new IndexLayout(indexRoot)).getFileName().toString();

        try (IndexService s = service(Optional.empty())) {
            // when
            LiveIndex live = s.ensureFresh();

            // then
            assertThat(live.generation().name()).isNotEqualTo(damaged);
            assertThat(Files.readString(indexRoot.resolve("CURRENT")).strip()).isEqualTo(live.generation().name());
            assertThat(search(live, "12333热线").hits()).isNotEmpty();
        }
    }

    /**
     * Overwrites part of every index file of a generation in place, as a stray write or a
     * failing disk would: the files keep their names and sizes, their bytes change.
     */
    static void overwriteIndexFiles(Path generation) throws IOException {
        java.util.Random random = new java.util.Random(42);
        try (Stream<Path> files = Files.list(generation)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith("segments") || name.equals("write.lock") || name.equals(VectorFile.NAME)) {
                    continue;
                }
                try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                    long length = raf.length();
                    byte[] junk = new byte[(int) Math.max(1, length / 2)];
                    random.nextBytes(junk);
                    raf.seek(length / 4);
                    raf.write(junk);
                }
            }
        }
    }

    static ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> captureLogs(Class<?> of) {
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(of)).addAppender(appender);
        return appender;
    }

    static void stopCapturing(Class<?> of, ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> a) {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(of)).detachAppender(a);
    }

    @Test
    void should_serve_the_earlier_generation_and_rebuild_in_the_background_when_the_live_one_is_overwritten()
            throws Exception {
        // given: a server on its second generation, watching the index
        var warnings = captureLogs(LiveIndex.class);
        java.util.concurrent.ScheduledExecutorService watcher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (IndexService s = service(Optional.empty())) {
            s.rebuild();
            String earlier = Files.readString(indexRoot.resolve("CURRENT")).strip();
            s.rebuild();
            LiveIndex live = s.ensureFresh();
            String damaged = live.generation().name();
            HybridSearcher searcher = new HybridSearcher(live, Lexicon.bundled(), Optional.empty(),
                    HybridSearcher.Options.defaults(false));
            assertThat(searcher.search("12333热线", 5).hits()).isNotEmpty();
            s.watch(watcher, 200);

            // when: the live generation's files are overwritten while it serves
            overwriteIndexFiles(indexRoot.resolve(damaged));
            int failed = 0;
            SearchResult answered = null;
            for (int i = 0; i < 10 && answered == null; i++) {
                try {
                    answered = searcher.search("12333热线", 5);
                } catch (RuntimeException e) {
                    failed++;
                }
            }

            // then: a few searches fail, then the earlier generation answers, and a fresh one is built beside it
            assertThat(answered).as("a search answered after %d failures", failed).isNotNull();
            assertThat(answered.hits()).isNotEmpty();
            assertThat(failed).isLessThan(LiveIndex.FAILURES_BEFORE_CHECK);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while ((live.needsRebuild() || List.of(damaged, earlier).contains(live.generation().name()))
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(live.needsRebuild()).as("rebuilt within 30 s").isFalse();
            assertThat(Files.readString(indexRoot.resolve("CURRENT")).strip()).isEqualTo(live.generation().name());
            assertThat(indexRoot.resolve(damaged)).doesNotExist();
            assertThat(searcher.search("12333热线", 5).hits()).isNotEmpty();
            assertThat(warnings.list).filteredOn(e -> e.getFormattedMessage().contains("is damaged")).singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).contains(damaged).contains(earlier));
        } finally {
            watcher.shutdownNow();
            stopCapturing(LiveIndex.class, warnings);
        }
    }

    @Test
    void should_open_the_earlier_generation_and_build_a_fresh_one_when_the_current_one_fails_its_checksums()
            throws IOException {
        // given: two generations on disk, the current one overwritten while no server ran
        String damaged;
        try (IndexService s = service(Optional.empty())) {
            s.rebuild();
            s.rebuild();
            damaged = Files.readString(indexRoot.resolve("CURRENT")).strip();
        }
        overwriteIndexFiles(indexRoot.resolve(damaged));

        try (IndexService s = service(Optional.empty())) {
            // when
            LiveIndex live = s.ensureFresh();

            // then
            assertThat(live.generation().name()).isNotEqualTo(damaged);
            assertThat(live.needsRebuild()).isFalse();
            assertThat(Files.readString(indexRoot.resolve("CURRENT")).strip()).isEqualTo(live.generation().name());
            assertThat(indexRoot.resolve(damaged)).doesNotExist();
            assertThat(search(live, "12333热线").hits()).isNotEmpty();
        }
    }

    @Test
    void should_remove_the_folders_of_builds_killed_before_their_swap_at_the_next_start() throws IOException {
        // given: a complete index, and two folders newer than it, as killed builds leave them
        String current;
        try (IndexService s = service(Optional.empty())) {
            current = s.ensureFresh().generation().name();
        }
        Path empty = Files.createDirectories(indexRoot.resolve("gen-9999999999998"));
        Path halfWritten = Files.createDirectories(indexRoot.resolve("gen-9999999999999"));
        Files.write(halfWritten.resolve("_0.cfs"), new byte[4096]);

        // when: a build holds the lock, the folders may be its work: they stay
        IndexLayout layout = new IndexLayout(indexRoot);
        try (IndexLayout.Lock building = layout.tryLock(); IndexService s = service(Optional.empty())) {
            assertThat(building).isNotNull();
            s.ensureFresh();
            assertThat(empty).exists();
            assertThat(halfWritten).exists();
        }

        // when: the next start with no build running
        try (IndexService s = service(Optional.empty())) {
            LiveIndex live = s.ensureFresh();

            // then: they are gone, and the index in service was neither touched nor rebuilt
            assertThat(empty).doesNotExist();
            assertThat(halfWritten).doesNotExist();
            assertThat(live.generation().name()).isEqualTo(current);
            assertThat(indexRoot.resolve(current)).isDirectory();
        }
    }

    @Test
    void should_say_that_the_articles_folder_does_not_exist() {
        articles = dir.resolve("no-such-folder");

        try (IndexService s = service(Optional.empty())) {
            assertThatThrownBy(s::ensureFresh).isInstanceOf(ArticlesFolderException.class)
                    .hasMessage("the articles folder " + articles + " does not exist");
            assertThatThrownBy(s::rebuild).isInstanceOf(ArticlesFolderException.class)
                    .hasMessage("the articles folder " + articles + " does not exist");
        }
    }

    @Test
    void should_say_that_the_articles_folder_is_not_a_folder() throws IOException {
        articles = Files.writeString(dir.resolve("articles.txt"), "# 标题\n\n正文。\n");

        try (IndexService s = service(Optional.empty())) {
            assertThatThrownBy(s::ensureFresh).isInstanceOf(ArticlesFolderException.class)
                    .hasMessage("the articles folder " + articles + " is not a folder");
        }
    }

    @Test
    void should_say_why_the_articles_folder_cannot_be_read() throws IOException {
        Files.setPosixFilePermissions(articles, PosixFilePermissions.fromString("---------"));
        try {
            assumeThat(Files.isReadable(articles)).as("the tests run as a user who can read any folder").isFalse();

            try (IndexService s = service(Optional.empty())) {
                assertThatThrownBy(s::ensureFresh).isInstanceOf(IndexException.class)
                        .isNotInstanceOf(ArticlesFolderException.class)
                        .hasMessage("the articles folder " + articles + " cannot be read: permission denied");
            }
        } finally {
            Files.setPosixFilePermissions(articles, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void should_keep_serving_the_existing_index_when_the_articles_folder_is_emptied() throws IOException {
        // given
        String built;
        try (IndexService s = service(Optional.empty())) {
            built = s.ensureFresh().generation().name();
        }
        try (Stream<Path> files = Files.list(articles)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }

        try (IndexService s = service(Optional.empty())) {
            // when
            LiveIndex live = s.ensureFresh();

            // then
            assertThat(live.generation().name()).isEqualTo(built);
            assertThat(search(live, "12333热线").hits()).isNotEmpty();
        }
    }

    @Test
    void should_keep_serving_the_existing_index_when_the_articles_folder_is_gone() throws IOException {
        // given
        String built;
        try (IndexService s = service(Optional.empty())) {
            built = s.ensureFresh().generation().name();
        }
        Files.move(articles, dir.resolve("moved-away"));

        try (IndexService s = service(Optional.empty())) {
            // when
            LiveIndex live = s.ensureFresh();

            // then
            assertThat(live.generation().name()).isEqualTo(built);
            assertThat(search(live, "12333热线").hits()).isNotEmpty();
        }
    }

    @Test
    void should_answer_every_search_from_one_generation_while_rebuilds_swap_generations() throws Exception {
        // given: one article whose two sections trade places in every rebuild, so the passage
        // asked about has a different doc id, passage id and text in consecutive generations
        Path race = Files.createDirectories(dir.resolve("race"));
        String[] versions = {raceArticle("版本甲", "戊己庚辛", "壬癸子丑"), raceArticle("版本乙", "壬癸子丑", "戊己庚辛")};
        Files.writeString(race.resolve("race.txt"), versions[0]);
        try (IndexService s = new IndexService(race, indexRoot, dir.resolve("data/vectors.bin"), Optional::empty, new Chunker())) {
            LiveIndex live = s.ensureFresh();
            assertThat(live.generation().passages()).hasSize(2);
            HybridSearcher searcher = new HybridSearcher(live, Lexicon.bundled(), Optional.empty(),
                    HybridSearcher.Options.defaults(false));
            AtomicBoolean rebuilding = new AtomicBoolean(true);
            CompletableFuture<Integer> rebuilds = CompletableFuture.supplyAsync(() -> {
                try {
                    int n = 0;
                    for (; n < 20; n++) {
                        Files.writeString(race.resolve("race.txt"), versions[(n + 1) % 2]);
                        s.rebuild();
                    }
                    return n;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    rebuilding.set(false);
                }
            });

            // when: searches run on this thread while the other one rebuilds
            List<String> wrong = new ArrayList<>();
            Set<String> versionsSeen = new HashSet<>();
            int searches = 0;
            while (rebuilding.get()) {
                SearchResult r = searcher.search("戊己庚辛", 1);
                searches++;
                for (var hit : r.hits()) {
                    if (hit.passage() == null || !hit.passage().text().contains("戊己庚辛")) {
                        wrong.add(hit.passage() == null ? "null passage" : hit.passage().id() + ": " + hit.passage().text());
                    } else {
                        versionsSeen.add(hit.passage().text().contains("版本甲") ? "甲" : "乙");
                    }
                }
            }

            // then
            assertThat(rebuilds.get()).isEqualTo(20);
            assertThat(searches).isGreaterThan(20);
            assertThat(versionsSeen).containsExactlyInAnyOrder("甲", "乙");
            assertThat(wrong).as("hits not about the question, out of %d searches", searches).isEmpty();
        }
    }

    private static String raceArticle(String version, String first, String second) {
        return "# 竞态测试文章\n\n## 第一部分\n\n" + version + "第一部分写着独一无二的词语" + first + "。\n\n"
                + "## 第二部分\n\n" + version + "第二部分写着独一无二的词语" + second + "。\n";
    }

    private List<Path> listGenerations() throws IOException {
        try (Stream<Path> s = Files.list(indexRoot)) {
            return s.filter(p -> p.getFileName().toString().startsWith("gen-")).toList();
        }
    }

    /** A deterministic embedder that counts how many passages it embedded (the model is an I/O seam). */
    static final class CountingEmbedder implements Embedder {
        final AtomicInteger embedded = new AtomicInteger();

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public int dimensions() {
            return 8;
        }

        @Override
        public List<float[]> embedPassages(List<String> texts) {
            embedded.addAndGet(texts.size());
            return texts.stream().map(CountingEmbedder::vector).toList();
        }

        @Override
        public float[] embedQuery(String query) {
            return vector(query);
        }

        static float[] vector(String text) {
            float[] v = new float[8];
            for (int i = 0; i < text.length(); i++) {
                v[i % 8] += text.charAt(i) % 17;
            }
            double norm = 0;
            for (float f : v) {
                norm += f * f;
            }
            for (int i = 0; i < 8; i++) {
                v[i] /= (float) Math.sqrt(norm == 0 ? 1 : norm);
            }
            return v;
        }
    }
}
