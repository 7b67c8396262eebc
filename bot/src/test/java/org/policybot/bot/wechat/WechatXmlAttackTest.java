package org.policybot.bot.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * XML attacks against both modes, correctly signed so they reach the parser: an external
 * file entity, an external DTD, a parameter entity fetching a DTD, and "billion laughs".
 * Each must get 400, leak nothing, fetch nothing and compute no answer.
 */
class WechatXmlAttackTest {

    @TempDir
    static Path data;

    static WechatRig rig;
    static WechatRig.Served plain;
    static WechatRig.Served safe;
    static HttpServer dtdHost;
    static final AtomicInteger DTD_FETCHES = new AtomicInteger();
    static Path secret;

    @BeforeAll
    static void start() throws Exception {
        rig = WechatRig.start(data, Map.of());
        plain = rig.production();
        safe = rig.serve(WechatRig.safeMode("http://127.0.0.1:9"), Duration.ofSeconds(4), Optional.empty());
        secret = Files.writeString(data.resolve("secret.txt"), "TOP-SECRET-XXE-CONTENT");
        dtdHost = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        dtdHost.createContext("/", exchange -> {
            DTD_FETCHES.incrementAndGet();
            byte[] dtd = ("<!ENTITY % file SYSTEM \"file://" + secret + "\"><!ENTITY leak \"%file;\">")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, dtd.length);
            exchange.getResponseBody().write(dtd);
            exchange.close();
        });
        dtdHost.start();
    }

    @AfterAll
    static void stop() {
        dtdHost.stop(0);
        rig.close();
    }

    static Stream<Arguments> attacks() {
        String dtdUrl = "http://127.0.0.1:" + dtdHost.getAddress().getPort() + "/evil.dtd";
        String body = "<xml><ToUserName><![CDATA[" + WechatSide.ACCOUNT + "]]></ToUserName><FromUserName><![CDATA[oAttacker_01]]>"
                + "</FromUserName><CreateTime>" + WechatSide.now() + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content>%s</Content><MsgId>%d</MsgId></xml>";
        String file = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file://" + secret + "\">]>"
                + body.formatted("&xxe;", 1L);
        String externalDtd = "<?xml version=\"1.0\"?><!DOCTYPE xml SYSTEM \"" + dtdUrl + "\">" + body.formatted("&leak;", 2L);
        String parameterEntity = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY % remote SYSTEM \"" + dtdUrl + "\"> %remote;]>"
                + body.formatted("&leak;", 3L);
        StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            laughs.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        String billionLaughs = laughs.append("]>").append(body.formatted("&lol9;", 4L)).toString();
        return Stream.of(
                Arguments.of("file entity", file),
                Arguments.of("external DTD", externalDtd),
                Arguments.of("parameter entity", parameterEntity),
                Arguments.of("billion laughs", billionLaughs));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void should_refuse_xml_with_a_doctype_in_plaintext_mode(String name, String xml) {
        long before = rig.questionsAnswered();

        WechatSide.Reply reply = plain.wechat().post(xml);

        assertRefused(reply, before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void should_refuse_xml_with_a_doctype_inside_the_encrypted_message_in_safe_mode(String name, String xml) {
        long before = rig.questionsAnswered();

        WechatSide.Reply reply = safe.wechat().post(xml);

        assertRefused(reply, before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void should_refuse_a_safe_mode_envelope_with_a_doctype(String name, String xml) {
        String envelope = xml.substring(0, xml.indexOf("<xml>")) + "<xml><Encrypt><![CDATA[abc]]></Encrypt></xml>";
        Map<String, String> query = WechatSide.signedQuery(WechatSide.now());
        query.put("encrypt_type", "aes");
        query.put("msg_signature", WechatSide.sha1(WechatSide.TOKEN, query.get("timestamp"), query.get("nonce"), "abc"));
        long before = rig.questionsAnswered();

        WechatSide.Reply reply = safe.wechat().send("POST", query, envelope);

        assertRefused(reply, before);
    }

    private static void assertRefused(WechatSide.Reply reply, long answeredBefore) {
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).doesNotContain("TOP-SECRET").doesNotContain("lollol");
        assertThat(DTD_FETCHES.get()).isZero();
        assertThat(rig.questionsAnswered()).isEqualTo(answeredBefore);
    }
}
