package org.policybot.bot.wechat;

import java.util.Locale;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutTextMessage;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import org.policybot.bot.answer.InputText;
import org.policybot.bot.channel.HttpRequest;
import org.policybot.config.Settings;
import org.w3c.dom.Document;

/**
 * Turns a signed WeChat POST into a {@link WechatMessage} and a reply text into the XML
 * WeChat expects, in plaintext or safe mode. WxJava parses and writes the message XML;
 * this class adds what WxJava leaves out: refusing DOCTYPEs before it parses, checking the
 * AppID of encrypted messages, and cleaning reply text for its CDATA writer.
 */
final class WechatCodec {

    private final RequestSignature signature;
    private final SafeModeCipher cipher;
    private final WxMpDefaultConfigImpl crypto;

    WechatCodec(Settings.Wechat settings, RequestSignature signature) {
        this.signature = signature;
        if (settings.safeMode()) {
            this.cipher = new SafeModeCipher(settings.aesKey(), settings.appId());
            this.crypto = new WxMpDefaultConfigImpl();
            crypto.setToken(settings.token());
            crypto.setAesKey(settings.aesKey());
            crypto.setAppId(settings.appId());
        } else {
            this.cipher = null;
            this.crypto = null;
        }
    }

    boolean safeMode() {
        return cipher != null;
    }

    /** The message of a POST whose query signature was already checked. */
    WechatMessage decode(HttpRequest request) throws Rejected {
        boolean encrypted = "aes".equalsIgnoreCase(request.queryParam("encrypt_type"));
        String xml = request.bodyText();
        if (safeMode()) {
            if (!encrypted) {
                throw Rejected.forbidden("plaintext message while safe mode is configured");
            }
            xml = decrypt(request, xml);
        } else if (encrypted) {
            throw Rejected.badRequest("encrypted message but no AES key is configured");
        }
        parseSafely(xml);
        WxMpXmlMessage m;
        try {
            m = WxMpXmlMessage.fromXml(xml);
        } catch (RuntimeException e) {
            throw Rejected.badRequest("not a WeChat message: " + e.getClass().getSimpleName());
        }
        return toMessage(m);
    }

    private String decrypt(HttpRequest request, String envelope) throws Rejected {
        String encrypt = SafeXml.child(parseSafely(envelope), "Encrypt");
        if (encrypt.isEmpty()) {
            throw Rejected.badRequest("safe-mode message without Encrypt");
        }
        String msgSignature = request.queryParam("msg_signature");
        if (msgSignature == null || msgSignature.isBlank()) {
            throw Rejected.forbidden("msg_signature missing");
        }
        signature.check(msgSignature, request.queryParam("timestamp"), request.queryParam("nonce"), encrypt);
        return cipher.decrypt(encrypt);
    }

    private static Document parseSafely(String xml) throws Rejected {
        try {
            return SafeXml.parse(xml);
        } catch (SafeXml.RefusedXml e) {
            throw Rejected.badRequest(e.getMessage());
        }
    }

    private static WechatMessage toMessage(WxMpXmlMessage m) throws Rejected {
        String type = lower(m.getMsgType());
        WechatMessage.Kind kind;
        String content = "";
        if (type.equals("text")) {
            kind = WechatMessage.Kind.TEXT;
            // The edge of the channel: the text is cleaned once, so one of invisible characters only is empty.
            content = InputText.clean(m.getContent());
        } else if (type.equals("event")) {
            content = lower(m.getEvent());
            kind = content.equals("subscribe") ? WechatMessage.Kind.SUBSCRIBE : WechatMessage.Kind.OTHER_EVENT;
        } else {
            kind = WechatMessage.Kind.OTHER_MESSAGE;
        }
        String msgId = m.getMsgId() == null ? "" : m.getMsgId().toString();
        if (kind == WechatMessage.Kind.TEXT && msgId.isEmpty()) {
            throw Rejected.badRequest("text message without MsgId");
        }
        try {
            return new WechatMessage(kind, m.getFromUser(), m.getToUser(), msgId, content);
        } catch (IllegalArgumentException e) {
            throw Rejected.badRequest(e.getMessage());
        }
    }

    /** The passive text reply to a message, encrypted in safe mode. */
    String reply(WechatMessage to, String text) {
        WxMpXmlOutTextMessage out = WxMpXmlOutMessage.TEXT()
                .content(SafeXml.clean(text))
                .fromUser(SafeXml.clean(to.accountId()))
                .toUser(SafeXml.clean(to.openId()))
                .build();
        return safeMode() ? out.toEncryptedXml(crypto) : out.toXml();
    }

    private static String lower(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    }
}
