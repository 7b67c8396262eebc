package org.policybot.bot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.policybot.bot.web.WebApiTest.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Staff manage the articles folder over HTTP: upload (Word and text files, checked before
 * they go in, one rebuild per upload), list, replace and delete, behind the admin token,
 * on a server over its own copy of the bundled articles.
 */
class WebDocumentsTest {

    static final String TOKEN = WebAdminTest.TOKEN;
    static final String[] AUTH = {"Authorization", "Bearer " + TOKEN};
    static final String DOCX_FACT = "庚河市城乡居民养老保险个人缴费标准设为每年五百元至三千元八个档次，参保人自主选择档次缴费。";
    static final String TXT_FACT = "辛山县失业人员领取失业保险金期间，每月可以另外领取一百二十元的价格临时补贴。";

    @RegisterExtension
    static final RunningApp server = RunningApp.withoutRateLimits(Map.of("CHATBOT_ADMIN_TOKEN", TOKEN)).withOwnArticles();

    @RegisterExtension
    static final RunningApp small = RunningApp.withoutRateLimits(Map.of("CHATBOT_ADMIN_TOKEN", TOKEN,
            "CHATBOT_HTTP_MAX_UPLOAD_BYTES", "100000")).withOwnArticles();

    static byte[] docx(String... paragraphs) throws Exception {
        try (XWPFDocument d = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String p : paragraphs) {
                d.createParagraph().createRun().setText(p);
            }
            d.write(out);
            return out.toByteArray();
        }
    }

    static Http.Reply upload(RunningApp app, Multipart body, String... headers) {
        return app.http().send(app.http().request("/api/admin/documents", headers)
                .header("Content-Type", Multipart.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())));
    }

    static Http.Reply delete(RunningApp app, String name, String... headers) {
        return app.http().send(app.http().request("/api/admin/documents/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"), headers).DELETE());
    }

    static JsonNode listed(RunningApp app, String name) {
        Http.Reply r = app.http().get("/api/admin/documents", AUTH);
        assertThat(r.status()).isEqualTo(200);
        for (JsonNode d : r.json().path("documents")) {
            if (d.path("file").asText().equals(name)) {
                return d;
            }
        }
        return null;
    }

    static List<String> folder(RunningApp app) throws Exception {
        try (Stream<Path> s = Files.list(app.articles())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static JsonNode file(Http.Reply r, int i) {
        return r.json().path("files").get(i);
    }

    @Test
    void should_add_a_word_file_and_a_text_file_and_answer_from_them_citing_the_file() throws Exception {
        // given
        Multipart body = new Multipart()
                .file("庚河养老.docx", docx("庚河市城乡居民养老保险缴费办法", "城乡居民可以在户籍所在地参加城乡居民养老保险。", DOCX_FACT))
                .file("辛山补贴.txt", "辛山县失业保险金价格临时补贴发放通知\n\n" + TXT_FACT + "\n");

        // when
        Http.Reply r = upload(server, body, AUTH);

        // then
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(file(r, 0).path("file").asText()).isEqualTo("庚河养老.docx");
        assertThat(file(r, 0).path("status").asText()).isEqualTo("added");
        assertThat(file(r, 0).path("articles").asInt()).isPositive();
        assertThat(file(r, 0).path("passages").asInt()).isPositive();
        assertThat(file(r, 1).path("status").asText()).isEqualTo("added");
        assertThat(r.json().path("build").path("articles").asInt()).isGreaterThanOrEqualTo(7);
        JsonNode listed = listed(server, "庚河养老.docx");
        assertThat(listed.path("status").asText()).isEqualTo("indexed");
        assertThat(listed.path("type").asText()).isEqualTo("docx");
        assertThat(listed.path("title").asText()).contains("庚河市");
        assertThat(listed.path("articles")).isNotEmpty();
        assertThat(listed.path("bytes").asLong()).isPositive();
        assertThat(Files.list(server.data().resolve("uploads")).toList()).as("nothing left in the work folder").isEmpty();

        JsonNode answer = server.http().ask(Http.json(Map.of("question", "庚河市城乡居民养老保险个人缴费标准是多少？"))).json();
        assertThat(answer.path("citations").get(0).path("file").asText()).isEqualTo("庚河养老.docx");
        JsonNode other = server.http().ask(Http.json(Map.of("question", "辛山县失业人员每月可以领取多少价格临时补贴？"))).json();
        assertThat(other.path("citations").get(0).path("file").asText()).isEqualTo("辛山补贴.txt");
    }

    @Test
    void should_replace_a_file_of_the_same_name_and_then_delete_it_with_its_sidecar() throws Exception {
        // given
        assertThat(upload(server, new Multipart().file("壬水通知.txt", "壬水县旧通知\n\n壬水县灵活就业人员参保补贴为每月一百元。\n"), AUTH).status())
                .isEqualTo(201);
        Files.writeString(server.articles().resolve("壬水通知.txt.meta.yaml"), "title: 壬水县灵活就业参保补贴通知\nexpires: 2020-12-31\n");

        // when
        Http.Reply replaced = upload(server, new Multipart().file("壬水通知.txt",
                "壬水县新通知\n\n壬水县灵活就业人员参保补贴自今年起提高为每月二百五十元。\n"), AUTH);

        // then
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(201);
        assertThat(file(replaced, 0).path("status").asText()).isEqualTo("replaced");
        assertThat(Files.readString(server.articles().resolve("壬水通知.txt"))).contains("二百五十元");
        JsonNode listed = listed(server, "壬水通知.txt");
        assertThat(listed.path("status").asText()).isEqualTo("indexed");
        assertThat(listed.path("sidecar").asText()).isEqualTo("壬水通知.txt.meta.yaml");
        assertThat(listed.path("title").asText()).isEqualTo("壬水县灵活就业参保补贴通知");
        assertThat(listed.path("validity").path("status").asText()).isEqualTo("expired");
        JsonNode hits = server.http().get("/api/search?q=" + URLEncoder.encode("壬水县灵活就业人员参保补贴", StandardCharsets.UTF_8)).json();
        assertThat(hits.path("hits").get(0).path("text").asText()).contains("二百五十元");

        // when
        Http.Reply removed = delete(server, "壬水通知.txt", AUTH);

        // then
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(removed.json().path("build").path("articles").asInt()).isPositive();
        assertThat(folder(server)).doesNotContain("壬水通知.txt", "壬水通知.txt.meta.yaml");
        assertThat(listed(server, "壬水通知.txt")).isNull();
        assertError(delete(server, "壬水通知.txt", AUTH), 404, "没有这个文件");
        assertError(delete(server, "../pom.xml", AUTH), 404, "没有这个文件");
    }

    @Test
    void should_refuse_an_unknown_type_with_the_types_that_are_read() throws Exception {
        List<String> before = folder(server);

        Http.Reply r = upload(server, new Multipart().file("表格.xlsx", new byte[] {1, 2, 3}).file("程序.exe", "MZ"), AUTH);

        assertError(r, 415, "不支持的文件类型");
        assertThat(file(r, 0).path("status").asText()).isEqualTo("refused");
        assertThat(file(r, 0).path("reason").asText()).contains(".xlsx").contains("docx");
        assertThat(folder(server)).isEqualTo(before);
    }

    @Test
    void should_clean_odd_names_and_say_so_and_refuse_names_that_leave_nothing() throws Exception {
        // when
        Http.Reply r = upload(server, new Multipart()
                .file("../../etc/癸山\u200B说明.txt", "癸山县社保卡补办说明\n\n癸山县参保人补办社会保障卡须携带本人身份证到经办网点办理。\n")
                .file("..hidden.md", "# 癸山县医保转移说明\n\n癸山县参保人跨省转移医保关系可以在国家医保服务平台申请。\n")
                .file("...", "空"), AUTH);

        // then
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(file(r, 0).path("file").asText()).isEqualTo("癸山说明.txt");
        assertThat(file(r, 0).path("submitted").asText()).startsWith("../../etc/");
        assertThat(file(r, 0).path("renamed").asText()).contains("路径").contains("不可见字符");
        assertThat(file(r, 1).path("file").asText()).isEqualTo("hidden.md");
        assertThat(file(r, 1).path("renamed").asText()).contains("开头的点");
        assertThat(file(r, 2).path("status").asText()).isEqualTo("refused");
        assertThat(file(r, 2).path("reason").asText()).contains("文件名无效");
        assertThat(folder(server)).contains("癸山说明.txt", "hidden.md");
        assertThat(Files.exists(server.data().resolve("etc"))).isFalse();
        assertThat(Files.exists(server.articles().getParent().getParent().resolve("etc"))).isFalse();
    }

    @Test
    void should_refuse_a_corrupt_word_file_and_an_empty_text_while_the_index_keeps_serving() throws Exception {
        // given
        String builtAt = server.http().get("/health").json().path("indexBuiltAt").asText();
        byte[] noise = new byte[4000];
        new java.util.Random(7).nextBytes(noise);
        noise[0] = 'P';
        noise[1] = 'K';

        // when
        Http.Reply r = upload(server, new Multipart().file("损坏.docx", noise).file("空白.txt", "\n\n  \n"), AUTH);

        // then
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).startsWith("没有文件加入");
        assertThat(file(r, 0).path("status").asText()).isEqualTo("refused");
        assertThat(file(r, 0).path("reason").asText()).startsWith("无法读出文章").contains("cannot be parsed");
        assertThat(file(r, 1).path("reason").asText()).contains("no article text");
        assertThat(folder(server)).doesNotContain("损坏.docx", "空白.txt");
        assertThat(server.http().get("/health").json().path("indexBuiltAt").asText()).isEqualTo(builtAt);
        assertThat(server.http().get("/api/search?q=" + URLEncoder.encode("养老保险", StandardCharsets.UTF_8)).status()).isEqualTo(200);
    }

    @Test
    void should_refuse_requests_without_the_right_token_and_without_files() {
        Multipart body = new Multipart().file("甲.txt", "甲\n\n甲县通知。\n");
        assertError(upload(server, body), 401, "Bearer");
        assertError(upload(server, body, "Authorization", "Bearer wrong-token-0123456789abcdef"), 401, "Bearer");
        assertError(server.http().get("/api/admin/documents"), 401, "Bearer");
        assertError(delete(server, "000_4ef72f09c3654e03.txt", "Authorization", "Bearer wrong-token-0123456789abcdef"), 401, "Bearer");
        assertError(server.http().send(server.http().request("/api/admin/documents", AUTH).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("x"))), 415, "multipart/form-data");
        assertError(upload(server, new Multipart().part("note", null, "x".getBytes(StandardCharsets.UTF_8)), AUTH), 400, "file 字段");
    }

    @Test
    void should_run_concurrent_uploads_one_at_a_time_and_keep_every_file() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Http.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String name = "并发" + i + ".txt";
                String text = "子" + i + "县通知\n\n子" + i + "县参保人员可以在线申请养老保险关系转移，办理时限为" + (10 + i) + "个工作日。\n";
                replies.add(pool.submit(() -> upload(server, new Multipart().file(name, text), AUTH)));
            }
            for (Future<Http.Reply> f : replies) {
                Http.Reply r = f.get();
                assertThat(r.status()).as(r.body()).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 4; i++) {
            assertThat(listed(server, "并发" + i + ".txt").path("status").asText()).isEqualTo("indexed");
        }
    }

    @Test
    void should_answer_413_for_an_upload_over_the_limit_declared_or_not_and_keep_the_folder() throws Exception {
        List<String> before = folder(small);
        byte[] big = new byte[150_000];
        java.util.Arrays.fill(big, (byte) 'a');
        byte[] body = new Multipart().file("大.txt", big).bytes();

        // Declared: refused before the body is read.
        try (RawClient c = RawClient.connect(small.port(), "127.0.0.61")) {
            c.write("POST /api/admin/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Type: " + Multipart.CONTENT_TYPE + "\r\nContent-Length: " + body.length + "\r\n\r\n");
            c.write(java.util.Arrays.copyOf(body, 1000));
            RawClient.Answer a = c.read(Duration.ofSeconds(10));
            assertThat(a.status()).isEqualTo(413);
            assertThat(a.body()).contains("上传太大").contains("100000");
        }
        // Chunked: counted while it arrives.
        try (RawClient c = RawClient.connect(small.port(), "127.0.0.62")) {
            c.write("POST /api/admin/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Type: " + Multipart.CONTENT_TYPE + "\r\nTransfer-Encoding: chunked\r\n\r\n");
            try {
                for (int at = 0; at < body.length; at += 8192) {
                    byte[] chunk = java.util.Arrays.copyOfRange(body, at, Math.min(body.length, at + 8192));
                    c.write(Integer.toHexString(chunk.length) + "\r\n").write(chunk).write("\r\n");
                }
                c.write("0\r\n\r\n");
            } catch (java.io.UncheckedIOException closedByTheServer) {
                // The answer came before the whole body: read it below.
            }
            RawClient.Answer a = c.read(Duration.ofSeconds(10));
            assertThat(a.status()).isEqualTo(413);
            assertThat(a.body()).contains("上传太大");
        }
        assertThat(folder(small)).isEqualTo(before);
        assertThat(Files.list(small.data().resolve("uploads")).toList()).isEmpty();
        // Under the limit the same server takes it.
        assertThat(upload(small, new Multipart().file("小.txt", "丑县通知\n\n丑县参保人员可以在手机上查询缴费记录。\n"), AUTH).status()).isEqualTo(201);
    }

    @Test
    void should_change_nothing_when_the_client_breaks_an_upload_off() throws Exception {
        // given
        List<String> before = folder(server);
        String builtAt = server.http().get("/health").json().path("indexBuiltAt").asText();
        byte[] body = new Multipart().file("断开.txt", "寅县通知\n\n" + "寅县参保人员可以在线办理。".repeat(3000) + "\n").bytes();

        // when: half the body is sent, then the connection is reset
        RawClient c = RawClient.connect(server.port(), "127.0.0.63");
        c.write("POST /api/admin/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                + "\r\nContent-Type: " + Multipart.CONTENT_TYPE + "\r\nContent-Length: " + body.length + "\r\n\r\n");
        c.write(java.util.Arrays.copyOf(body, body.length / 2));
        Thread.sleep(300);
        c.abort();

        // then
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (Stream<Path> left = Files.list(server.data().resolve("uploads"))) {
                assertThat(left.toList()).isEmpty();
            }
        });
        assertThat(folder(server)).isEqualTo(before);
        assertThat(server.http().get("/health").json().path("indexBuiltAt").asText()).isEqualTo(builtAt);
    }

    @Test
    void should_refuse_to_delete_the_last_indexed_document() throws Exception {
        // given: every bundled article of the small server's folder but one removed
        List<String> txt = folder(small).stream().filter(n -> n.matches("\\d{3}_.*\\.txt")).toList();
        for (String name : txt.subList(1, txt.size())) {
            assertThat(delete(small, name, AUTH).status()).isEqualTo(200);
        }
        for (JsonNode d : small.http().get("/api/admin/documents", AUTH).json().path("documents")) {
            if (!d.path("file").asText().equals(txt.get(0))) {
                assertThat(delete(small, d.path("file").asText(), AUTH).status()).isEqualTo(200);
            }
        }

        // when
        Http.Reply r = delete(small, txt.get(0), AUTH);

        // then
        assertError(r, 409, "仅剩");
        assertThat(folder(small)).contains(txt.get(0));
    }
}
