package org.policybot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

    @TempDir
    Path dir;

    @Test
    void should_use_the_documented_defaults_when_nothing_is_set() {
        Settings s = new SettingsLoader(Map.of(), dir).load(Optional.empty());

        assertThat(s.articlesDir()).isEqualTo(dir.resolve("articles"));
        assertThat(s.dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(s.http().host()).isEqualTo("127.0.0.1");
        assertThat(s.http().port()).isEqualTo(8080);
        assertThat(s.database().url()).isEqualTo("jdbc:sqlite:" + dir.resolve("data").resolve("chatbot.db"));
        assertThat(s.llm().provider()).isEqualTo(Settings.LlmProvider.NONE);
        assertThat(s.telegram().apiUrl()).isEqualTo("https://api.telegram.org");
        assertThat(s.telegram().mode()).isEqualTo(Settings.TelegramMode.POLLING);
        assertThat(s.telegram().enabled()).isFalse();
        assertThat(s.wechat().apiUrl()).isEqualTo("https://api.weixin.qq.com");
        assertThat(s.admin().enabled()).isFalse();
        assertThat(s.digest().schedule()).isEmpty();
        assertThat(s.questionLog().retentionDays()).isEqualTo(90);
        assertThat(s.http().clientAddressHeader()).as("off: the connection's address").isEmpty();
        assertThat(s.http().bodyTimeoutMs()).isEqualTo(10_000);
        assertThat(s.rateLimit().perAddressPerMinute()).isEqualTo(120);
        assertThat(s.rateLimit().perAddressBurst()).isEqualTo(30);
        assertThat(s.retrieval().tesseract()).isEqualTo("tesseract");
        assertThat(s.http().maxUploadBytes()).isEqualTo(50L * 1024 * 1024);
        assertThat(s.http().drainMs()).isEqualTo(6000);
    }

    @Test
    void should_read_the_drain_time_from_the_environment_and_refuse_one_out_of_range() {
        Settings s = new SettingsLoader(Map.of("CHATBOT_HTTP_DRAIN_MS", "0"), dir).load(Optional.empty());

        assertThat(s.http().drainMs()).isZero();
        for (String bad : new String[] {"-1", "60001", "6s"}) {
            assertThatThrownBy(() -> new SettingsLoader(Map.of("CHATBOT_HTTP_DRAIN_MS", bad), dir).load(Optional.empty()))
                    .isInstanceOf(SettingsException.class).hasMessageContaining("chatbot.http.drain-ms")
                    .hasMessageContaining("CHATBOT_HTTP_DRAIN_MS").hasMessageContaining(bad);
        }
    }

    @Test
    void should_read_the_upload_limit_from_the_environment_and_refuse_one_out_of_range() {
        Settings s = new SettingsLoader(Map.of("CHATBOT_HTTP_MAX_UPLOAD_BYTES", "104857600"), dir).load(Optional.empty());

        assertThat(s.http().maxUploadBytes()).isEqualTo(100L * 1024 * 1024);
        for (String bad : new String[] {"100", "3000000000", "50MB"}) {
            assertThatThrownBy(() -> new SettingsLoader(Map.of("CHATBOT_HTTP_MAX_UPLOAD_BYTES", bad), dir).load(Optional.empty()))
                    .isInstanceOf(SettingsException.class).hasMessageContaining("chatbot.http.max-upload-bytes")
                    .hasMessageContaining("CHATBOT_HTTP_MAX_UPLOAD_BYTES").hasMessageContaining(bad);
        }
    }

    @Test
    void should_read_the_tesseract_program_from_the_environment_and_refuse_a_blank_one() {
        Settings s = new SettingsLoader(Map.of("CHATBOT_RETRIEVAL_TESSERACT", "/opt/ocr/bin/tesseract"), dir).load(Optional.empty());

        assertThat(s.retrieval().tesseract()).isEqualTo("/opt/ocr/bin/tesseract");
        assertThat(s.withVectors(false).retrieval().tesseract()).as("kept when vectors are switched").isEqualTo("/opt/ocr/bin/tesseract");
        assertThatThrownBy(() -> new SettingsLoader(Map.of("CHATBOT_RETRIEVAL_TESSERACT", " "), dir).load(Optional.empty()))
                .isInstanceOf(SettingsException.class).hasMessageContaining("chatbot.retrieval.tesseract")
                .hasMessageContaining("CHATBOT_RETRIEVAL_TESSERACT");
    }

    @Test
    void should_read_the_trusted_client_address_header_and_refuse_one_that_is_not_a_header_name() {
        Settings s = new SettingsLoader(Map.of("CHATBOT_HTTP_CLIENT_ADDRESS_HEADER", "X-Forwarded-For"), dir)
                .load(Optional.empty());

        assertThat(s.http().clientAddressHeader()).isEqualTo("X-Forwarded-For");
        assertThatThrownBy(() -> new SettingsLoader(Map.of("CHATBOT_HTTP_CLIENT_ADDRESS_HEADER", "X-Real-IP: 1.2.3.4"), dir)
                .load(Optional.empty()))
                .hasMessageContaining("chatbot.http.client-address-header").hasMessageContaining("CHATBOT_HTTP_CLIENT_ADDRESS_HEADER");
    }

    @Test
    void should_refuse_a_body_timeout_or_address_rate_limit_out_of_range() {
        assertThatThrownBy(() -> new SettingsLoader(Map.of("CHATBOT_HTTP_BODY_TIMEOUT_MS", "0"), dir).load(Optional.empty()))
                .hasMessageContaining("chatbot.http.body-timeout-ms");
        assertThatThrownBy(() -> new SettingsLoader(Map.of("CHATBOT_RATE_LIMIT_PER_ADDRESS_BURST", "0"), dir)
                .load(Optional.empty()))
                .hasMessageContaining("chatbot.rate-limit.per-address-burst");
    }

    @Test
    void should_follow_shared_documents_every_two_seconds_unless_told_and_refuse_a_period_out_of_range() {
        Settings defaults = new SettingsLoader(Map.of(), dir).load(Optional.empty());
        Settings told = new SettingsLoader(Map.of("CHATBOT_DB_DOCUMENTS_FOLLOW_MS", "500"), dir).load(Optional.empty());

        assertThat(defaults.database().documentsFollowMs()).isEqualTo(2000);
        assertThat(told.database().documentsFollowMs()).isEqualTo(500);
        assertThatThrownBy(() -> new SettingsLoader(Map.of("CHATBOT_DB_DOCUMENTS_FOLLOW_MS", "10"), dir).load(Optional.empty()))
                .hasMessageContaining("chatbot.db.documents-follow-ms");
    }

    @Test
    void should_read_the_question_log_retention_from_the_environment_and_refuse_a_bad_one() {
        Settings s = new SettingsLoader(Map.of("CHATBOT_QUESTION_LOG_RETENTION_DAYS", "30"), dir).load(Optional.empty());

        assertThat(s.questionLog().retentionDays()).isEqualTo(30);
        assertThatThrownBy(() -> new SettingsLoader(Map.of("CHATBOT_QUESTION_LOG_RETENTION_DAYS", "0"), dir).load(Optional.empty()))
                .isInstanceOf(SettingsException.class)
                .hasMessage("chatbot.question-log.retention-days (CHATBOT_QUESTION_LOG_RETENTION_DAYS): must be between 1 and 3650, got 0");
        assertThatThrownBy(() -> new SettingsLoader(Map.of("CHATBOT_QUESTION_LOG_RETENTION_DAYS", "ninety"), dir)
                .load(Optional.empty()))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("chatbot.question-log.retention-days (CHATBOT_QUESTION_LOG_RETENTION_DAYS): must be a whole number");
    }

    @Test
    void should_let_the_environment_override_the_user_file_and_the_user_file_override_defaults() throws Exception {
        Path file = dir.resolve("my.conf");
        Files.writeString(file, "chatbot.http.port = 9000\nchatbot.http.host = \"0.0.0.0\"\n");

        Settings s = new SettingsLoader(Map.of("CHATBOT_HTTP_PORT", "9100"), dir).load(Optional.of(file));

        assertThat(s.http().port()).isEqualTo(9100);
        assertThat(s.http().host()).isEqualTo("0.0.0.0");
    }

    @Test
    void should_read_the_user_file_named_by_CHATBOT_CONFIG() throws Exception {
        Files.writeString(dir.resolve("c.conf"), "chatbot { articles-dir = corpus }");

        Settings s = new SettingsLoader(Map.of("CHATBOT_CONFIG", "c.conf"), dir).load(Optional.empty());

        assertThat(s.articlesDir()).isEqualTo(dir.resolve("corpus"));
    }

    @Test
    void should_find_the_user_file_from_the_working_folder_and_its_paths_from_the_project_folder() throws Exception {
        // given: the command runs in one folder, the project lives in another
        Path project = Files.createDirectories(dir.resolve("project"));
        Path working = Files.createDirectories(dir.resolve("working"));
        Files.writeString(working.resolve("my.conf"), "chatbot { articles-dir = corpus, http.port = 9001 }");
        Files.writeString(working.resolve("env.conf"), "chatbot.http.port = 9002");

        // when
        Settings given = new SettingsLoader(Map.of(), project, working).load(Optional.of(Path.of("my.conf")));
        Settings fromEnv = new SettingsLoader(Map.of("CHATBOT_CONFIG", "env.conf"), project, working).load(Optional.empty());

        // then
        assertThat(given.http().port()).isEqualTo(9001);
        assertThat(given.articlesDir()).isEqualTo(project.resolve("corpus"));
        assertThat(fromEnv.http().port()).isEqualTo(9002);
        assertThat(fromEnv.dataDir()).isEqualTo(project.resolve("data"));
    }

    @Test
    void should_parse_lists_and_the_digest_schedule_from_the_environment() {
        Settings s = new SettingsLoader(Map.of(
                "CHATBOT_DIGEST_TELEGRAM_CHATS", "-1001234, 42,@policy_news",
                "CHATBOT_DIGEST_WECOM_WEBHOOKS", "http://127.0.0.1:9/robot?key=a",
                "CHATBOT_DIGEST_SCHEDULE", "0 9 * * 1-5",
                "CHATBOT_DIGEST_ZONE", "Asia/Shanghai"), dir).load(Optional.empty());

        assertThat(s.digest().telegramChats()).containsExactly("-1001234", "42", "@policy_news");
        assertThat(s.digest().wecomWebhooks()).hasSize(1);
        assertThat(s.digest().schedule()).contains("0 9 * * 1-5");
        assertThat(s.digest().zone().getId()).isEqualTo("Asia/Shanghai");
    }

    @Test
    void should_name_the_key_and_variable_when_a_number_is_bad() {
        SettingsLoader loader = new SettingsLoader(Map.of("CHATBOT_HTTP_PORT", "eighty"), dir);

        assertThatThrownBy(() -> loader.load(Optional.empty()))
                .isInstanceOf(SettingsException.class)
                .hasMessage("chatbot.http.port (CHATBOT_HTTP_PORT): must be a whole number, got \"eighty\"");
    }

    @Test
    void should_cap_the_default_k_at_the_50_passages_the_http_api_allows() {
        Settings fifty = new SettingsLoader(Map.of("CHATBOT_RETRIEVAL_DEFAULT_K", "50"), dir).load(Optional.empty());
        SettingsLoader over = new SettingsLoader(Map.of("CHATBOT_RETRIEVAL_DEFAULT_K", "51"), dir);

        assertThat(fifty.retrieval().defaultK()).isEqualTo(50);
        assertThatThrownBy(() -> over.load(Optional.empty()))
                .isInstanceOf(SettingsException.class)
                .hasMessage("chatbot.retrieval.default-k (CHATBOT_RETRIEVAL_DEFAULT_K): must be between 1 and 50, got 51");
    }

    @Test
    void should_refuse_an_unknown_llm_provider() {
        SettingsLoader loader = new SettingsLoader(Map.of("CHATBOT_LLM_PROVIDER", "gpt"), dir);

        assertThatThrownBy(() -> loader.load(Optional.empty()))
                .hasMessageContaining("chatbot.llm.provider")
                .hasMessageContaining("none, openai, ollama");
    }

    @Test
    void should_require_a_model_and_url_when_a_provider_is_chosen() {
        SettingsLoader loader = new SettingsLoader(Map.of("CHATBOT_LLM_PROVIDER", "openai",
                "CHATBOT_LLM_BASE_URL", "http://127.0.0.1:6556/v1"), dir);

        assertThatThrownBy(() -> loader.load(Optional.empty())).hasMessageContaining("chatbot.llm.model");
    }

    @Test
    void should_refuse_a_secret_written_in_the_user_file() throws Exception {
        Path file = dir.resolve("leak.conf");
        Files.writeString(file, "chatbot.telegram.token = \"123:abc\"");

        assertThatThrownBy(() -> new SettingsLoader(Map.of(), dir).load(Optional.of(file)))
                .hasMessageStartingWith("chatbot.telegram.token (CHATBOT_TELEGRAM_TOKEN): is a secret");
    }

    @Test
    void should_refuse_a_bad_cron_expression_at_load_time() {
        SettingsLoader loader = new SettingsLoader(Map.of("CHATBOT_DIGEST_SCHEDULE", "every morning"), dir);

        assertThatThrownBy(() -> loader.load(Optional.empty())).hasMessageContaining("chatbot.digest.schedule");
    }

    @Test
    void should_refuse_a_database_that_is_neither_sqlite_nor_postgresql() {
        SettingsLoader loader = new SettingsLoader(Map.of("CHATBOT_DB_URL", "jdbc:mysql://x/db"), dir);

        assertThatThrownBy(() -> loader.load(Optional.empty())).hasMessageContaining("chatbot.db.url");
    }

    @Test
    void should_give_the_database_pool_short_waits_by_default_so_requests_fail_fast() {
        Settings.Database db = new SettingsLoader(Map.of(), dir).load(Optional.empty()).database();

        assertThat(db.poolSize()).isEqualTo(4);
        assertThat(db.connectionTimeoutMs()).isEqualTo(2000);
        assertThat(db.validationTimeoutMs()).isEqualTo(1000);
        assertThat(db.maxLifetimeMinutes()).isEqualTo(30);
    }

    @Test
    void should_read_the_database_pool_from_the_environment() {
        Settings.Database db = new SettingsLoader(Map.of("CHATBOT_DB_POOL_SIZE", "10", "CHATBOT_DB_CONNECTION_TIMEOUT_MS", "5000",
                "CHATBOT_DB_VALIDATION_TIMEOUT_MS", "3000", "CHATBOT_DB_MAX_LIFETIME_MINUTES", "10"), dir).load(Optional.empty()).database();

        assertThat(db.poolSize()).isEqualTo(10);
        assertThat(db.connectionTimeoutMs()).isEqualTo(5000);
        assertThat(db.validationTimeoutMs()).isEqualTo(3000);
        assertThat(db.maxLifetimeMinutes()).isEqualTo(10);
    }

    @Test
    void should_refuse_database_pool_values_out_of_range_naming_the_key() {
        Map<Map<String, String>, String> bad = Map.of(
                Map.of("CHATBOT_DB_POOL_SIZE", "0"), "chatbot.db.pool-size",
                Map.of("CHATBOT_DB_CONNECTION_TIMEOUT_MS", "100"), "chatbot.db.connection-timeout-ms",
                Map.of("CHATBOT_DB_CONNECTION_TIMEOUT_MS", "2s"), "chatbot.db.connection-timeout-ms",
                Map.of("CHATBOT_DB_VALIDATION_TIMEOUT_MS", "2000"), "chatbot.db.validation-timeout-ms",
                Map.of("CHATBOT_DB_MAX_LIFETIME_MINUTES", "0"), "chatbot.db.max-lifetime-minutes");
        bad.forEach((env, key) -> assertThatThrownBy(() -> new SettingsLoader(env, dir).load(Optional.empty()))
                .as(env.toString()).isInstanceOf(SettingsException.class).hasMessageContaining(key));
    }

    @Test
    void should_name_the_replica_after_the_host_unless_told() {
        assertThat(new SettingsLoader(Map.of("HOSTNAME", "bot-7f9c"), dir).load(Optional.empty()).replicaId()).isEqualTo("bot-7f9c");
        assertThat(new SettingsLoader(Map.of(), dir).load(Optional.empty()).replicaId()).isNotBlank();
        assertThat(new SettingsLoader(Map.of("HOSTNAME", "bot-7f9c", "CHATBOT_REPLICA_ID", "replica-2"), dir)
                .load(Optional.empty()).replicaId()).isEqualTo("replica-2");
        assertThatThrownBy(() -> new SettingsLoader(Map.of("CHATBOT_REPLICA_ID", "two words"), dir).load(Optional.empty()))
                .isInstanceOf(SettingsException.class).hasMessageContaining("chatbot.replica-id");
    }

    @Test
    void should_report_a_missing_user_file() {
        assertThatThrownBy(() -> new SettingsLoader(Map.of(), dir).load(Optional.of(Path.of("nope.conf"))))
                .hasMessageContaining("does not exist");
    }

    @Test
    void should_report_a_user_file_with_broken_syntax_on_one_line() throws Exception {
        Path file = dir.resolve("broken.conf");
        Files.writeString(file, "chatbot { http { port = \n");

        assertThatThrownBy(() -> new SettingsLoader(Map.of(), dir).load(Optional.of(file)))
                .hasMessageContaining("cannot parse")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void should_read_the_telegram_leader_retry_period_and_refuse_one_that_would_miss_the_30_second_takeover() {
        assertThat(new SettingsLoader(Map.of(), dir).load(Optional.empty()).telegram().leaderRetrySeconds()).isEqualTo(5);
        Settings s = new SettingsLoader(Map.of("CHATBOT_TELEGRAM_LEADER_RETRY_SECONDS", "2"), dir).load(Optional.empty());

        assertThat(s.telegram().leaderRetrySeconds()).isEqualTo(2);
        for (String bad : new String[] {"0", "11", "5s"}) {
            assertThatThrownBy(() -> new SettingsLoader(Map.of("CHATBOT_TELEGRAM_LEADER_RETRY_SECONDS", bad), dir)
                    .load(Optional.empty()))
                    .isInstanceOf(SettingsException.class).hasMessageContaining("chatbot.telegram.leader-retry-seconds")
                    .hasMessageContaining("CHATBOT_TELEGRAM_LEADER_RETRY_SECONDS").hasMessageContaining(bad);
        }
    }

    @Test
    void should_read_the_telegram_pending_sweep_period_and_refuse_one_out_of_range() {
        assertThat(new SettingsLoader(Map.of(), dir).load(Optional.empty()).telegram().pendingSweepSeconds()).isEqualTo(5);
        Settings s = new SettingsLoader(Map.of("CHATBOT_TELEGRAM_PENDING_SWEEP_SECONDS", "2"), dir).load(Optional.empty());

        assertThat(s.telegram().pendingSweepSeconds()).isEqualTo(2);
        for (String bad : new String[] {"0", "61", "5s"}) {
            assertThatThrownBy(() -> new SettingsLoader(Map.of("CHATBOT_TELEGRAM_PENDING_SWEEP_SECONDS", bad), dir)
                    .load(Optional.empty()))
                    .isInstanceOf(SettingsException.class).hasMessageContaining("chatbot.telegram.pending-sweep-seconds")
                    .hasMessageContaining("CHATBOT_TELEGRAM_PENDING_SWEEP_SECONDS").hasMessageContaining(bad);
        }
    }

    @Test
    void should_require_a_webhook_secret_in_telegram_webhook_mode() {
        SettingsLoader loader = new SettingsLoader(Map.of("CHATBOT_TELEGRAM_TOKEN", "123:abc",
                "CHATBOT_TELEGRAM_MODE", "webhook"), dir);

        assertThatThrownBy(() -> loader.load(Optional.empty())).hasMessageContaining("chatbot.telegram.webhook-secret");
    }

    @Test
    void should_default_to_the_bundled_texts_and_examples_chosen_from_the_corpus() {
        Settings s = new SettingsLoader(Map.of(), dir).load(Optional.empty());

        assertThat(s.texts().messagesFile()).isEmpty();
        assertThat(s.texts().examples()).isEmpty();
    }

    @Test
    void should_read_examples_as_a_list_in_a_file_and_separated_by_bars_in_the_environment() throws Exception {
        Path file = dir.resolve("texts.conf");
        Files.writeString(file, "chatbot.examples = [\"甲州的补贴怎么领？\", \"乙州, 丙州呢？\"]\n");

        assertThat(new SettingsLoader(Map.of(), dir).load(Optional.of(file)).texts().examples())
                .containsExactly("甲州的补贴怎么领？", "乙州, 丙州呢？");
        assertThat(new SettingsLoader(Map.of("CHATBOT_EXAMPLES", " 补贴怎么领？ | 找谁办？ |"), dir).load(Optional.empty())
                .texts().examples()).containsExactly("补贴怎么领？", "找谁办？");
    }

    @Test
    void should_resolve_the_messages_file_against_the_project_folder_and_refuse_a_missing_one() throws Exception {
        Files.writeString(dir.resolve("my-texts.properties"), "answer.decline=不知道。\n");

        Settings s = new SettingsLoader(Map.of("CHATBOT_MESSAGES_FILE", "my-texts.properties"), dir).load(Optional.empty());

        assertThat(s.texts().messagesFile()).contains(dir.resolve("my-texts.properties"));
        assertThatThrownBy(() -> new SettingsLoader(Map.of("CHATBOT_MESSAGES_FILE", "absent.properties"), dir)
                .load(Optional.empty()))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("chatbot.messages-file (CHATBOT_MESSAGES_FILE): ")
                .hasMessageContaining("absent.properties")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
