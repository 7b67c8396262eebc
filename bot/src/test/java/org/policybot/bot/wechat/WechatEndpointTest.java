package org.policybot.bot.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.policybot.bot.channel.TextSplitter;
import org.policybot.bot.llm.LogCapture;
import org.slf4j.LoggerFactory;

/**
 * The plaintext-mode endpoint end to end: the channel App creates from the settings, over
 * real HTTP, fed messages built and signed the way WeChat sends them, answered by the real
 * answer service over the bundled articles, remembered in real SQLite.
 */
class WechatEndpointTest {

    @TempDir
    static Path data;

    static WechatRig rig;
    static WechatSide wechat;
    /** WeChat's side talking to the application's own web server, as in production. */
    static WechatSide served;
    static final AtomicLong MSG_IDS = new AtomicLong(24_000_000_000_000_000L);
    static final AtomicLong USERS = new AtomicLong();

    @BeforeAll
    static void start() throws Exception {
        rig = WechatRig.start(data, Map.of("CHATBOT_RATE_LIMIT_BURST", "3", "CHATBOT_RATE_LIMIT_PER_MINUTE", "1"));
        wechat = rig.production().wechat();
        served = new WechatSide("http://127.0.0.1:" + rig.app.port() + "/wechat", false);
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    static String newUser() {
        return "oUser_" + USERS.incrementAndGet() + "_Ab3dEfGh1jKlMn";
    }

    static long newMsgId() {
        return MSG_IDS.incrementAndGet();
    }

    @Test
    void should_echo_echostr_when_the_verification_is_signed_with_our_token() {
        Map<String, String> query = WechatSide.signedQuery(WechatSide.now());
        query.put("echostr", "7349206219372961634");

        WechatSide.Reply reply = wechat.send("GET", query, "");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("7349206219372961634");
    }

    @Test
    void should_refuse_verification_with_403_when_the_signature_is_not_ours() {
        Map<String, String> query = WechatSide.signedQuery(WechatSide.now());
        query.put("signature", WechatSide.sha1("another-token", query.get("timestamp"), query.get("nonce")));
        query.put("echostr", "7349206219372961634");

        WechatSide.Reply reply = wechat.send("GET", query, "");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).doesNotContain("7349206219372961634");
    }

