package org.policybot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.config.Settings;

/** What SQLite deletes is gone from the file, not left in its free space for {@code grep -a} to find. */
class SecureDeleteTest {

    @TempDir
    Path dir;

    @Test
    void should_zero_a_deleted_row_in_the_sqlite_file() {
        // given: a row written and checkpointed into the database file itself
        Settings.Database settings = TestDatabases.fresh(TestDatabases.Kind.SQLITE, dir);
        String secret = "held-in-a-deleted-row-" + System.nanoTime();
        try (Database db = Database.open(settings)) {
            db.with(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
                    s.execute("INSERT INTO notes (body) VALUES ('kept')");
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO notes (body) VALUES (?)")) {
                    ps.setString(1, secret);
                    ps.executeUpdate();
                }
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
                return null;
            });
            assertThat(DatabaseFiles.found(settings, secret)).containsExactly(secret);

            // when
            db.with(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("DELETE FROM notes WHERE body <> 'kept'");
                    s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
                return null;
            });

            // then
            assertThat(DatabaseFiles.found(settings, secret)).isEmpty();
        }
        assertThat(DatabaseFiles.found(settings, secret, "kept")).containsExactly("kept");
    }
}
