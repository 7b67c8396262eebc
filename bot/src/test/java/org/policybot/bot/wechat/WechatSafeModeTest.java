package org.policybot.bot.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safe mode end to end, with the channel App creates when CHATBOT_WECHAT_AES_KEY is set:
 * messages encrypted by WxJava as WeChat does, replies decrypted and their signature
 * checked on WeChat's side.
 */
class WechatSafeModeTest {

    @TempDir
    static Path data;

    static WechatRig rig;
    static WechatSide wechat;

    @BeforeAll
    static void start() throws Exception {
        rig = WechatRig.start(data, Map.of("CHATBOT_WECHAT_APP_ID", WechatSide.APP_ID,
                "CHATBOT_WECHAT_AES_KEY", WechatSide.AES_KEY));
        wechat = rig.production().wechat();
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void should_answer_an_encrypted_question_with_an_encrypted_cited_reply() {
        WechatSide.Reply reply = wechat.text("oSafeUser_0001", 31_000_001L, "焦作欠薪维权电话多少？");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("<Encrypt>").doesNotContain("5412333");
        assertThat(reply.fields()).containsEntry("ToUserName", "oSafeUser_0001").containsEntry("MsgType", "text");
        assertThat(reply.content()).contains("（0391）5412333", "【1】", "来源：");
    }

    @Test
    void should_echo_echostr_on_verification_in_safe_mode() {
        Map<String, String> query = WechatSide.signedQuery(WechatSide.now());
        query.put("echostr", "5838479218127813673");

        assertThat(wechat.send("GET", query, "").body()).isEqualTo("5838479218127813673");
    }

    @Test
    void should_refuse_with_403_a_message_encrypted_for_another_appid() {
        long before = rig.questionsAnswered();

        WechatSide.Reply reply = wechat.postEncrypted(WechatSide.textXml("oSafeUser_0002", 31_000_002L, "焦作欠薪维权电话多少？"),
                "wx0000000000000000");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(rig.questionsAnswered()).isEqualTo(before);
    }

    @Test
    void should_refuse_with_403_when_the_msg_signature_does_not_cover_the_ciphertext() {
        String xml = WechatSide.textXml("oSafeUser_0003", 31_000_003L, "焦作欠薪维权电话多少？");
        Map<String, String> query = WechatSide.signedQuery(WechatSide.now());
        query.put("encrypt_type", "aes");
        query.put("msg_signature", WechatSide.sha1(WechatSide.TOKEN, query.get("timestamp"), query.get("nonce"), "other"));
        String encrypt = new me.chanjar.weixin.common.util.crypto.WxCryptUtil(WechatSide.TOKEN, WechatSide.AES_KEY,
                WechatSide.APP_ID).encrypt("abcdefghijklmnop", xml);
        long before = rig.questionsAnswered();

        WechatSide.Reply reply = wechat.send("POST", query, "<xml><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(rig.questionsAnswered()).isEqualTo(before);
    }

    @Test
    void should_refuse_with_403_a_plaintext_message_when_safe_mode_is_configured() {
        WechatSide.Reply reply = wechat.send("POST", WechatSide.signedQuery(WechatSide.now()),
                WechatSide.textXml("oSafeUser_0004", 31_000_004L, "焦作欠薪维权电话多少？"));

        assertThat(reply.status()).isEqualTo(403);
    }

    @Test
    void should_refuse_with_400_a_ciphertext_that_is_not_aes() {
        Map<String, String> query = WechatSide.signedQuery(WechatSide.now());
        query.put("encrypt_type", "aes");
        String junk = "bm90IGEgY2lwaGVydGV4dA==";
        query.put("msg_signature", WechatSide.sha1(WechatSide.TOKEN, query.get("timestamp"), query.get("nonce"), junk));

        WechatSide.Reply reply = wechat.send("POST", query, "<xml><Encrypt><![CDATA[" + junk + "]]></Encrypt></xml>");

        assertThat(reply.status()).isEqualTo(400);
    }

    @Test
    void should_welcome_a_subscriber_with_an_encrypted_reply() {
        WechatSide.Reply reply = wechat.event("oSafeUser_0005", "subscribe");

        assertThat(reply.body()).contains("<Encrypt>");
        assertThat(reply.content()).contains("欢迎关注");
    }
}
