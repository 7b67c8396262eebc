package org.policybot.bot.telegram;

import java.util.List;
import org.policybot.bot.digest.Digest;
import org.policybot.bot.digest.DigestMessage;
import org.policybot.bot.digest.DigestSender;
import org.policybot.bot.digest.DigestTarget;
import org.policybot.bot.digest.DigestText;
import org.policybot.bot.digest.DigestWording;

/** Digests to Telegram chats and channels, as HTML, through the paced, retrying messenger. */
public final class TelegramDigestSender implements DigestSender {

    private final TelegramMessenger messenger;

    private final DigestWording wording;

    /** Digests in the bundled wording. */
    public TelegramDigestSender(TelegramMessenger messenger) {
        this(messenger, DigestWording.BUNDLED);
    }

    /** Digests in the deployment's wording. */
    public TelegramDigestSender(TelegramMessenger messenger, DigestWording wording) {
        this.wording = wording;
        this.messenger = messenger;
    }

    @Override
    public String kind() {
        return DigestTarget.TELEGRAM;
    }

    /** Telegram's limit for one message, in characters of HTML. */
    public static final int LIMIT = 4096;

    /**
     * Telegram says the chat itself cannot be written to: 403 (the bot was blocked by the user,
     * kicked from the group, is not a member of the channel, the user is deactivated), or 400
     * "chat not found" / the group was upgraded to a supergroup (it has a new id).
     */
    static boolean permanent(int code, String description) {
        String d = description == null ? "" : description.toLowerCase(java.util.Locale.ROOT);
        return code == 403 || code == 400 && (d.contains("chat not found") || d.contains("group chat was upgraded"));
    }

    @Override
    public List<DigestMessage> format(Digest digest) {
        return DigestText.telegram(digest, LIMIT, wording);
    }

    @Override
    public void send(DigestTarget target, String html) throws DeliveryException {
        try {
            messenger.sendHtml(target.address(), html);
        } catch (TelegramSendException e) {
            String reason = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            throw new DeliveryException("Telegram refused the digest (" + e.code() + "): " + reason, e, permanent(e.code(), reason));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while sending the digest", e);
        }
    }
}
