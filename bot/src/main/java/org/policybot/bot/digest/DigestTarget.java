package org.policybot.bot.digest;

import java.util.Objects;

/**
 * Where a digest goes: a Telegram chat or channel, or a WeCom group robot.
 *
 * @param kind    "telegram" or "wecom"
 * @param address the chat id ("-100123", "@channel") or the robot webhook URL
 * @param since   when a chat subscribed; null for targets named in the configuration
 */
public record DigestTarget(String kind, String address, java.time.Instant since) {

    public static final String TELEGRAM = org.policybot.bot.store.SubscriptionStore.TELEGRAM;
    public static final String WECOM = "wecom";

    public DigestTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(address, "address");
    }

    public DigestTarget(String kind, String address) {
        this(kind, address, null);
    }

    /** The key delivery records are kept under. */
    public String key() {
        return kind + ":" + address;
    }

    /** For logs: robot URLs carry a secret key, chat ids are personal data. */
    public String masked() {
        if (kind.equals(WECOM)) {
            return kind + ":" + address.replaceAll("(key=)[^&]+", "$1***");
        }
        return kind + ":" + org.policybot.bot.privacy.Masking.maskId(address);
    }

    /** A key ("telegram:-100…", "wecom:https://…") masked the same way. */
    static String masked(String key) {
        int colon = key.indexOf(':');
        return colon < 0 ? key : new DigestTarget(key.substring(0, colon), key.substring(colon + 1)).masked();
    }
}
