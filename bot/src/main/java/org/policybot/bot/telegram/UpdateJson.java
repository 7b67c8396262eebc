package org.policybot.bot.telegram;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON of Telegram updates, with their nesting bounded: an update nests a dozen levels
 * at most (Telegram sends {@code reply_to_message} one level deep), while a forged chain of
 * replies 500 deep would overflow the stack of whatever walks it. Unknown fields are
 * ignored (the Bot API grows) and absent ones left out.
 */
final class UpdateJson {

    /** Nesting allowed in an update: well above Telegram's own, far below what overflows a stack. */
    static final int MAX_DEPTH = 32;

    private UpdateJson() {
    }

    /**
     * For updates the bot stores and reads back, and for the long-polling library: writing an
     * update nested deeper than {@link #MAX_DEPTH} fails at once. Reading is not bounded, so one
     * such update in a batch of getUpdates cannot stop the batch (it fails when stored instead).
     */
    static ObjectMapper mapper() {
        return configure(new ObjectMapper(JsonFactory.builder()
                .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                .build()));
    }

    /** For webhook bodies: reading stops at {@link #MAX_DEPTH}. */
    static ObjectMapper webhookReader() {
        return configure(new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                .build()));
    }

    private static ObjectMapper configure(ObjectMapper m) {
        return m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }
}
