package org.policybot.bot.wecom;

import java.net.URI;
import java.util.List;
import org.policybot.bot.digest.Digest;
import org.policybot.bot.digest.DigestMessage;
import org.policybot.bot.digest.DigestSender;
import org.policybot.bot.digest.DigestTarget;
import org.policybot.bot.digest.DigestText;
import org.policybot.bot.digest.DigestWording;

/** Digests to WeCom group robots, as markdown, split and paced by the robot sender. */
public final class WecomDigestSender implements DigestSender {

    private final GroupRobot robot;

    private final DigestWording wording;

    /** Digests in the bundled wording. */
    public WecomDigestSender(GroupRobot robot) {
        this(robot, DigestWording.BUNDLED);
    }

    /** Digests in the deployment's wording. */
    public WecomDigestSender(GroupRobot robot, DigestWording wording) {
        this.wording = wording;
        this.robot = robot;
    }

    @Override
    public String kind() {
        return DigestTarget.WECOM;
    }

    /** WeCom's errcode for a robot webhook that does not exist (its key is wrong, or the robot was removed). */
    static final int INVALID_WEBHOOK = 93000;

    @Override
    public List<DigestMessage> format(Digest digest) {
        return DigestText.wecom(digest, WecomRobotSender.MARKDOWN_MAX_BYTES, wording);
    }

    @Override
    public void send(DigestTarget target, String markdown) throws DeliveryException {
        try {
            robot.sendMarkdown(URI.create(target.address()), markdown);
        } catch (WecomException e) {
            throw new DeliveryException("the WeCom robot refused the digest: " + e.getMessage(), e,
                    e.errorCode() == INVALID_WEBHOOK);
        } catch (RuntimeException e) {
            throw new DeliveryException("the WeCom robot refused the digest: " + e.getMessage(), e);
        }
    }
}
