package org.policybot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.config.Settings;

/**
 * The pool on PostgreSQL when the server drops its connections (a restart, a failover, an
 * administrator ending sessions): calls fail at most once per pooled connection, then
 * work again without restarting the process.
 */
class DatabaseTest {

    @TempDir
    Path dir;

    Settings.Database settings;
    Database db;
    ConversationStore store;

    @BeforeEach
    void open() {
        settings = TestDatabases.fresh(TestDatabases.Kind.POSTGRESQL, dir);
        db = Database.open(settings);
        store = new ConversationStore(db, Clock.systemUTC(), 6, Duration.ofMinutes(30));
        store.add("web:a", "退役军人养老保险怎么接续？");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void should_apply_a_migration_once_when_two_processes_migrate_at_the_same_moment() throws Exception {
        // given: two pools on one database, as a server and a cron command have
        java.util.List<Sql.Migration> migration = java.util.List.of(new Sql.Migration("test-add-column",
                java.util.List.of("ALTER TABLE conversation_turns ADD COLUMN note TEXT")));
        try (Database other = Database.open(settings)) {
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                // when
                java.util.List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
                for (Database d : new Database[] {db, other}) {
                    runs.add(two.submit(() -> {
                        start.await();
                        d.migrate(migration);
                        return null;
                    }));
                }

                // then: neither fails with "column already exists"
                for (java.util.concurrent.Future<?> run : runs) {
                    run.get(30, TimeUnit.SECONDS);
                }
            } finally {
                two.shutdownNow();
            }
        }
        int applied = db.with(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM schema_migrations WHERE id = 'test-add-column'")) {
                rs.next();
                return rs.getInt(1);
            }
        });
        assertThat(applied).isEqualTo(1);
    }

    @Test
    void should_replace_a_connection_the_server_dropped_after_one_failed_call_at_most() throws Exception {
        // given: every pooled connection used just now, then the server drops them all
        for (int i = 0; i < 4; i++) {
            store.recent("web:a");
        }
        terminateTheServerSessions();

        // when: each pooled connection is used once more; a call on a dropped one may fail
        for (int i = 0; i < 4; i++) {
            try {
                store.recent("web:a");
            } catch (StoreException expected) {
                // The failure that shows the connection is gone.
            }
        }

        // then
        for (int i = 0; i < 8; i++) {
            assertThat(store.recent("web:a")).containsExactly("退役军人养老保险怎么接续？");
        }
        store.add("web:a", "那要带什么材料？");
        assertThat(store.recent("web:a")).hasSize(2);
    }

    @Test
    void should_answer_the_first_call_after_the_server_dropped_idle_connections() throws Exception {
        // given: the pool has been idle since the server dropped its sessions
        terminateTheServerSessions();
        Thread.sleep(Database.IDLE_BEFORE_CHECK.toMillis() + 100);

        // when / then: every pooled connection is checked before use, so no call fails
        for (int i = 0; i < 8; i++) {
            assertThat(store.recent("web:a")).containsExactly("退役军人养老保险怎么接续？");
        }
    }

    /**
     * Ends every session on the test database but the administrator's own, as a server restart does.
     * Again until none is left: the pool opens its connections in the background after the first.
     */
    private void terminateTheServerSessions() throws SQLException {
        try (Connection admin = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement s = admin.createStatement()) {
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND pid <> pg_backend_pid()");
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
                    return rs.next() && rs.getLong(1) == 0;
                }
            });
        }
    }
}
