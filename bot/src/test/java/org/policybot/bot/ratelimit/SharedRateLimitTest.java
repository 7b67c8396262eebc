package org.policybot.bot.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.policybot.bot.store.Database;
import org.policybot.bot.store.TestDatabases;

/**
 * Two replicas' limiters on one database: on PostgreSQL they count a user's requests together
 * (a user switching replica keeps the bucket); on SQLite, which one process uses, each counts
 * its own.
 */
@ParameterizedClass
@MethodSource("org.policybot.bot.store.TestDatabases#kinds")
class SharedRateLimitTest {

    @Parameter
    TestDatabases.Kind kind;

    @TempDir
    Path dir;

    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    Database db;

    @BeforeEach
    void open() {
        db = Database.open(TestDatabases.fresh(kind, dir));
    }

    @AfterEach
    void close() {
        db.close();
    }

    static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    @Test
    void should_count_a_users_requests_on_every_replica_together_on_postgresql() {
        RateLimiter a = new RateLimiter(at(T0), 1, 3, db);
        RateLimiter b = new RateLimiter(at(T0), 1, 3, db);

        boolean first = a.tryAcquire("wechat:u1").allowed();
        boolean second = b.tryAcquire("wechat:u1").allowed();
        boolean third = a.tryAcquire("wechat:u1").allowed();
        RateLimiter.Decision fourth = b.tryAcquire("wechat:u1");

        assertThat(first && second && third).isTrue();
        assertThat(b.tryAcquire("wechat:someone-else").allowed()).isTrue();
        if (kind == TestDatabases.Kind.POSTGRESQL) {
            assertThat(a.shared()).isTrue();
            assertThat(fourth.allowed()).isFalse();
            assertThat(fourth.retryAfterSeconds()).isEqualTo(60);
            // a minute later one token is back, on either replica
            RateLimiter later = new RateLimiter(at(T0.plus(Duration.ofMinutes(1))), 1, 3, db);
            assertThat(later.tryAcquire("wechat:u1").allowed()).isTrue();
            assertThat(later.tryAcquire("wechat:u1").allowed()).isFalse();
        } else {
            assertThat(a.shared()).isFalse();
            assertThat(fourth.allowed()).as("SQLite: each process counts its own").isTrue();
        }
    }

    @Test
    void should_keep_limiting_in_memory_while_the_database_cannot_be_reached() {
        RateLimiter a = new RateLimiter(at(T0), 1, 2, db);
        db.close();

        assertThat(a.tryAcquire("http:u2").allowed()).isTrue();
        assertThat(a.tryAcquire("http:u2").allowed()).isTrue();
        assertThat(a.tryAcquire("http:u2").allowed()).isFalse();
    }

    @Test
    void should_drop_buckets_that_are_full_again_from_the_table() {
        RateLimiter a = new RateLimiter(at(T0), 60, 2, db);
        a.tryAcquire("u3");
        a.tryAcquire("u4");
        a.tryAcquire("u4");

        new RateLimiter(at(T0.plusMillis(1500)), 60, 2, db).evictIdle();

        if (kind == TestDatabases.Kind.POSTGRESQL) {
            assertThat(keys()).containsExactly("u4");
        }
    }

    private java.util.List<String> keys() {
        return db.with(c -> {
            java.util.List<String> out = new java.util.ArrayList<>();
            try (var rs = c.createStatement().executeQuery("SELECT bucket_key FROM rate_buckets ORDER BY bucket_key")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }
}
