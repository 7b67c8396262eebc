package org.policybot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Digest subscriptions on SQLite and PostgreSQL. */
@ParameterizedClass
@MethodSource("org.policybot.bot.store.TestDatabases#kinds")
class SubscriptionStoreTest {

    @Parameter
    TestDatabases.Kind kind;

    @TempDir
    Path dir;

    @Test
    void should_subscribe_once_list_by_kind_and_unsubscribe() {
        try (Database db = Database.open(TestDatabases.fresh(kind, dir))) {
            SubscriptionStore store = new SubscriptionStore(db, Clock.systemUTC());

            assertThat(store.subscribe("telegram", "-1001")).isTrue();
            assertThat(store.subscribe("telegram", "-1001")).isFalse();
            assertThat(store.subscribe("telegram", "42")).isTrue();
            assertThat(store.subscribe("wecom", "https://example.invalid/hook")).isTrue();

            assertThat(store.list("telegram")).containsExactlyInAnyOrder("-1001", "42");
            assertThat(store.isSubscribed("telegram", "42")).isTrue();
            assertThat(store.unsubscribe("telegram", "42")).isTrue();
            assertThat(store.unsubscribe("telegram", "42")).isFalse();
            assertThat(store.list("telegram")).containsExactly("-1001");
            assertThat(store.list("wecom")).hasSize(1);
        }
    }

    @Test
    void should_refuse_a_blank_target() {
        try (Database db = Database.open(TestDatabases.fresh(kind, dir))) {
            SubscriptionStore store = new SubscriptionStore(db, Clock.systemUTC());

            assertThatThrownBy(() -> store.subscribe("telegram", " ")).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
