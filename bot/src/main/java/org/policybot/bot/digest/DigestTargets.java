package org.policybot.bot.digest;

import java.util.List;

/** Where digests go: the targets named in the settings and the chats that subscribed. */
@FunctionalInterface
public interface DigestTargets {

    /** The targets now, each key once (a configured chat that also subscribed carries its subscription time). */
    List<DigestTarget> current();

    /**
     * A target was paused because the platform refused it permanently. A subscribed chat is
     * unsubscribed here, so that it can subscribe again; this default does nothing.
     */
    default void paused(DigestTarget target) {
    }
}
