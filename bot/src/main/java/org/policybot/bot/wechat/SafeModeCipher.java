package org.policybot.bot.wechat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decrypts a safe-mode message and checks the AppID inside it. WxJava's decryption skips
 * that check, so a message encrypted for another account with the same key
 * would pass; this class refuses it. The layout is WeChat's: AES-256-CBC over
 * random(16) | length(4, big-endian) | XML | AppID, padded PKCS#7 to 32 bytes, the IV being
 * the first 16 bytes of the key. Replies are encrypted by WxJava.
 */
final class SafeModeCipher {

    private final SecretKeySpec key;
    private final IvParameterSpec iv;
    private final String appId;

    SafeModeCipher(String encodingAesKey, String appId) {
        byte[] raw = Base64.getDecoder().decode(encodingAesKey.strip() + "=");
        if (raw.length != 32) {
            throw new IllegalArgumentException("the EncodingAESKey must decode to 32 bytes");
        }
        this.key = new SecretKeySpec(raw, "AES");
        this.iv = new IvParameterSpec(Arrays.copyOfRange(raw, 0, 16));
        this.appId = appId;
    }

    /** The message XML inside the ciphertext, if it was encrypted for our AppID. */
    String decrypt(String base64) throws Rejected {
        byte[] plain;
        try {
            byte[] encrypted = Base64.getMimeDecoder().decode(base64.strip());
            if (encrypted.length == 0 || encrypted.length % 16 != 0) {
                throw Rejected.badRequest("ciphertext length is not a multiple of the AES block");
            }
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, iv);
            plain = cipher.doFinal(encrypted);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw Rejected.badRequest("cannot decrypt the message: " + e.getClass().getSimpleName());
        }
        int pad = plain[plain.length - 1] & 0xFF;
        if (pad < 1 || pad > 32 || pad > plain.length - 20) {
            throw Rejected.badRequest("bad padding in the decrypted message");
        }
        int end = plain.length - pad;
        int length = ByteBuffer.wrap(plain, 16, 4).getInt();
        if (length < 0 || 20 + length > end) {
            throw Rejected.badRequest("bad length in the decrypted message");
        }
        String from = new String(plain, 20 + length, end - 20 - length, StandardCharsets.UTF_8);
        if (!from.equals(appId)) {
            throw Rejected.forbidden("message encrypted for another AppID");
        }
        return new String(plain, 20, length, StandardCharsets.UTF_8);
    }
}
