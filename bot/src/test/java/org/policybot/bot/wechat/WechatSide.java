package org.policybot.bot.wechat;

import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/**
 * Plays WeChat's servers in tests: builds messages as WeChat sends them (XML with
 * CDATA, the signature query, in safe mode the AES envelope and msg_signature), posts them
 * over real HTTP, and reads replies back (checking and decrypting them in safe mode).
 * Signatures are computed here with the JDK, independently of the code under test.
 */
public final class WechatSide {

    public static final String TOKEN = "policybotTestToken2025";
    static final String APP_ID = "wx5f3c1a2b3c4d5e6f";
    static final String APP_SECRET = "0123456789abcdef0123456789abcdef";
    /** An EncodingAESKey: 43 base64 characters. */
    static final String AES_KEY = "OTN76yWnQCV0jzoinuSLqxFOyCvaj0IlkQcmht47oBY";
    static final String ACCOUNT = "gh_0123456789ab";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String url;
    private final boolean safeMode;

    public WechatSide(String endpointUrl, boolean safeMode) {
        this.url = endpointUrl;
        this.safeMode = safeMode;
    }

    /** A reply as WeChat receives it; {@code fields} holds the (decrypted) reply XML's elements. */
    public record Reply(int status, String body, Map<String, String> fields, Duration took) {
        public String content() {
            return fields.getOrDefault("Content", "");
        }

        public boolean isSuccess() {
            return status == 200 && body.equals("success");
        }
    }

    public Reply text(String openId, long msgId, String content) {
        return post(textXml(openId, msgId, content));
    }

    Reply event(String openId, String event) {
        return post(xml(openId, "event", "<Event><![CDATA[" + event + "]]></Event>"));
    }

    static String textXml(String openId, long msgId, String content) {
        // As any XML writer does, a "]]>" in the text is split across two CDATA sections.
        String cdata = content.replace("]]>", "]]]]><![CDATA[>");
        return xml(openId, "text", "<Content><![CDATA[" + cdata + "]]></Content><MsgId>" + msgId + "</MsgId>");
    }

    static String xml(String openId, String type, String rest) {
        return "<xml><ToUserName><![CDATA[" + ACCOUNT + "]]></ToUserName><FromUserName><![CDATA[" + openId
                + "]]></FromUserName><CreateTime>" + now() + "</CreateTime><MsgType><![CDATA[" + type + "]]></MsgType>"
                + rest + "</xml>";
    }

    /** Posts a message XML signed (and in safe mode encrypted for our AppID) like WeChat does. */
    Reply post(String messageXml) {
        return safeMode ? postEncrypted(messageXml, APP_ID) : send("POST", signedQuery(now()), messageXml);
    }

    Reply postEncrypted(String messageXml, String appId) {
        String encrypt = new WxCryptUtil(TOKEN, AES_KEY, appId).encrypt(randomString(), messageXml);
        Map<String, String> query = signedQuery(now());
        query.put("encrypt_type", "aes");
        query.put("msg_signature", sha1(TOKEN, query.get("timestamp"), query.get("nonce"), encrypt));
        String body = "<xml><ToUserName><![CDATA[" + ACCOUNT + "]]></ToUserName><Encrypt><![CDATA[" + encrypt
                + "]]></Encrypt></xml>";
        return send("POST", query, body);
    }

    /** signature, timestamp, nonce and openid, as on every call from WeChat. */
    static Map<String, String> signedQuery(long timestamp) {
        Map<String, String> q = new LinkedHashMap<>();
        String nonce = Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()) % 1_000_000_000L);
        q.put("signature", sha1(TOKEN, Long.toString(timestamp), nonce));
        q.put("timestamp", Long.toString(timestamp));
        q.put("nonce", nonce);
        q.put("openid", "ignored-by-the-endpoint");
        return q;
    }

    Reply send(String method, Map<String, String> query, String body) {
        String qs = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "?" + qs)).timeout(Duration.ofSeconds(20));
        b = method.equals("GET") ? b.GET() : b.header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            return new Reply(r.statusCode(), r.body(), r.statusCode() == 200 ? fields(r.body()) : Map.of(), took);
        } catch (Exception e) {
            throw new AssertionError("HTTP call to the endpoint failed: " + e, e);
        }
    }

    private Map<String, String> fields(String body) {
        if (!body.startsWith("<xml>")) {
            return Map.of();
        }
        Map<String, String> outer = parse(body);
        if (!safeMode) {
            return outer;
        }
        String encrypt = outer.get("Encrypt");
        String expected = sha1(TOKEN, outer.get("TimeStamp"), outer.get("Nonce"), encrypt);
        if (!expected.equals(outer.get("MsgSignature"))) {
            throw new AssertionError("encrypted reply with a bad MsgSignature: " + body);
        }
        return parse(new WxCryptUtil(TOKEN, AES_KEY, APP_ID).decrypt(encrypt));
    }

    /** The elements of a reply, parsed strictly (a reply that is not well-formed fails the test). */
    static Map<String, String> parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
            Map<String, String> out = new HashMap<>();
            var children = doc.getDocumentElement().getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i) instanceof Element e) {
                    out.put(e.getTagName(), e.getTextContent());
                }
            }
            return out;
        } catch (Exception e) {
            throw new AssertionError("reply is not well-formed XML: " + e.getMessage() + "\n" + xml, e);
        }
    }

    static String sha1(String... parts) {
        String[] sorted = parts.clone();
        Arrays.sort(sorted);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static String randomString() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
