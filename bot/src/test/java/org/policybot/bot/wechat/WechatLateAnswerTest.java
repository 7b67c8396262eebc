package org.policybot.bot.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.TestSettings;
import org.policybot.bot.llm.DelayingProxy;
import org.policybot.bot.llm.Llm;
import org.policybot.bot.llm.MockLlmServer;
import org.policybot.config.Settings;
import org.slf4j.LoggerFactory;

/**
 * A model slower than the time budget (the real LangChain4j answerer against the
 * OpenAI-compatible mock, behind a proxy that waits): WeChat gets "success" at once and the answer goes
 * out through the customer-service API (a local stand-in of WeChat's API server, with
 * WxJava fetching and caching the access token), or, when that API is not permitted, is
 * kept for WeChat's retry or the user's next message.
 */
class WechatLateAnswerTest {

    static final Duration BUDGET = Duration.ofMillis(500);
    static final long MODEL_MILLIS = 3000;

    @TempDir
    static Path data;

    static WechatRig rig;
    static WechatApiStandIn api;
    static WechatSide wechat;
    static WechatStore store;

    /** The real LangChain4j answerer against the OpenAI-compatible mock, behind a proxy that waits. */
    @RegisterExtension
    static final MockLlmServer llm = new MockLlmServer();

    static DelayingProxy slowNetwork;

    @BeforeAll
    static void start() throws Exception {
        rig = WechatRig.start(data, Map.of());
        api = new WechatApiStandIn();
        slowNetwork = new DelayingProxy(llm.url(), Duration.ofMillis(MODEL_MILLIS));
        Settings withModel = TestSettings.of(data.resolve("model"), Map.of(
                "CHATBOT_LLM_PROVIDER", "openai",
                "CHATBOT_LLM_BASE_URL", slowNetwork.url() + "/v1",
                "CHATBOT_LLM_MODEL", "mock",
                "CHATBOT_LLM_TIMEOUT_MS", "20000"));
        wechat = rig.serve(WechatRig.plaintext(api.baseUrl() + "/"), BUDGET, Llm.answerer(withModel)).wechat();
        store = new WechatStore(rig.app.context().database(), Clock.systemUTC());
    }

    @BeforeEach
    void slowModelAnswers() throws Exception {
        llm.rules(MockLlmServer.Rule.chat("@", SLOW_ANSWER));
    }

    static final String SLOW_ANSWER = "慢速模型的回答：以下内容摘自所引文章[1]。";

    @AfterEach
    void acceptAgain() {
        api.refuseWith.set(null);
    }

    @AfterAll
    static void stop() {
        slowNetwork.close();
        api.close();
        rig.close();
    }

    @Test
    void should_reply_success_at_once_and_send_the_answer_as_a_customer_service_message() {
        long answeredBefore = rig.questionsAnswered();

        WechatSide.Reply reply = wechat.text("oLateUser_0001", 41_000_001L, "焦作欠薪维权电话多少？");

        assertThat(reply.isSuccess()).isTrue();
        assertThat(reply.took()).isLessThan(Duration.ofMillis(MODEL_MILLIS - 500));
        await().atMost(Duration.ofSeconds(20)).until(() -> api.sent.stream()
                .anyMatch(s -> s.json().path("touser").asText().equals("oLateUser_0001")));
        WechatApiStandIn.Sent sent = api.sent.stream()
                .filter(s -> s.json().path("touser").asText().equals("oLateUser_0001")).findFirst().orElseThrow();
        assertThat(sent.accessToken()).isEqualTo(api.issuedToken);
        assertThat(sent.json().path("msgtype").asText()).isEqualTo("text");
        assertThat(sent.json().path("text").path("content").asText()).contains("慢速模型的回答").contains("【1】", "来源：");
        assertThat(api.tokenRequests).isNotEmpty().allSatisfy(q -> assertThat(q)
                .containsEntry("grant_type", "client_credential").containsEntry("appid", WechatSide.APP_ID));

        WechatSide.Reply retry = wechat.text("oLateUser_0001", 41_000_001L, "焦作欠薪维权电话多少？");

        assertThat(retry.isSuccess()).isTrue();
        assertThat(rig.questionsAnswered()).isEqualTo(answeredBefore + 1);
    }

