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
import org.policybot.bot.store.Database;
import org.policybot.bot.store.TestDatabases;
import org.policybot.retrieval.index.IndexService;
import org.policybot.retrieval.ingest.Chunker;
import org.policybot.retrieval.search.HybridSearcher;
import org.policybot.retrieval.search.Lexicon;

/** Two replicas' articles folders over one PostgreSQL: what one changes through its library, the other follows. */
class DocumentFollowerTest {

    @TempDir
    Path dir;

    Database db;
    Replica a;
    Replica b;

    /** One replica's folder, index and library. */
    record Replica(Path articles, IndexService index, HybridSearcher searcher, DocumentLibrary library) {
    }

    @BeforeEach
    void open() throws Exception {
        db = Database.open(TestDatabases.fresh(TestDatabases.Kind.POSTGRESQL, dir));
        a = replica("a");
        b = replica("b");
    }

    private Replica replica(String name) throws Exception {
        Path articles = Files.createDirectories(dir.resolve(name + "-articles"));
        Files.writeString(articles.resolve("a.txt"), "甲县通知\n\n甲县参保人员可以在线查询养老保险缴费记录。\n");
        Files.writeString(articles.resolve("b.txt"), "乙县通知\n\n乙县参保人员可以在线申请医疗保险关系转移。\n");
        IndexService index = new IndexService(articles, dir.resolve(name + "-index"), dir.resolve(name + "-vectors.bin"),
                Optional::empty, new Chunker());
        HybridSearcher searcher = new HybridSearcher(index.ensureFresh(), Lexicon.bundled(), Optional.empty(),
                HybridSearcher.Options.defaults(false));
        return new Replica(articles, index, searcher, new DocumentLibrary(index, searcher::corpus, dir.resolve(name + "-uploads"),
                Optional.of(new DocumentTable(db))));
    }

    private DocumentFollower follower(Replica r) {
        return new DocumentFollower(new DocumentTable(db), r.library(), r.index(), dir.resolve(r.articles() + ".applied"));
    }

    @AfterEach
    void close() {
        a.index().close();
        b.index().close();
        db.close();
    }

    @Test
    void should_keep_serving_when_a_change_cannot_be_written_then_apply_it_once_it_can_and_resume_after_a_restart() throws Exception {
        // given: an upload on A, and B's folder unable to take the file (a folder where its temporary file goes)
        Path received = a.library().receivingFolder().resolve("part");
        Files.writeString(received, "丙县通知\n\n丙县参保人员可以在线领取社保卡。\n");
        a.library().add(List.of(new DocumentLibrary.Upload("c.txt", received)));
        Path obstacle = Files.createDirectories(b.articles().resolve(".c.txt.following"));
        Files.writeString(obstacle.resolve("x"), "x");
        DocumentFollower follower = follower(b);

        // when / then: it fails, B serves what it had, nothing is counted as applied
        assertThatThrownBy(follower::follow).isInstanceOf(Exception.class);
        assertThat(b.searcher().corpus().articles().values()).noneMatch(x -> x.file().equals("c.txt"));
        assertThat(follower.applied()).isZero();

        // when: the folder takes it again
        DocumentLibrary.deleteTree(obstacle);
        follower.follow();

        // then: B answers from it, and a restarted follower does not read the change again
        assertThat(b.searcher().corpus().articles().values()).anyMatch(x -> x.file().equals("c.txt"));
        assertThat(follower.applied()).isPositive();
        assertThat(follower(b).follow()).isZero();

        // when: B removes it; then A follows
        b.library().remove("c.txt");
        DocumentFollower onA = follower(a);
        onA.follow();
        assertThat(a.articles().resolve("c.txt")).doesNotExist();
        assertThat(a.searcher().corpus().articles().values()).noneMatch(x -> x.file().equals("c.txt"));
        assertThat(onA.applied()).as("the upload's change, then the removal's").isEqualTo(2);
    }
}
