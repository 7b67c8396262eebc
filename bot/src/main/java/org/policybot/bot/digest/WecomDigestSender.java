package org.policybot.bot.digest;

import java.net.URI;
import java.util.List;
import org.policybot.bot.wecom.GroupRobot;

/** Digests to WeCom group robots, as markdown, split and paced by the robot sender. */
public final class WecomDigestSender implements DigestSender {

    private final GroupRobot robot;

    public WecomDigestSender(GroupRobot robot) {
        this.robot = robot;
    }

    @Override
    public String kind() {
        return DigestTarget.WECOM;
    }

    @Override
    public List<String> format(Digest digest) {
        return List.of(DigestText.wecomMarkdown(digest));
    }

    @Override
    public void send(DigestTarget target, List<String> messages) throws DeliveryException {
        for (String markdown : messages) {
            try {
                robot.sendMarkdown(URI.create(target.address()), markdown);
            } catch (RuntimeException e) {
                throw new DeliveryException("the WeCom robot refused the digest: " + e.getMessage(), e);
            }
        }
    }
}
