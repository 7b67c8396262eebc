package org.policybot.bot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Who asked to receive digests, by target kind ("telegram" with a chat id, and any other
 * channel that delivers digests). Chat commands write it; the digest sender reads it and
 * merges it with the chats listed in the settings.
 */
public final class SubscriptionStore {

    /** The kind of the subscriptions of Telegram chats (/subscribe), which the digest sends to. */
    public static final String TELEGRAM = "telegram";

    static final List<Sql.Migration> MIGRATIONS = List.of(new Sql.Migration("subscriptions-1", List.of(
            "CREATE TABLE IF NOT EXISTS digest_subscriptions (kind TEXT NOT NULL, target TEXT NOT NULL, "
                    + "created_at BIGINT NOT NULL, PRIMARY KEY (kind, target))")));

    private final Sql db;
    private final Clock clock;

    public SubscriptionStore(Sql db, Clock clock) {
        this.db = db;
        this.clock = clock;
        db.migrate(MIGRATIONS);
    }

    /** Subscribes a target; returns false when it already was. */
    public boolean subscribe(String kind, String target) {
        check(kind, target);
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO digest_subscriptions (kind, target, created_at) "
                    + "VALUES (?, ?, ?) ON CONFLICT (kind, target) DO NOTHING")) {
                ps.setString(1, kind);
                ps.setString(2, target);
                ps.setLong(3, clock.millis());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Unsubscribes a target; returns false when it was not subscribed. */
    public boolean unsubscribe(String kind, String target) {
        check(kind, target);
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM digest_subscriptions WHERE kind = ? AND target = ?")) {
                ps.setString(1, kind);
                ps.setString(2, target);
                return ps.executeUpdate() > 0;
            }
        });
    }

    public boolean isSubscribed(String kind, String target) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM digest_subscriptions WHERE kind = ? AND target = ?")) {
                ps.setString(1, kind);
                ps.setString(2, target);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** A subscription and when it was made. */
    public record Subscription(String target, java.time.Instant since) {
    }

    /** The subscriptions of one kind with their times, oldest first. */
    public List<Subscription> subscriptions(String kind) {
        return db.with(c -> {
            List<Subscription> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT target, created_at FROM digest_subscriptions WHERE kind = ? ORDER BY created_at, target")) {
                ps.setString(1, kind);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Subscription(rs.getString(1), java.time.Instant.ofEpochMilli(rs.getLong(2))));
                    }
                }
            }
            return out;
        });
    }

    /** The targets of one kind, oldest subscription first. */
    public List<String> list(String kind) {
        return db.with(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT target FROM digest_subscriptions WHERE kind = ? ORDER BY created_at, target")) {
                ps.setString(1, kind);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    private static void check(String kind, String target) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        if (kind.isBlank() || target.isBlank()) {
            throw new IllegalArgumentException("kind and target must not be blank");
        }
    }
}