    @Test
    void should_answer_a_text_question_with_cited_plain_text_when_signed() {
        String user = newUser();

        WechatSide.Reply reply = wechat.text(user, newMsgId(), "焦作欠薪维权电话多少？");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.fields()).containsEntry("ToUserName", user).containsEntry("FromUserName", WechatSide.ACCOUNT)
                .containsEntry("MsgType", "text");
        assertThat(reply.content()).contains("（0391）5412333").contains("【1】").contains("来源：")
                .doesNotContain("[1]").doesNotContain("**");
        assertThat(TextSplitter.bytes(reply.content())).isLessThanOrEqualTo(2048);
    }

    @Test
    void should_refuse_with_403_and_answer_nothing_when_the_message_signature_is_bad() {
        long before = rig.questionsAnswered();
        Map<String, String> query = WechatSide.signedQuery(WechatSide.now());
        query.put("signature", "0".repeat(40));

        WechatSide.Reply reply = wechat.send("POST", query, WechatSide.textXml(newUser(), newMsgId(), "焦作欠薪维权电话多少？"));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(rig.questionsAnswered()).isEqualTo(before);
    }

    @Test
    void should_refuse_with_403_when_the_signature_is_missing() {
        WechatSide.Reply reply = wechat.send("POST", Map.of("timestamp", Long.toString(WechatSide.now()), "nonce", "1"),
                WechatSide.textXml(newUser(), newMsgId(), "焦作欠薪维权电话多少？"));

        assertThat(reply.status()).isEqualTo(403);
    }

    @Test
    void should_refuse_with_403_when_a_correctly_signed_timestamp_is_ten_minutes_old() {
        long before = rig.questionsAnswered();

        WechatSide.Reply reply = wechat.send("POST", WechatSide.signedQuery(WechatSide.now() - 600),
                WechatSide.textXml(newUser(), newMsgId(), "焦作欠薪维权电话多少？"));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(rig.questionsAnswered()).isEqualTo(before);
    }

    @Test
    void should_refuse_a_body_over_64_kb_with_413() {
        String huge = "问".repeat(23_000);

        WechatSide.Reply reply = wechat.text(newUser(), newMsgId(), huge);

        assertThat(reply.status()).isEqualTo(413);
    }

    @Test
    void should_refuse_an_encrypted_message_with_400_when_no_aes_key_is_configured() {
        Map<String, String> query = WechatSide.signedQuery(WechatSide.now());
        query.put("encrypt_type", "aes");
        query.put("msg_signature", "0".repeat(40));

        WechatSide.Reply reply = wechat.send("POST", query, "<xml><Encrypt><![CDATA[abc]]></Encrypt></xml>");

        assertThat(reply.status()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<xml><ToUserName><![CDATA[gh_1]]></ToUserName>",
            "not xml at all",
            "<xml><a></b></xml>",
            "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY e \"x\">]><xml>&e;</xml>",
            "<xml><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[社保]]></Content></xml>",
            "<xml><FromUserName><![CDATA[oX]]></FromUserName><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[社保]]></Content></xml>"})
    void should_refuse_a_body_that_is_not_a_wechat_message_without_saying_how_it_was_parsed(String body) {
        WechatSide.Reply reply = wechat.post(body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).isEqualTo("bad request");
    }

    @Test
    void should_compute_each_answer_once_and_give_every_delivery_of_a_msgid_the_same_reply_when_10_messages_come_3_times_at_once()
            throws Exception {
        // given: 10 messages from 10 users, each delivered 3 times at once, as WeChat retries: same query, same body
        long before = rig.questionsAnswered();
        List<String> users = IntStream.range(0, 10).mapToObj(i -> newUser()).toList();
        List<Map<String, String>> queries = users.stream().map(u -> WechatSide.signedQuery(WechatSide.now())).toList();
        List<String> bodies = users.stream().map(u -> WechatSide.textXml(u, newMsgId(), "焦作欠薪维权电话多少？")).toList();
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(30);
        try {
            // when
            List<CompletableFuture<WechatSide.Reply>> deliveries = IntStream.range(0, 30)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> served.send("POST", queries.get(i % 10), bodies.get(i % 10)),
                            senders)).toList();
            List<WechatSide.Reply> replies = deliveries.stream().map(CompletableFuture::join).toList();
            WechatSide.Reply late = served.send("POST", queries.get(0), bodies.get(0));

            // then: one answer computed per message, and its three deliveries (and a late one) get the same reply
            assertThat(replies).extracting(WechatSide.Reply::status).containsOnly(200);
            for (int m = 0; m < 10; m++) {
                int message = m;
                List<String> contents = IntStream.range(0, 30).filter(i -> i % 10 == message)
                        .mapToObj(i -> replies.get(i).content()).toList();
                assertThat(contents).as("message %d", m).hasSize(3).containsOnly(contents.get(0));
                assertThat(contents.get(0)).contains("5412333");
                assertThat(replies.get(m).fields()).containsEntry("ToUserName", users.get(m));
            }
            assertThat(late.content()).isEqualTo(replies.get(0).content());
            assertThat(rig.questionsAnswered()).isEqualTo(before + 10);
        } finally {
            senders.shutdownNow();
        }
    }

    @Test
    void should_refuse_a_captured_signature_replayed_with_other_bodies_and_users_within_its_window() {
        // given: one signed query, captured as WeChat used it for a user's message
        String victim = newUser();
        Map<String, String> captured = WechatSide.signedQuery(WechatSide.now());
        String message = WechatSide.textXml(victim, newMsgId(), "焦作欠薪维权电话多少？");
        WechatSide.Reply original = served.send("POST", captured, message);
        assertThat(original.content()).contains("5412333");
        long before = rig.questionsAnswered();

        // when: the same query comes with 20 other bodies, as 20 other users (one asks for the victim's "更多")
        List<WechatSide.Reply> replays = IntStream.range(0, 20).mapToObj(i -> served.send("POST", captured,
                WechatSide.textXml(i == 0 ? victim : newUser(), newMsgId(), i == 0 ? "更多" : "社保怎么转移？第" + i + "次"))).toList();

        // then: refused as a bad signature is, nothing answered
        assertThat(replays).extracting(WechatSide.Reply::status).containsOnly(403);
        assertThat(replays).extracting(WechatSide.Reply::body).containsOnly("forbidden");
        assertThat(rig.questionsAnswered()).isEqualTo(before);
        assertThat(served.send("POST", captured, message).content()).as("the same request again: WeChat's retry")
                .isEqualTo(original.content());
        assertThat(served.send("POST", WechatSide.signedQuery(WechatSide.now()),
                WechatSide.textXml(newUser(), newMsgId(), "焦作欠薪维权电话多少？")).status())
                .as("a fresh signature still works").isEqualTo(200);
    }

    @Test
    void should_refuse_hundreds_of_forged_and_replayed_requests_with_one_log_line() throws Exception {
        // given: a channel of its own, so no earlier refusal has used the log's allowance
        WechatSide fresh = rig.serve(WechatRig.plaintext("http://127.0.0.1:9"), Duration.ofSeconds(4), Optional.empty()).wechat();
        Map<String, String> captured = WechatSide.signedQuery(WechatSide.now());
        assertThat(fresh.send("POST", captured, WechatSide.textXml(newUser(), newMsgId(), "你好")).status()).isEqualTo(200);
        double before = rig.app.context().metrics().counter("policybot.wechat.refused", "status", "403").count();

        List<WechatSide.Reply> replies;
        try (LogCapture logs = LogCapture.asConfigured()) {
            // when: 300 forged signatures, then 100 replays of the captured query with other bodies
            replies = IntStream.range(0, 400).mapToObj(i -> {
                if (i < 300) {
                    Map<String, String> forged = WechatSide.signedQuery(WechatSide.now());
                    forged.put("signature", "0".repeat(40));
                    return fresh.send("POST", forged, WechatSide.textXml(newUser(), newMsgId(), "社保"));
                }
                return fresh.send("POST", captured, WechatSide.textXml(newUser(), newMsgId(), "社保第" + i + "次"));
            }).toList();

            // then: every one refused and counted; the log holds one short line for all of them
            assertThat(logs.messages()).filteredOn(m -> m.contains("WeChat request from")).singleElement()
                    .satisfies(m -> assertThat(m).contains("refused (403)"));
            assertThat(logs.characters()).isLessThan(1_000);
        }
        assertThat(replies).extracting(WechatSide.Reply::status).containsOnly(403);
        assertThat(rig.app.context().metrics().counter("policybot.wechat.refused", "status", "403").count() - before)
                .isEqualTo(400.0);
    }

    @Test
    void should_welcome_a_new_subscriber_with_example_questions() {
        WechatSide.Reply reply = wechat.event(newUser(), "subscribe");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.content()).contains("欢迎关注", "您可以这样问");
        assertThat(reply.content().lines().filter(l -> l.matches("\\d\\. .+？"))).hasSizeGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"unsubscribe", "CLICK", "VIEW", "SCAN", "LOCATION", "some_future_event"})
    void should_reply_success_when_the_event_is_not_a_subscription(String event) {
        WechatSide.Reply reply = wechat.event(newUser(), event);

        assertThat(reply.isSuccess()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://mmbiz.qpic.cn/x]]></PicUrl><MediaId><![CDATA[m]]></MediaId>",
            "<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m]]></MediaId><Format><![CDATA[amr]]></Format>",
            "<MsgType><![CDATA[location]]></MsgType><Location_X>23.13</Location_X><Location_Y>113.35</Location_Y><Scale>20</Scale>"})
    void should_ask_to_type_the_question_when_the_message_is_not_text(String body) {
        String xml = "<xml><ToUserName><![CDATA[" + WechatSide.ACCOUNT + "]]></ToUserName><FromUserName><![CDATA["
                + newUser() + "]]></FromUserName><CreateTime>" + WechatSide.now() + "</CreateTime>" + body
                + "<MsgId>" + newMsgId() + "</MsgId></xml>";

        WechatSide.Reply reply = wechat.post(xml);

        assertThat(reply.content()).contains("文字问题").contains("请直接输入");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u200b", "\ufeff\u2060", "\ufffd\ufffd", " \u3000\u200b\u200d "})
    void should_ask_to_type_the_question_when_the_text_holds_only_invisible_characters(String text) {
        long before = rig.questionsAnswered();

        WechatSide.Reply reply = wechat.text(newUser(), newMsgId(), text);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.content()).isEqualTo("目前只能回答文字问题，请直接输入您想咨询的问题，例如：“退役军人的养老保险关系怎么接续？”");
        assertThat(rig.questionsAnswered()).isEqualTo(before);
    }

    @Test
    void should_say_there_is_no_more_when_more_is_asked_without_a_long_answer() {
        WechatSide.Reply reply = wechat.text(newUser(), newMsgId(), "更多");

        assertThat(reply.content()).isEqualTo("没有更多内容了。请直接输入新的问题。");
    }

    @Test
    void should_resolve_a_follow_up_with_the_memory_of_the_same_openid() {
        String user = newUser();
        wechat.text(user, newMsgId(), "我19年从部队退下来的，养老保险关系要自己接续吗");

        WechatSide.Reply followUp = wechat.text(user, newMsgId(), "具体去哪儿办？");

        assertThat(followUp.content()).contains("前往安置地的养老保险经办机构");
    }

    @Test
    void should_tell_a_user_who_asks_too_fast_to_wait() {
        String user = newUser();
        for (int i = 0; i < 3; i++) {
            assertThat(wechat.text(user, newMsgId(), "焦作欠薪维权电话多少？").content()).contains("5412333");
        }

        WechatSide.Reply fourth = wechat.text(user, newMsgId(), "焦作欠薪维权电话多少？");

        assertThat(fourth.content()).startsWith("您提问得太快了").contains("秒后再试");
    }

    @Test
    void should_keep_openids_and_phone_numbers_out_of_the_logs() {
        Logger logger = (Logger) LoggerFactory.getLogger("org.policybot");
        Level level = logger.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        String user = "oSecretOpenId_9f8e7d6c5b4a";
        try {
            wechat.text(user, newMsgId(), "我的手机号13812345678，身份证410823199001011234，社保怎么转？");
            Map<String, String> bad = WechatSide.signedQuery(WechatSide.now());
            bad.put("signature", "1".repeat(40));
            wechat.send("POST", bad, WechatSide.textXml(user, newMsgId(), "13812345678"));
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }

        List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anyMatch(l -> l.contains("oS***4a"));
        assertThat(lines).noneMatch(l -> l.contains(user) || l.contains("13812345678") || l.contains("410823199001011234"));
    }
}
