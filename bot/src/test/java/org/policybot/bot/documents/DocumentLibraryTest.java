package org.policybot.bot.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.retrieval.index.IndexService;
import org.policybot.retrieval.ingest.Chunker;
import org.policybot.retrieval.search.HybridSearcher;
import org.policybot.retrieval.search.Lexicon;

/** The articles folder changed by staff, over a real index in a temporary folder. */
class DocumentLibraryTest {

    @TempDir
    Path dir;

    Path articles;
    IndexService index;
    DocumentLibrary library;

    @BeforeEach
    void open() throws Exception {
        articles = Files.createDirectories(dir.resolve("articles"));
        Files.writeString(articles.resolve("a.txt"), "甲县通知\n\n甲县参保人员可以在线查询养老保险缴费记录。\n");
        Files.writeString(articles.resolve("b.txt"), "乙县通知\n\n乙县参保人员可以在线申请医疗保险关系转移。\n");
        openLibrary();
    }

    /** As the server does: the index opened (built when stale) once, the searcher following its rebuilds. */
    private void openLibrary() {
        index = new IndexService(articles, dir.resolve("index"), dir.resolve("vectors.bin"), Optional::empty, new Chunker());
        HybridSearcher searcher = new HybridSearcher(index.ensureFresh(), Lexicon.bundled(), Optional.empty(),
                HybridSearcher.Options.defaults(false));
        library = new DocumentLibrary(index, searcher::corpus, dir.resolve("uploads"));
    }

    @AfterEach
    void close() {
        index.close();
    }

    private DocumentLibrary.Upload upload(String name, String text) throws Exception {
        Path received = library.receivingFolder().resolve("part");
        Files.writeString(received, text);
        return new DocumentLibrary.Upload(name, received);
    }

    @Test
    void should_put_the_folder_back_when_the_rebuild_fails() throws Exception {
        // given: the index folder cannot take a new generation
        index.ensureFresh();
        Path indexRoot = dir.resolve("index");
        Files.move(indexRoot, dir.resolve("index-away"));
        Files.writeString(indexRoot, "not a folder");
        List<DocumentLibrary.Upload> uploads = List.of(upload("a.txt", "甲县新通知\n\n甲县参保人员可以在手机上查询缴费记录。\n"),
                upload("c.txt", "丙县通知\n\n丙县参保人员可以在线领取社保卡。\n"));

        // when / then
        assertThatThrownBy(() -> library.add(uploads)).isInstanceOf(DocumentLibrary.ChangeFailed.class);
        assertThat(Files.readString(articles.resolve("a.txt"))).contains("甲县参保人员可以在线查询");
        assertThat(articles.resolve("c.txt")).doesNotExist();
        assertThatThrownBy(() -> library.remove("b.txt")).isInstanceOf(DocumentLibrary.ChangeFailed.class);
        assertThat(articles.resolve("b.txt")).exists();
        try (var left = Files.list(dir.resolve("uploads"))) {
            assertThat(left.filter(p -> !p.getFileName().toString().startsWith("receive-")).toList()).isEmpty();
        }
    }

    @Test
    void should_remove_a_stem_sidecar_only_when_no_other_file_shares_the_stem() throws Exception {
        // given
        Files.writeString(articles.resolve("b.md"), "# 乙县说明\n\n乙县参保人员可以在线打印参保证明。\n");
        Files.writeString(articles.resolve("b.meta.yaml"), "title: 乙县通知\n");
        Files.writeString(articles.resolve("b.md.meta.yaml"), "title: 乙县说明\n");
        index.rebuild();

        // when
        library.remove("b.md");

        // then
        assertThat(articles.resolve("b.md.meta.yaml")).doesNotExist();
        assertThat(articles.resolve("b.meta.yaml")).as("b.txt's too").exists();

        // when
        library.remove("b.txt");

        // then
        assertThat(articles.resolve("b.meta.yaml")).doesNotExist();
        assertThatThrownBy(() -> library.remove("a.txt")).isInstanceOf(DocumentLibrary.LastDocument.class);
        assertThatThrownBy(() -> library.remove("b.txt")).isInstanceOf(DocumentLibrary.NoSuchDocument.class);
    }

    @Test
    void should_list_skipped_files_with_the_reason_after_a_restart_and_pending_ones() throws Exception {
        // given: a file the reader skips, and an index reopened by a new process (no build of its own)
        Files.writeString(articles.resolve("empty.txt"), "\n\n");
        Files.write(articles.resolve("table.xlsx"), new byte[] {1, 2});
        index.rebuild();
        index.close();
        openLibrary();
        Thread.sleep(20);
        Files.writeString(articles.resolve("d.txt"), "丁县通知\n\n丁县参保人员可以在线申请失业保险金。\n");

        // when
        List<Listing.Entry> list = library.list();

        // then
        assertThat(list).extracting(Listing.Entry::file).containsExactly("a.txt", "b.txt", "d.txt", "empty.txt", "table.xlsx");
        assertThat(list.get(0).status()).isEqualTo(Listing.Status.INDEXED);
        assertThat(list.get(0).articles()).isNotEmpty();
        assertThat(list.get(2).status()).isEqualTo(Listing.Status.PENDING);
        assertThat(list.get(3).status()).isEqualTo(Listing.Status.SKIPPED);
        assertThat(list.get(3).problems()).containsExactly("no article text found");
        assertThat(list.get(4).problems()).singleElement().asString().contains("unknown type");
    }
}
