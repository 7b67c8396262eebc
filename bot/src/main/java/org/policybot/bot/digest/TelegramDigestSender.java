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

    @Override
    public List<String> format(Digest digest) {
        return List.of(DigestText.telegramHtml(digest));
    }

    @Override
    public void send(DigestTarget target, List<String> messages) throws DeliveryException {
        for (String html : messages) {
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
}
