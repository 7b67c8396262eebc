package org.policybot.bot.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.App;
import org.policybot.bot.TestSettings;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.Question;
import org.policybot.bot.store.Database;
import org.policybot.bot.store.TestDatabases;
import org.policybot.config.Settings;

/**
 * A replica added to a running deployment: a new data folder and an empty articles folder, on
 * the PostgreSQL where the other replicas recorded the documents staff uploaded and deleted. It
 * starts (it used to stop with "no article could be read"), its first build holds those
 * documents, and it answers from them.
 */
class NewReplicaDocumentsTest {

    static final String NOTICE = "丁县社保局关于开通退役军人社保接续专窗的通知\n\n"
            + "丁县社保局在政务服务中心开通退役军人社保接续专窗，退役军人可在专窗一次办理养老、医疗和失业保险的接续手续。\n";

    @TempDir
    Path dir;

    App app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void should_start_with_an_empty_articles_folder_and_answer_from_the_documents_the_other_replicas_share() throws Exception {
        // given: PostgreSQL holding two uploads, and a removal of one of them, as other replicas recorded them
        Settings.Database db = TestDatabases.fresh(TestDatabases.Kind.POSTGRESQL, dir);
        try (Database shared = Database.open(db)) {
            DocumentTable table = new DocumentTable(shared);
            table.record(List.of(new DocumentTable.FileChange("d_notice.txt", NOTICE.getBytes(StandardCharsets.UTF_8)),
                    new DocumentTable.FileChange("old.txt", "旧通知\n\n这份通知已经作废。\n".getBytes(StandardCharsets.UTF_8))));
            table.record(List.of(DocumentTable.FileChange.removed("old.txt")));
        }
        Path articles = Files.createDirectories(dir.resolve("articles"));

        // when: a new replica starts on it with an empty articles folder
        app = App.start(TestSettings.of(Files.createDirectories(dir.resolve("data")), articles, Map.of(
                "CHATBOT_DB_URL", db.url(), "CHATBOT_DB_USER", db.user(), "CHATBOT_DB_PASSWORD", db.password())),
                Clock.systemUTC());

        // then: its folder and index hold the shared document and not the removed one
        assertThat(articles.resolve("d_notice.txt")).hasContent(NOTICE.strip());
        assertThat(articles.resolve("old.txt")).doesNotExist();
        assertThat(app.retrieval().searcher().corpus().articles().values()).extracting(a -> a.file()).containsExactly("d_notice.txt");
        // and it counts the three changes applied, so its follower does not write them again
        assertThat(Files.readString(dir.resolve("data").resolve("documents.applied")).strip()).isEqualTo("3");
        // and it answers from the document, citing it
        Answer answer = app.context().answers().answer(Question.of("丁县退役军人社保接续专窗在哪里？"));
        assertThat(answer.declined()).isFalse();
        assertThat(answer.citations()).anySatisfy(c -> assertThat(c.file()).isEqualTo("d_notice.txt"));
    }
}
