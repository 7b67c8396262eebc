package org.policybot.bot.digest;

import java.util.List;

/** One message of a digest as a platform gets it, with the articles it holds (recorded as sent once it is). */
public record DigestMessage(String text, List<Digest.Entry> entries) {

    public DigestMessage {
        entries = List.copyOf(entries);
    }
}
