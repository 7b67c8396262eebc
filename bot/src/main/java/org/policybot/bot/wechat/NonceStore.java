package org.policybot.bot.wechat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;
import org.policybot.bot.store.Sql;

/**
 * The timestamp-and-nonce pairs of signed WeChat messages seen within the signature's
 * window, in the database so every replica behind a load balancer shares them. In plaintext
 * mode the signature covers only token, timestamp and nonce, not the body: without this, a
 * captured query string could carry any body, as any user, for five minutes. A pair is
 * bound to the digest of the body it first came with; the same body again is WeChat
 * delivering that message again (a retry), another body is a replay and is refused.
 */
final class NonceStore {

    static final List<Sql.Migration> MIGRATIONS = List.of(new Sql.Migration("wechat-nonces-1", List.of(
            "CREATE TABLE IF NOT EXISTS wechat_nonces (nonce TEXT PRIMARY KEY, body_digest TEXT NOT NULL, "
                    + "expires_at BIGINT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS wechat_nonces_expiry ON wechat_nonces (expires_at)")));

    private final Sql db;
    private final Clock clock;

    NonceStore(Sql db, Clock clock) {
        this.db = db;
        this.clock = clock;
        db.migrate(MIGRATIONS);
    }

    /**
     * Records the pair with the body's digest, kept until {@code expiresAt} (epoch millis).
     *
     * @return true when the pair is new or came before with the same body; false when it came with another body
     */
    boolean admit(String timestamp, String nonce, String bodyDigest, long expiresAt) {
        String key = timestamp + ":" + nonce;
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO wechat_nonces (nonce, body_digest, expires_at) "
                    + "VALUES (?, ?, ?) ON CONFLICT (nonce) DO NOTHING")) {
                ps.setString(1, key);
                ps.setString(2, bodyDigest);
                ps.setLong(3, expiresAt);
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT body_digest FROM wechat_nonces WHERE nonce = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getString(1).equals(bodyDigest);
                }
            }
        });
    }

    /** Forgets pairs whose window has passed (their timestamp is refused as stale anyway). */
    int purgeExpired() {
        long now = clock.millis();
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM wechat_nonces WHERE expires_at < ?")) {
                ps.setLong(1, now);
                return ps.executeUpdate();
            }
        });
    }
}