    @Test
    void should_fetch_the_access_token_once_for_several_late_answers() {
        wechat.text("oLateUser_0002", 41_000_002L, "焦作欠薪维权电话多少？");
        wechat.text("oLateUser_0003", 41_000_003L, "焦作欠薪维权电话多少？");

        await().atMost(Duration.ofSeconds(20)).until(() -> api.sent.stream()
                .filter(s -> s.json().path("touser").asText().matches("oLateUser_000[23]")).count() == 2);
        assertThat(api.tokenRequests).hasSize(1);
    }

    @Test
    void should_give_the_kept_answer_to_the_retry_when_customer_service_is_not_permitted() {
        api.refuseWith.set(48001);

        WechatSide.Reply first = wechat.text("oLateUser_0004", 41_000_004L, "焦作欠薪维权电话多少？");
        await().atMost(Duration.ofSeconds(20)).until(() -> isKept(41_000_004L));
        WechatSide.Reply retry = wechat.text("oLateUser_0004", 41_000_004L, "焦作欠薪维权电话多少？");

        assertThat(first.isSuccess()).isTrue();
        assertThat(api.refused).anyMatch(j -> j.path("touser").asText().equals("oLateUser_0004"));
        assertThat(retry.content()).contains("慢速模型的回答").contains("【1】");
        assertThat(wechat.text("oLateUser_0004", 41_000_004L, "焦作欠薪维权电话多少？").content()).isEqualTo(retry.content());
    }

    @Test
    void should_give_kept_answers_with_the_reply_to_the_next_message_when_customer_service_is_not_permitted() {
        api.refuseWith.set(48001);
        wechat.text("oLateUser_0005", 41_000_005L, "焦作欠薪维权电话多少？");
        await().atMost(Duration.ofSeconds(20)).until(() -> isKept(41_000_005L));

        int refusedBefore = api.refused.size();
        WechatSide.Reply next = wechat.text("oLateUser_0005", 41_000_006L, "退役军人养老保险关系怎么接续？");

        assertThat(next.content()).startsWith("您问：“焦作欠薪维权电话多少？”").contains("慢速模型的回答")
                .endsWith("（您刚发送的问题还在查询中，稍后发送任意消息即可查看回答。）");

        // Kept once the push of this answer was refused and the answer given back (ready again
        // after the refusal); until then a "更多" may find it taken by the push.
        await().atMost(Duration.ofSeconds(20)).until(() -> api.refused.size() > refusedBefore && isKept(41_000_006L));
        WechatSide.Reply more = wechat.text("oLateUser_0005", 41_000_007L, "更多");

        assertThat(more.content()).startsWith("您问：“退役军人养老保险关系怎么接续？”").contains("慢速模型的回答");
        assertThat(wechat.text("oLateUser_0005", 41_000_008L, "更多").content()).isEqualTo("没有更多内容了。请直接输入新的问题。");
    }

    @Test
    void should_log_neither_the_openid_nor_the_access_token_when_customer_service_fails() {
        api.refuseWith.set(48001);
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        try {
            wechat.text("oLateUser_0009", 41_000_009L, "焦作欠薪维权电话多少？");
            await().atMost(Duration.ofSeconds(20)).until(() -> isKept(41_000_009L));
        } finally {
            root.detachAppender(appender);
        }

        List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anyMatch(l -> l.contains("oL***09") && l.contains("48001"));
        assertThat(lines).noneMatch(l -> l.contains("oLateUser_0009") || l.contains(api.issuedToken));
    }

    private static boolean isKept(long msgId) {
        return store.find(Long.toString(msgId)).map(s -> s.state() == WechatStore.State.READY).orElse(false)
                && api.refused.size() > 0;
    }
}
