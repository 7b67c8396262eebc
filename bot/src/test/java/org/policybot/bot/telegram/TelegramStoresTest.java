package org.policybot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.policybot.bot.answer.Citation;
import org.policybot.bot.store.ConversationStore;
import org.policybot.bot.store.Database;
import org.policybot.bot.store.DatabaseFiles;
import org.policybot.bot.store.TestDatabases;
import org.policybot.bot.telegram.UpdateStore.State;
import org.policybot.bot.telegram.UpdateStore.StoredUpdate;
import org.policybot.config.Settings;

/** The update, citation and choice stores on SQLite and PostgreSQL. */
@ParameterizedClass
@MethodSource("org.policybot.bot.store.TestDatabases#kinds")
class TelegramStoresTest {

    @Parameter
    TestDatabases.Kind kind;

    @TempDir
    Path dir;
    Settings.Database settings;
    Database db;
    final MutableClock clock = new MutableClock(1_760_000_000_000L);

    @BeforeEach
    void open() {
        settings = TestDatabases.fresh(kind, dir);
        db = Database.open(settings);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static StoredUpdate u(long id, String chat) {
        return new StoredUpdate(id, chat, "{\"update_id\":" + id + "}");
    }

    @Test
    void should_return_only_updates_not_seen_before_when_a_batch_is_delivered_again() {
        UpdateStore store = new UpdateStore(db, clock, "100");

        List<StoredUpdate> first = store.storeNew(List.of(u(1, "5"), u(2, "6")));
        List<StoredUpdate> again = store.storeNew(List.of(u(2, "6"), u(3, "5")));

        assertThat(first).extracting(StoredUpdate::updateId).containsExactly(1L, 2L);
        assertThat(again).extracting(StoredUpdate::updateId).containsExactly(3L);
    }

    @Test
    void should_keep_unhandled_updates_pending_in_order_across_a_reopen() {
        UpdateStore store = new UpdateStore(db, clock, "100");
        store.storeNew(List.of(u(3, "5"), u(1, "5"), u(2, "6")));
        store.finish(1, State.ANSWERED);
        db.close();
        db = Database.open(settings);

        UpdateStore reopened = new UpdateStore(db, clock, "100");

        assertThat(reopened.pending()).extracting(StoredUpdate::updateId).containsExactly(2L, 3L);
        assertThat(reopened.state(1)).contains(State.ANSWERED);
    }

    @Test
    void should_keep_the_update_ids_of_two_bots_apart() {
        new UpdateStore(db, clock, "100").storeNew(List.of(u(1, "5")));

        assertThat(new UpdateStore(db, clock, "200").storeNew(List.of(u(1, "5")))).hasSize(1);
    }

    @Test
    void should_purge_only_handled_updates_older_than_the_age() {
        UpdateStore store = new UpdateStore(db, clock, "100");
        store.storeNew(List.of(u(1, "5"), u(2, "5")));
        store.finish(1, State.ANSWERED);
        clock.advance(Duration.ofDays(8).toMillis());
        store.storeNew(List.of(u(3, "5")));
        store.finish(3, State.ANSWERED);

        assertThat(store.purgeHandled(Duration.ofDays(7))).isEqualTo(1);
        assertThat(store.state(1)).isEmpty();
        assertThat(store.state(2)).contains(State.RECEIVED);
        assertThat(store.state(3)).contains(State.ANSWERED);
    }

    @Test
    void should_give_back_the_citations_of_a_key_and_forget_them_after_the_age() {
        CitationStore store = new CitationStore(db, clock, new ObjectMapper());
        List<Citation> citations = List.of(new Citation(1, "p1", "标题<一>", "a.txt", "2025-12-02", "原文“引用”。"),
                new Citation(2, "p2", "标题二", "b.txt", null, "第二句。"),
                new Citation(3, "p3", "标题三", "c.pdf", null, "第三句。", true, "二、办理材料", 4));

        String key = store.save(citations);

        assertThat(key).matches("[0-9A-Za-z]{10}");
        assertThat(store.find(key)).contains(citations);
        assertThat(store.find("nokey00000")).isEmpty();
        clock.advance(Duration.ofDays(31).toMillis());
        assertThat(store.purge(Duration.ofDays(30))).isEqualTo(1);
        assertThat(store.find(key)).isEmpty();
    }

    @Test
    void should_read_citations_stored_before_they_had_a_section_and_page() throws Exception {
        String stored = "[{\"n\":1,\"passageId\":\"p1\",\"title\":\"标题\",\"file\":\"a.pdf\",\"date\":null,"
                + "\"quote\":\"原文。\",\"ocr\":false}]";

        List<Citation> read = UpdateJson.mapper().readValue(stored, new com.fasterxml.jackson.core.type.TypeReference<>() {
        });

        assertThat(read).containsExactly(new Citation(1, "p1", "标题", "a.pdf", null, "原文。"));
    }

    @Test
    void should_give_back_the_choice_of_a_key_and_forget_it_after_the_age() {
        ChoiceStore store = new ChoiceStore(db, clock, new ObjectMapper());
        ConversationStore.Choice choice = new ConversationStore.Choice("补贴“多少”", List.of("甲州", "乙州"));

        String key = store.save(choice);

        assertThat(key).matches("[0-9A-Za-z]{10}");
        assertThat(store.find(key)).contains(choice);
        assertThat(store.find("nokey00000")).isEmpty();
        clock.advance(Duration.ofDays(31).toMillis());
        assertThat(store.purge(Duration.ofDays(30))).isEqualTo(1);
        assertThat(store.find(key)).isEmpty();
    }

    @Test
    void should_write_an_update_with_personal_numbers_already_masked_and_leave_none_in_the_file() {
        // given: made-up numbers in the text, a caption-like field, a contact and a reply
        UpdateStore store = new UpdateStore(db, clock, "100");
        String text = "我的身份证410801199001011234，手机+86 139 0000 1111，卡号6222021234567890123";
        String payload = "{\"update_id\":41,\"message\":{\"message_id\":9,\"chat\":{\"id\":13900002222,\"type\":\"private\"},"
                + "\"text\":\"" + text + "\",\"entities\":[{\"type\":\"phone_number\",\"offset\":27,\"length\":17}],"
                + "\"contact\":{\"phone_number\":\"13800001111\",\"first_name\":\"张三\"},"
                + "\"reply_to_message\":{\"message_id\":8,\"text\":\"身份证 4108 0119 9001 0112 34\"}}}";

        // when
        List<StoredUpdate> fresh = store.storeNew(List.of(new StoredUpdate(41, "13900002222", payload)));

        // then: what is handled, what waits for a restart, and what the file holds are masked
        String[] raw = {"410801199001011234", "19900101", "139 0000 1111", "6222021234567890123", "13800001111",
                "0119 9001"};
        assertThat(fresh.get(0).payload()).contains("410801********1234", "139 **** 1111", "\"id\":13900002222",
                "\"offset\":27").doesNotContain(raw);
        assertThat(store.pending()).singleElement().extracting(StoredUpdate::payload).asString().doesNotContain(raw);
        store.finish(41, State.ANSWERED);
        if (kind == TestDatabases.Kind.SQLITE) {
            assertThat(DatabaseFiles.found(settings, raw)).isEmpty();
            db.close();
            assertThat(DatabaseFiles.found(settings, raw)).isEmpty();
            db = Database.open(settings);
        }
    }
}
