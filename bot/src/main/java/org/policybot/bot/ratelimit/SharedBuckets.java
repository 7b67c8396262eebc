package org.policybot.bot.ratelimit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.policybot.bot.store.Sql;

/**
 * Token buckets in PostgreSQL, so replicas behind one load balancer count a user's requests
 * together: a user who lands on another replica keeps the bucket they had. One transaction
 * per request: the row is created if missing, locked ({@code FOR UPDATE}, so two replicas
 * taking a token from one bucket at once take two), refilled and written back. Replicas'
 * clocks may differ a little: time never runs backwards for a bucket (a clock behind the last
 * writer's refills nothing and keeps the later time).
 */
final class SharedBuckets {

    static final List<Sql.Migration> MIGRATIONS = List.of(new Sql.Migration("rate-buckets-1", List.of(
            "CREATE TABLE IF NOT EXISTS rate_buckets (bucket_key TEXT PRIMARY KEY, tokens DOUBLE PRECISION NOT NULL, "
                    + "updated_ms BIGINT NOT NULL)")));

    private final Sql sql;

    SharedBuckets(Sql sql) {
        this.sql = sql;
        sql.migrate(MIGRATIONS);
    }

    /** Takes one token from the key's bucket if it has one; {@code perMilli} and {@code burst} as the limiter's. */
    RateLimiter.Decision tryAcquire(String key, long now, double perMilli, int burst) {
        return sql.transaction(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO rate_buckets (bucket_key, tokens, updated_ms) VALUES (?, ?, ?) ON CONFLICT (bucket_key) DO NOTHING")) {
                insert.setString(1, key);
                insert.setDouble(2, burst);
                insert.setLong(3, now);
                insert.executeUpdate();
            }
            double tokens;
            long updated;
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT tokens, updated_ms FROM rate_buckets WHERE bucket_key = ? FOR UPDATE")) {
                select.setString(1, key);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    tokens = rs.getDouble(1);
                    updated = rs.getLong(2);
                }
            }
            long at = Math.max(now, updated);
            RateLimiter.Taken taken = RateLimiter.take(tokens, at - updated, perMilli, burst);
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE rate_buckets SET tokens = ?, updated_ms = ? WHERE bucket_key = ?")) {
                update.setDouble(1, taken.tokens());
                update.setLong(2, at);
                update.setString(3, key);
                update.executeUpdate();
            }
            return taken.decision();
        });
    }

    /** Removes the buckets that are full again (users idle long enough), to bound the table. */
    void evictIdle(long now, double perMilli, int burst) {
        sql.with(c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM rate_buckets WHERE tokens + (? - updated_ms) * ? >= ?")) {
                delete.setLong(1, now);
                delete.setDouble(2, perMilli);
                delete.setDouble(3, burst);
                return delete.executeUpdate();
            }
        });
    }
}
