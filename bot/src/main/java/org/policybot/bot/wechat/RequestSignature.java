package org.policybot.bot.wechat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import me.chanjar.weixin.common.util.crypto.SHA1;

/**
 * Proves a request came from WeChat: the SHA-1 signature over the token, timestamp and
 * nonce (and in safe mode the ciphertext) that only WeChat and we can compute, and a
 * timestamp close to now so a captured request cannot be replayed later.
 */
final class RequestSignature {

    private final String token;
    private final Clock clock;
    private final Duration maxSkew;

    RequestSignature(String token, Clock clock, Duration maxSkew) {
        this.token = token;
        this.clock = clock;
        this.maxSkew = maxSkew;
    }

    /**
     * Checks the signature over token, timestamp, nonce and any extra parts (WeChat sorts
     * them, joins them and hashes them with SHA-1); then the timestamp.
     */
    void check(String signature, String timestamp, String nonce, String... extra) throws Rejected {
        if (isBlank(signature) || isBlank(timestamp) || isBlank(nonce)) {
            throw Rejected.forbidden("signature, timestamp or nonce missing");
        }
        String[] parts = new String[3 + extra.length];
        parts[0] = token;
        parts[1] = timestamp;
        parts[2] = nonce;
        System.arraycopy(extra, 0, parts, 3, extra.length);
        String expected = SHA1.gen(parts);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw Rejected.forbidden("bad signature");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw Rejected.forbidden("timestamp is not a number");
        }
        long skew = Math.abs(clock.millis() / 1000 - seconds);
        if (skew > maxSkew.toSeconds()) {
            throw Rejected.forbidden("timestamp " + skew + " s away from now");
        }
    }

    /** When a checked timestamp stops being accepted (epoch millis): what a record of its nonce must outlive. */
    long acceptedUntil(String timestamp) {
        long seconds = Long.parseLong(timestamp.strip());
        return Math.max(clock.millis(), seconds * 1000) + maxSkew.toMillis();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
