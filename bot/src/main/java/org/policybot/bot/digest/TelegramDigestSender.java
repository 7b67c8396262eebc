package org.policybot.bot.digest;

import java.util.List;
import org.policybot.bot.telegram.TelegramMessenger;
import org.policybot.bot.telegram.TelegramSendException;

/** Digests to Telegram chats and channels, as HTML, through the paced, retrying messenger. */
public final class TelegramDigestSender implements DigestSender {

    private final TelegramMessenger messenger;

    public TelegramDigestSender(TelegramMessenger messenger) {
        this.messenger = messenger;
    }

    @Override
    public String kind() {
        return DigestTarget.TELEGRAM;
    }

    /** Telegram's limit for one message, in characters of HTML. */
    static final int LIMIT = 4096;

    @Override
    public List<DigestMessage> format(Digest digest) {
        return DigestText.telegram(digest, LIMIT);
    }

    @Override
    public void send(DigestTarget target, String html) throws DeliveryException {
        try {
            messenger.sendHtml(target.address(), html);
        } catch (TelegramSendException e) {
            throw new DeliveryException("Telegram refused the digest: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while sending the digest", e);
        }
    }
}
