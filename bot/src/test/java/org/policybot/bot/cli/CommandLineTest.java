package org.policybot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.RegionalCorpus;
import org.policybot.bot.TestSettings;
import org.policybot.bot.api.Json;
import org.policybot.bot.cli.Main;

/** The command-line contract: outputs, JSON shapes, batch files and exit codes. */
class CommandLineTest {

    @TempDir
    static Path data;

    record Run(int code, String out, String err) {
        List<JsonNode> jsonLines() throws Exception {
            List<JsonNode> out = new java.util.ArrayList<>();
            for (String line : this.out.strip().split("\n")) {
                out.add(Json.MAPPER.readTree(line));
            }
            return out;
        }
    }

    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("CHATBOT_ARTICLES_DIR", TestSettings.bundledArticles().toString());
        env.put("CHATBOT_DATA_DIR", data.toString());
        env.put("CHATBOT_RETRIEVAL_VECTORS", "false");
        return env;
    }

    static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, data, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static Run run(String... args) {
        return run(env(), args);
    }

    @BeforeAll
    static void buildIndex() {
        assertThat(run("index").code()).isZero();
    }

    @Test
    void should_print_the_answer_json_with_citations() throws Exception {
        Run r = run("ask", "我2013年退伍的，养老保险关系要自己去接续吗？", "--json");

        assertThat(r.code()).isZero();
        JsonNode a = r.jsonLines().get(0);
        assertThat(a.get("answer").asText()).contains("[1]");
        assertThat(a.get("declined").asBoolean()).isFalse();
        assertThat(a.get("mode").asText()).isEqualTo("extractive");
        JsonNode c = a.get("citations").get(0);
        assertThat(c.get("n").asInt()).isEqualTo(1);
        assertThat(c.fieldNames()).toIterable().contains("passageId", "title", "file", "date", "quote");
    }

    /** The environment over the made-up corpus of two cities, with its own data folder. */
    static Map<String, String> regionalEnv() {
        Map<String, String> env = env();
        env.put("CHATBOT_ARTICLES_DIR", RegionalCorpus.write(data.resolve("regional-articles")).toString());
        env.put("CHATBOT_DATA_DIR", data.resolve("regional").toString());
        return env;
    }

    @Test
    void should_print_a_clarify_answer_as_its_question_with_numbered_options_and_how_to_ask_again() throws Exception {
        // when
        Run text = run(regionalEnv(), "ask", RegionalCorpus.CLARIFY);
        Run json = run(regionalEnv(), "ask", RegionalCorpus.CLARIFY, "--json");
        Run followUp = run(regionalEnv(), "ask", "甲州", "--context", RegionalCorpus.CLARIFY);

        // then
        assertThat(text.code()).isZero();
        assertThat(text.out()).isEqualTo("不同地方的规定不一样，请问您问的是哪里？\n1. 甲州\n2. 乙州\n\n"
                + "再次提问时加上地名，或用 --context 带上原问题\n");
        JsonNode a = json.jsonLines().get(0);
        assertThat(a.get("outcome").asText()).isEqualTo("clarify");
        assertThat(a.get("options")).extracting(JsonNode::asText).containsExactlyElementsOf(RegionalCorpus.OPTIONS);
        assertThat(followUp.out()).contains(RegionalCorpus.JIAZHOU_FIGURE).contains("来源：");
    }

    @Test
    void should_print_a_related_answer_framed_by_its_text_with_its_sources() {
        Run r = run(regionalEnv(), "ask", RegionalCorpus.RELATED);

        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("文章没有直接说明您问的这一点").contains("12333", "\n来源：\n[1] ");
    }

    @Test
    void should_print_the_search_json_with_ranked_hits() throws Exception {
        Run r = run("search", "12333热线", "--k", "3", "--json");

        JsonNode s = r.jsonLines().get(0);
        assertThat(s.get("query").asText()).isEqualTo("12333热线");
        assertThat(s.get("hits")).hasSize(3);
        assertThat(s.get("hits").get(0).get("rank").asInt()).isEqualTo(1);
        assertThat(s.get("hits").get(0).fieldNames()).toIterable()
                .contains("rank", "score", "passageId", "title", "file", "date", "text");
    }

    @Test
    void should_return_the_configured_default_k_when_no_k_is_given() throws Exception {
        // given
        Map<String, String> env = env();
        env.put("CHATBOT_RETRIEVAL_DEFAULT_K", "3");
        Path batch = data.resolve("default-k.jsonl");
        Files.writeString(batch, "{\"id\": \"q1\", \"question\": \"退役军人养老保险\"}\n");

        // when
        Run single = run(env, "search", "退役军人养老保险", "--json");
        Run batched = run(env, "search", "--batch", batch.toString(), "--json");
        Run given = run(env, "search", "退役军人养老保险", "--k", "4", "--json");

        // then
        assertThat(single.jsonLines().get(0).get("hits")).hasSize(3);
        assertThat(batched.jsonLines().get(0).get("hits")).hasSize(3);
        assertThat(given.jsonLines().get(0).get("hits")).hasSize(4);
    }

    @Test
    void should_answer_a_batch_in_order_echoing_ids_and_reporting_bad_lines_in_place() throws Exception {
        Path batch = data.resolve("batch.jsonl");
        Files.writeString(batch, String.join("\n",
                "{\"id\": \"a\", \"question\": \"具体去哪儿办？\", \"context\": [\"我19年退伍的，养老保险要自己接续吗\"]}",
                "not json",
                "{\"id\": 7, \"question\": \"\"}",
                "{\"id\": \"b\", \"question\": \"公积金怎么转\"}", ""));

        Run r = run("ask", "--batch", batch.toString(), "--json");

        List<JsonNode> lines = r.jsonLines();
        assertThat(r.code()).isZero();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).get("id").asText()).isEqualTo("a");
        assertThat(lines.get(0).get("answer").asText()).contains("安置地的养老保险经办机构");
        assertThat(lines.get(1).get("error").asText()).contains("line 2");
        assertThat(lines.get(2).get("id").asInt()).isEqualTo(7);
        assertThat(lines.get(2).get("error").asText()).contains("question");
        assertThat(lines.get(3).get("declined").asBoolean()).isTrue();
    }

    @Test
    void should_report_an_over_long_batch_question_in_place_and_go_on() throws Exception {
        // given: the middle question is over the limit a single question has
        Path batch = data.resolve("long.jsonl");
        Files.writeString(batch, String.join("\n",
                "{\"id\": \"a\", \"question\": \"重复交的那部分钱能退多少？\"}",
                "{\"id\": \"long\", \"question\": \"" + "社".repeat(Queries.MAX_CHARS + 1) + "\"}",
                "{\"id\": \"c\", \"question\": \"12333热线\"}"));

        for (String command : new String[] {"ask", "search"}) {
            // when
            Run r = run(command, "--batch", batch.toString(), "--json");

            // then
            List<JsonNode> lines = r.jsonLines();
            assertThat(r.code()).as(command).isZero();
            assertThat(lines).as(command).extracting(n -> n.get("id").asText()).containsExactly("a", "long", "c");
            assertThat(lines.get(1).get("error").asText()).as(command).contains("line 2").contains("10000");
            assertThat(lines.get(0).has("error")).as(command).isFalse();
            assertThat(lines.get(2).has("error")).as(command).isFalse();
        }
    }

    @Test
    void should_search_a_batch() throws Exception {
        Path batch = data.resolve("search.jsonl");
        Files.writeString(batch, "{\"id\": \"q1\", \"question\": \"退役军人养老保险\"}\n");

        List<JsonNode> lines = run("search", "--batch", batch.toString(), "--k", "2", "--json").jsonLines();

        assertThat(lines).singleElement().satisfies(n -> {
            assertThat(n.get("id").asText()).isEqualTo("q1");
            assertThat(n.get("hits")).hasSize(2);
        });
    }

    @Test
    void should_exit_2_with_one_line_for_bad_usage() {
        Run empty = run("ask", "  ");
        Run badK = run("search", "社保", "--k", "0");
        Run unknown = run("frobnicate");
        Run missing = run("ask", "--batch", data.resolve("nope.jsonl").toString());

        for (Run r : List.of(empty, badK, unknown, missing)) {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).startsWith("error: ").doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(missing.err()).contains("nope.jsonl");
    }

    @Test
    void should_exit_2_with_one_line_on_stderr_when_no_command_is_given_and_print_usage_for_help() {
        // when
        Run none = run();
        Run help = run("--help");

        // then
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).startsWith("error: missing command").contains("ask").contains("search")
                .endsWith("\n").hasLineCount(1);
        assertThat(help.code()).isZero();
        assertThat(help.out()).startsWith("Usage: chatbot").contains("ask").contains("serve");
        assertThat(help.err()).isEmpty();
    }

    @Test
    void should_put_the_explanation_into_the_search_json_as_one_document() throws Exception {
        // when
        Run r = run("search", "我13年退伍的，养老保险关系要自己接续吗", "--k", "2", "--explain", "--json");

        // then
        assertThat(r.out().strip()).doesNotContain("\n");
        JsonNode s = r.jsonLines().get(0);
        assertThat(s.get("hits")).hasSize(2);
        JsonNode explain = s.get("explain");
        assertThat(explain.get("intent").asText()).isEqualTo("FACT");
        assertThat(explain.get("normalized").asText()).contains("2013");
        assertThat(explain.get("dates").get(0).get("first").asText()).isEqualTo("2013-01-01");
        assertThat(explain.get("terms")).isNotEmpty().allSatisfy(t -> {
            assertThat(t.get("text").asText()).isNotEmpty();
            assertThat(t.get("weight").isNumber()).isTrue();
            assertThat(t.get("source").asText()).isNotEmpty();
        });
    }

    @Test
    void should_print_utf8_whatever_the_platform_charset_is() throws Exception {
        // given: the command in its own JVM whose platform charset cannot encode Chinese
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "-Dfile.encoding=ISO-8859-1",
                Main.class.getName(), "search", "12333热线", "--k", "1", "--json");
        pb.environment().putAll(env());
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);

        // when
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        // then
        assertThat(p.exitValue()).isZero();
        JsonNode s = Json.MAPPER.readTree(new String(out, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(s.get("query").asText()).isEqualTo("12333热线");
        assertThat(s.get("hits").get(0).get("title").asText()).matches(".*\\p{IsHan}.*");
    }

    @Test
    void should_exit_2_naming_the_key_of_a_bad_setting() {
        Map<String, String> env = env();
        env.put("CHATBOT_HTTP_PORT", "eighty");

        Run r = run(env, "search", "社保");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: chatbot.http.port (CHATBOT_HTTP_PORT): must be a whole number, got \"eighty\"");
    }

    @Test
    void should_read_a_relative_config_file_from_the_working_folder_not_the_project_folder() throws Exception {
        // given: a settings file named relative to the folder the command runs in (the project
        // folder, policybot.home, is the test's data folder)
        Path relative = Path.of("target", "cli-config-" + System.nanoTime(), "my.conf");
        Files.createDirectories(relative.getParent());
        Files.writeString(relative, "chatbot.http.port = eighty\n");

        // when
        Run r;
        try {
            r = run("--config", relative.toString(), "search", "退役军人养老保险");
        } finally {
            Files.delete(relative);
            Files.delete(relative.getParent());
        }

        // then: the file was found and read, so its bad value is what is reported
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: chatbot.http.port (CHATBOT_HTTP_PORT): must be a whole number, got \"eighty\"");
    }

    @Test
    void should_exit_2_naming_the_articles_setting_when_the_folder_is_missing() {
        Path missing = data.resolve("no-such-folder");
        Map<String, String> env = env();
        env.put("CHATBOT_ARTICLES_DIR", missing.toString());
        env.put("CHATBOT_DATA_DIR", data.resolve("other-data").toString());

        for (String[] command : List.of(new String[] {"index"}, new String[] {"search", "社保"}, new String[] {"ask", "社保怎么转"})) {
            Run r = run(env, command);

            assertThat(r.code()).as(command[0]).isEqualTo(2);
            assertThat(r.err().strip()).as(command[0]).isEqualTo(
                    "error: chatbot.articles-dir (CHATBOT_ARTICLES_DIR): the articles folder " + missing + " does not exist");
        }
    }

    @Test
    void should_exit_2_naming_the_articles_setting_when_it_names_a_file() throws Exception {
        Path file = Files.writeString(data.resolve("articles.txt"), "# 标题\n\n正文。\n");
        Map<String, String> env = env();
        env.put("CHATBOT_ARTICLES_DIR", file.toString());
        env.put("CHATBOT_DATA_DIR", data.resolve("other-data-2").toString());

        Run r = run(env, "search", "社保");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo(
                "error: chatbot.articles-dir (CHATBOT_ARTICLES_DIR): the articles folder " + file + " is not a folder");
    }

    @Test
    void should_exit_2_naming_the_option_when_the_day_asked_about_is_not_a_date() {
        Run bad = run("ask", "社保怎么转", "--as-of", "2024-13-01");
        Run good = run("ask", "12333是什么电话", "--as-of", "2024-01-01", "--json");

        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--as-of").doesNotContain("Exception");
        assertThat(good.code()).isZero();
    }

    @Test
    void should_parse_only_changed_files_when_indexing_again_and_say_so_in_one_line() throws Exception {
        Path folder = Files.createDirectories(data.resolve("incremental-articles"));
        Files.writeString(folder.resolve("a.txt"), "# 青禾县取暖补贴通知\n\n低保家庭每户每月取暖补贴一百五十元。\n");
        Files.writeString(folder.resolve("b.txt"), "# 临川市敬老卡办理说明\n\n老年人凭身份证到公交服务网点免费办理敬老卡。\n");
        Map<String, String> env = env();
        env.put("CHATBOT_DATA_DIR", data.resolve("incremental-data").toString());
        run(env, "index", "--articles", folder.toString());
        Files.writeString(folder.resolve("a.txt"), "# 青禾县取暖补贴通知\n\n低保家庭每户每月取暖补贴二百元。\n");

        Run r = run(env, "index", "--articles", folder.toString());

        assertThat(r.code()).isZero();
        assertThat(r.out().lines().toList()).singleElement().asString()
                .startsWith("indexed 2 articles, 2 passages from " + folder)
                .contains("(files: 1 parsed, 1 unchanged; vectors: 0 computed, 0 from cache)");
        assertThat(r.err()).doesNotContain("\r");
    }

    @Test
    void should_exit_2_naming_the_option_when_the_articles_folder_given_to_index_is_missing() {
        Path missing = data.resolve("no-such-folder-either");

        Run r = run("index", "--articles", missing.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: --articles: the articles folder " + missing + " does not exist");
    }

    @Test
    void should_report_eval_metrics_for_ours_and_the_baseline() throws Exception {
        Path q = data.resolve("eval.jsonl");
        Files.writeString(q, String.join("\n",
                "{\"id\": \"si-x\", \"question\": \"我13年退伍的，养老保险关系要自己接续吗\", \"expect\": [\"需由本人或安置单位\"], \"category\": \"social-insurance\"}",
                "{\"id\": \"neg-x\", \"question\": \"公积金怎么转到外地\", \"expect\": [], \"category\": \"negative\"}"));

        JsonNode report = run("eval", "--questions", q.toString(), "--json").jsonLines().get(0);

        assertThat(report.get("retrieval").get(0).get("system").asText()).isEqualTo("bm25");
        assertThat(report.get("retrieval").get(0).get("recall").asDouble()).isEqualTo(1.0);
        assertThat(report.get("retrieval").get(1).get("system").asText()).isEqualTo("bm25-standard");
        assertThat(report.get("answers").get("declineRate").asDouble()).isEqualTo(1.0);
        assertThat(report.get("answers").get("verbatimRate").asDouble()).isEqualTo(1.0);
    }

    @Test
    void should_refuse_an_ablation_without_cross_validation_or_a_cross_corpus_run() throws Exception {
        Path q = Files.writeString(data.resolve("ablation-q.jsonl"),
                "{\"id\": \"x\", \"question\": \"公积金怎么转\", \"expect\": [], \"category\": \"negative\"}\n");

        Run r = run("eval", "--questions", q.toString(), "--ablation");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--ablation needs --cv N or --cross");
    }

    @Test
    void should_run_the_cross_corpus_eval_again_with_each_feature_group_left_out() throws Exception {
        // given: two made-up corpora with their labelled questions
        Path regional = RegionalCorpus.write(data.resolve("ablation-regional"));
        Path transit = Files.createDirectories(data.resolve("ablation-transit"));
        Files.writeString(transit.resolve("01_bus.txt"), "丙县老年人公交卡办理须知\n\n丙县晚报　2026年3月5日\n\n"
                + "丙县年满六十五周岁的老年人可以办理老年人公交卡，凭卡免费乘坐县内公交车。\n\n"
                + "申请人需携带身份证和一寸照片到县政务服务中心办理，当场制卡。\n\n（测试用虚构材料）\n");
        Files.writeString(transit.resolve("02_library.txt"), "丁县图书馆延长开放时间\n\n丁县晚报　2026年4月8日\n\n"
                + "丁县图书馆从4月起每周二至周日开放，开放时间为上午九点至晚上八点。\n\n"
                + "读者凭身份证可以免费办理借书证，每次最多借阅五本。\n\n（测试用虚构材料）\n");
        Path qa = questions("ablation-regional.jsonl",
                line("r1", "甲州市独生子女父母奖励补贴每月多少钱", "150元"),
                line("r2", "乙州市独生子女父母奖励补贴每月多少钱", "80元"),
                line("r3", "甲州的独生子女补贴谁来审核", "街道办事处"),
                line("r4", "乙州的独生子女补贴什么时候发", "12月底前"),
                line("r5", "甲州市独生子女补贴能不能一次性领取"),
                line("r6", "退役军人养老保险怎么接续"));
        Path qb = questions("ablation-transit.jsonl",
                line("t1", "丙县老年人公交卡要带什么材料", "身份证和一寸照片"),
                line("t2", "丙县多大年纪可以办老年人公交卡", "六十五周岁"),
                line("t3", "丁县图书馆几点关门", "晚上八点"),
                line("t4", "丁县图书馆一次能借几本书", "五本"),
                line("t5", "丙县公交卡丢了怎么补办"),
                line("t6", "个人所得税怎么申报"));

        // when
        Run r = run("eval", "--cross", "--ablation", "--no-vectors", "--json", "--questions", qa.toString(), "--questions",
                qb.toString(), "--articles", regional.toString(), "--articles", transit.toString());

        // then: each direction has the run with every group and one run per group left out
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode runs = r.jsonLines().get(0).get("lexical").get("crossCorpus");
        assertThat(runs.size()).isEqualTo(2);
        for (JsonNode run : runs) {
            assertThat(run.get("answers").get("answeredRate")).isNotNull();
            JsonNode ablation = run.get("ablation");
            assertThat(ablation.fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(EvalCommand.groups(false));
            ablation.forEach(a -> assertThat(a.get("answers").get("notAnsweredRate")).isNotNull());
        }
    }

    /** A question file of the given lines in the data folder. */
    private static Path questions(String name, String... lines) throws java.io.IOException {
        return Files.writeString(data.resolve(name), String.join("\n", lines) + "\n");
    }

    private static String line(String id, String question, String... expect) {
        StringBuilder e = new StringBuilder();
        for (String x : expect) {
            e.append(e.length() == 0 ? "" : ", ").append('"').append(x).append('"');
        }
        return "{\"id\": \"" + id + "\", \"question\": \"" + question + "\", \"expect\": [" + e + "], \"category\": \""
                + (expect.length == 0 ? "negative" : "fact") + "\"}";
    }
}
