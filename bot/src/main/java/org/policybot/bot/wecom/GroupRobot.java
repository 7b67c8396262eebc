package org.policybot.bot.wecom;

import java.net.URI;

/**
 * Posts messages into a WeCom group through the group's robot webhook: the digest's way
 * into WeCom groups. The I/O seam of WeCom: digest tests can swap in a fake here.
 * Long content is sent as several messages, in order; a failure throws
 * {@link WecomException}, naming the robot with its key masked.
 */
public interface GroupRobot {

    /** Plain text, in as many messages of at most 2,048 UTF-8 bytes as it needs. */
    void sendText(URI webhook, String content);

    /** Markdown (WeCom's subset), in as many messages of at most 4,096 UTF-8 bytes as it needs. */
    void sendMarkdown(URI webhook, String content);
}
