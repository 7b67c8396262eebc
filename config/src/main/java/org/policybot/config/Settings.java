package org.policybot.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting of the product, typed and validated. Built by {@link SettingsLoader};
 * each section validates itself in its compact constructor and names the failing key.
 */
public record Settings(
        Path articlesDir,
        Path dataDir,
        Http http,
        Database database,
        Admin admin,
        Llm llm,
        Retrieval retrieval,
        AnswerPool answer,
        Conversation conversation,
        QuestionLog questionLog,
        RateLimit rateLimit,
        Telegram telegram,
        Wechat wechat,
        Digest digest,
        Texts texts,
        String replicaId) {

    public Settings {
        if (replicaId == null || !replicaId.matches("[\\p{L}\\p{N}._:@-]{1,128}")) {
            throw new SettingsException("chatbot.replica-id",
                    "must be 1 to 128 letters, digits and . _ : @ -, got \"" + replicaId + "\"");
        }
    }

    /** These settings with another articles folder and data folder (training and evaluating on other corpora). */
    public Settings withFolders(Path articles, Path data) {
        return new Settings(articles, data, http, database, admin, llm, retrieval, answer, conversation, questionLog, rateLimit,
                telegram, wechat, digest, texts, replicaId);
    }

    /** These settings with vectors on or off. */
    public Settings withVectors(boolean vectors) {
        return new Settings(articlesDir, dataDir, http, database, admin, llm, new Retrieval(vectors, retrieval.defaultK(), retrieval.maxDocumentMb(), retrieval.documentTimeoutSeconds(),
                        retrieval.tesseract()),
                answer, conversation, questionLog, rateLimit, telegram, wechat, digest, texts, replicaId);
    }

    /** Where the index generations live (inside the data folder). */
    public Path indexRoot() {
        return dataDir.resolve("index");
    }

    /**
     * @param bodyTimeoutMs       time a client has to send a whole request body, after its headers
     * @param clientAddressHeader the header a trusted proxy in front sets to the client's address
     *                            ({@code X-Forwarded-For}, {@code X-Real-IP}); empty: the connection's address
     * @param maxUploadBytes      the largest document upload (a whole multipart request) the admin route takes;
     *                            it is streamed to disk, so it is not bounded by {@code maxBodyBytes}
     * @param drainMs             at stop, how long connections already open may still bring requests (each answered,
     *                            then closed) after the port is closed; 0: none, the stop closes them at once
     */
    public record Http(String host, int port, int maxBodyBytes, int bodyTimeoutMs, String clientAddressHeader,
                       long maxUploadBytes, int drainMs) {
        public Http {
            if (host == null || host.isBlank()) {
                throw new SettingsException("chatbot.http.host", "must not be empty");
            }
            if (port < 0 || port > 65535) {
                throw new SettingsException("chatbot.http.port", "must be between 0 and 65535, got " + port);
            }
            if (maxBodyBytes < 1024) {
                throw new SettingsException("chatbot.http.max-body-bytes", "must be at least 1024, got " + maxBodyBytes);
            }
            if (bodyTimeoutMs < 100 || bodyTimeoutMs > 600_000) {
                throw new SettingsException("chatbot.http.body-timeout-ms", "must be between 100 and 600000, got " + bodyTimeoutMs);
            }
            if (!clientAddressHeader.isEmpty() && !clientAddressHeader.matches("[A-Za-z0-9-]{1,64}")) {
                throw new SettingsException("chatbot.http.client-address-header",
                        "must be a header name (letters, digits and '-'), got \"" + clientAddressHeader + "\"");
            }
            if (maxUploadBytes < 1024 || maxUploadBytes > MAX_UPLOAD_BYTES) {
                throw new SettingsException("chatbot.http.max-upload-bytes",
                        "must be between 1024 and " + MAX_UPLOAD_BYTES + ", got " + maxUploadBytes);
            }
            if (drainMs < 0 || drainMs > 60_000) {
                throw new SettingsException("chatbot.http.drain-ms", "must be between 0 and 60000, got " + drainMs);
            }
        }

        /** 2 GB: beyond any policy document; the reader refuses documents far smaller ({@code max-document-mb}). */
        public static final long MAX_UPLOAD_BYTES = 2L * 1024 * 1024 * 1024;
    }

    /**
     * JDBC URL (SQLite by default, PostgreSQL accepted), optional credentials, and the pool.
     *
     * @param poolSize            PostgreSQL connections kept open (SQLite uses one whatever this says)
     * @param connectionTimeoutMs how long a caller waits for a pooled connection before the call fails
     * @param validationTimeoutMs how long checking that a connection still works may take
     * @param maxLifetimeMinutes  a connection is closed and replaced after this long
     * @param documentsFollowMs   with PostgreSQL, how often a replica looks for documents uploaded or removed on others
     */
    public record Database(String url, String user, String password, int poolSize, int connectionTimeoutMs,
                           int validationTimeoutMs, int maxLifetimeMinutes, int documentsFollowMs) {
        public static final int DEFAULT_POOL_SIZE = 4;
        public static final int DEFAULT_CONNECTION_TIMEOUT_MS = 2000;
        public static final int DEFAULT_VALIDATION_TIMEOUT_MS = 1000;
        public static final int DEFAULT_MAX_LIFETIME_MINUTES = 30;
        public static final int DEFAULT_DOCUMENTS_FOLLOW_MS = 2000;

        public Database {
            if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
                throw new SettingsException("chatbot.db.url", "must start with jdbc:sqlite: or jdbc:postgresql:, got " + url);
            }
            if (poolSize < 1 || poolSize > 200) {
                throw new SettingsException("chatbot.db.pool-size", "must be between 1 and 200, got " + poolSize);
            }
            // 250 ms is the least the pool (HikariCP) accepts.
            if (connectionTimeoutMs < 250 || connectionTimeoutMs > 60_000) {
                throw new SettingsException("chatbot.db.connection-timeout-ms",
                        "must be between 250 and 60000, got " + connectionTimeoutMs);
            }
            if (validationTimeoutMs < 250 || validationTimeoutMs >= connectionTimeoutMs) {
                throw new SettingsException("chatbot.db.validation-timeout-ms",
                        "must be at least 250 and less than chatbot.db.connection-timeout-ms (" + connectionTimeoutMs
                                + "), got " + validationTimeoutMs);
            }
            if (maxLifetimeMinutes < 1 || maxLifetimeMinutes > 1440) {
                throw new SettingsException("chatbot.db.max-lifetime-minutes",
                        "must be between 1 and 1440, got " + maxLifetimeMinutes);
            }
            if (documentsFollowMs < 100 || documentsFollowMs > 600_000) {
                throw new SettingsException("chatbot.db.documents-follow-ms",
                        "must be between 100 and 600000, got " + documentsFollowMs);
            }
        }

        /** A database with the default pool. */
        public Database(String url, String user, String password) {
            this(url, user, password, DEFAULT_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT_MS, DEFAULT_VALIDATION_TIMEOUT_MS,
                    DEFAULT_MAX_LIFETIME_MINUTES, DEFAULT_DOCUMENTS_FOLLOW_MS);
        }

        public boolean isSqlite() {
            return url.startsWith("jdbc:sqlite:");
        }
    }

    /** Admin routes are off when the token is empty. */
    public record Admin(String token) {
        public Admin {
            if (!token.isEmpty() && token.length() < 16) {
                throw new SettingsException("chatbot.admin.token", "must be at least 16 characters");
            }
        }

        public boolean enabled() {
            return !token.isEmpty();
        }
    }

    public enum LlmProvider { NONE, OPENAI, OLLAMA }

    public record Llm(LlmProvider provider, String baseUrl, String apiKey, String model, int timeoutMs) {
        public Llm {
            if (timeoutMs < 100 || timeoutMs > 600_000) {
                throw new SettingsException("chatbot.llm.timeout-ms", "must be between 100 and 600000, got " + timeoutMs);
            }
            if (provider != LlmProvider.NONE) {
                if (baseUrl.isEmpty() && provider == LlmProvider.OPENAI) {
                    throw new SettingsException("chatbot.llm.base-url", "is required when the provider is openai");
                }
                if (!baseUrl.isEmpty()) {
                    requireHttpUrl("chatbot.llm.base-url", baseUrl);
                }
                if (model.isEmpty()) {
                    throw new SettingsException("chatbot.llm.model", "is required when a provider is set");
                }
            }
        }

        public boolean enabled() {
            return provider != LlmProvider.NONE;
        }
    }

    /**
     * @param defaultK               passages a search returns when not asked: at most 50, what the HTTP API allows
     * @param maxDocumentMb          PDF, Word and web page files larger than this are skipped
     * @param documentTimeoutSeconds a document whose parse takes longer is skipped
     * @param tesseract              the Tesseract program that reads scanned PDF pages: a name looked up on the
     *                               PATH or a path; OCR is off when it (or its Simplified Chinese data) is missing
     */
    public record Retrieval(boolean vectors, int defaultK, int maxDocumentMb, int documentTimeoutSeconds, String tesseract) {
        public static final int MAX_DEFAULT_K = 50;
        public static final int DEFAULT_MAX_DOCUMENT_MB = 50;
        public static final int DEFAULT_DOCUMENT_TIMEOUT_SECONDS = 60;
        public static final String DEFAULT_TESSERACT = "tesseract";

        public Retrieval {
            if (defaultK < 1 || defaultK > MAX_DEFAULT_K) {
                throw new SettingsException("chatbot.retrieval.default-k",
                        "must be between 1 and " + MAX_DEFAULT_K + ", got " + defaultK);
            }
            if (maxDocumentMb < 1) {
                throw new SettingsException("chatbot.retrieval.max-document-mb", "must be at least 1, got " + maxDocumentMb);
            }
            if (documentTimeoutSeconds < 1) {
                throw new SettingsException("chatbot.retrieval.document-timeout-seconds",
                        "must be at least 1, got " + documentTimeoutSeconds);
            }
            if (tesseract == null || tesseract.isBlank()) {
                throw new SettingsException("chatbot.retrieval.tesseract", "must name the Tesseract program (tesseract or a path)");
            }
        }

        public Retrieval(boolean vectors, int defaultK, int maxDocumentMb, int documentTimeoutSeconds) {
            this(vectors, defaultK, maxDocumentMb, documentTimeoutSeconds, DEFAULT_TESSERACT);
        }

        public Retrieval(boolean vectors, int defaultK) {
            this(vectors, defaultK, DEFAULT_MAX_DOCUMENT_MB, DEFAULT_DOCUMENT_TIMEOUT_SECONDS);
        }
    }

    public record AnswerPool(int poolSize, int queueSize) {
        public AnswerPool {
            if (poolSize < 1 || poolSize > 256) {
                throw new SettingsException("chatbot.answer.pool-size", "must be between 1 and 256, got " + poolSize);
            }
            if (queueSize < 0 || queueSize > 10_000) {
                throw new SettingsException("chatbot.answer.queue-size", "must be between 0 and 10000, got " + queueSize);
            }
        }
    }

    public record Conversation(int maxTurns, int ttlMinutes) {
        public Conversation {
            if (maxTurns < 1 || maxTurns > 50) {
                throw new SettingsException("chatbot.conversation.max-turns", "must be between 1 and 50, got " + maxTurns);
            }
            if (ttlMinutes < 1) {
                throw new SettingsException("chatbot.conversation.ttl-minutes", "must be at least 1, got " + ttlMinutes);
            }
        }
    }

    /** @param retentionDays questions older than this many days are deleted from the question log */
    public record QuestionLog(int retentionDays) {
        public static final int MAX_RETENTION_DAYS = 3650;

        public QuestionLog {
            if (retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS) {
                throw new SettingsException("chatbot.question-log.retention-days",
                        "must be between 1 and " + MAX_RETENTION_DAYS + ", got " + retentionDays);
            }
        }
    }

    /**
     * Token buckets: one per user of every channel, and for the HTTP API one per client
     * address as well, so a caller cannot escape the limit by naming a new user each time.
     */
    public record RateLimit(int perMinute, int burst, int perAddressPerMinute, int perAddressBurst) {
        public RateLimit {
            if (perMinute < 1) {
                throw new SettingsException("chatbot.rate-limit.per-minute", "must be at least 1, got " + perMinute);
            }
            if (burst < 1) {
                throw new SettingsException("chatbot.rate-limit.burst", "must be at least 1, got " + burst);
            }
            if (perAddressPerMinute < 1) {
                throw new SettingsException("chatbot.rate-limit.per-address-per-minute",
                        "must be at least 1, got " + perAddressPerMinute);
            }
            if (perAddressBurst < 1) {
                throw new SettingsException("chatbot.rate-limit.per-address-burst", "must be at least 1, got " + perAddressBurst);
            }
        }
    }

    public enum TelegramMode { POLLING, WEBHOOK }

    /**
     * Telegram is on when the token is set.
     *
     * @param leaderRetrySeconds how often a replica that does not poll tries to become the one
     *                           that does (several replicas on one PostgreSQL, polling mode); at
     *                           most 10, so that a dead leader is replaced within 30 seconds
     * @param pendingSweepSeconds how often each replica looks for webhook updates stored at
     *                           least this long ago and still unanswered, in chats no replica is
     *                           handling (their replica died), and answers them (several
     *                           replicas on one PostgreSQL, webhook mode)
     */
    public record Telegram(String token, String apiUrl, TelegramMode mode, String webhookSecret, int leaderRetrySeconds,
                           int pendingSweepSeconds) {
        public static final int MAX_LEADER_RETRY_SECONDS = 10;
        public static final int MAX_PENDING_SWEEP_SECONDS = 60;

        public Telegram {
            requireHttpUrl("chatbot.telegram.api-url", apiUrl);
            if (!token.isEmpty() && !token.matches("\\d+:[A-Za-z0-9_-]+")) {
                throw new SettingsException("chatbot.telegram.token", "does not look like a bot token (digits:letters)");
            }
            if (!token.isEmpty() && mode == TelegramMode.WEBHOOK && webhookSecret.isEmpty()) {
                throw new SettingsException("chatbot.telegram.webhook-secret", "is required in webhook mode");
            }
            if (!webhookSecret.isEmpty() && !webhookSecret.matches("[A-Za-z0-9_-]{1,256}")) {
                throw new SettingsException("chatbot.telegram.webhook-secret", "may hold only A-Z, a-z, 0-9, _ and - (1 to 256 characters)");
            }
            if (leaderRetrySeconds < 1 || leaderRetrySeconds > MAX_LEADER_RETRY_SECONDS) {
                throw new SettingsException("chatbot.telegram.leader-retry-seconds",
                        "must be between 1 and " + MAX_LEADER_RETRY_SECONDS + ", got " + leaderRetrySeconds);
            }
            if (pendingSweepSeconds < 1 || pendingSweepSeconds > MAX_PENDING_SWEEP_SECONDS) {
                throw new SettingsException("chatbot.telegram.pending-sweep-seconds",
                        "must be between 1 and " + MAX_PENDING_SWEEP_SECONDS + ", got " + pendingSweepSeconds);
            }
        }

        public boolean enabled() {
            return !token.isEmpty();
        }
    }

    /** The Official Account endpoint is on when the token is set; safe mode when the AES key is set. */
    public record Wechat(String token, String appId, String appSecret, String aesKey, String apiUrl) {
        public Wechat {
            requireHttpUrl("chatbot.wechat.api-url", apiUrl);
            if (!aesKey.isEmpty() && aesKey.length() != 43) {
                throw new SettingsException("chatbot.wechat.aes-key", "must be 43 characters (the EncodingAESKey)");
            }
            if (!aesKey.isEmpty() && appId.isEmpty()) {
                throw new SettingsException("chatbot.wechat.app-id", "is required in safe mode (when the AES key is set)");
            }
        }

        public boolean enabled() {
            return !token.isEmpty();
        }

        public boolean safeMode() {
            return !aesKey.isEmpty();
        }
    }

    public record Digest(List<String> telegramChats, List<URI> wecomWebhooks, Optional<String> schedule, ZoneId zone) {
        public Digest {
            telegramChats = List.copyOf(telegramChats);
            wecomWebhooks = List.copyOf(wecomWebhooks);
            for (String chat : telegramChats) {
                if (!chat.matches("-?\\d+|@[A-Za-z0-9_]{4,}")) {
                    throw new SettingsException("chatbot.digest.telegram-chats", "\"" + chat + "\" is not a chat id or @channel name");
                }
            }
        }
    }

    /**
     * What users read that a deployment may change without a build.
     *
     * @param messagesFile a UTF-8 properties file whose texts replace the bundled ones of the same key
     *                     ({@code messages_zh_CN.properties} in the bot module); empty: the bundled texts only
     * @param examples     example questions shown in the welcome texts and answered once at start-up;
     *                     empty: chosen from the corpus when the server starts
     */
    public record Texts(Optional<Path> messagesFile, List<String> examples) {
        public Texts {
            messagesFile = messagesFile == null ? Optional.empty() : messagesFile;
            examples = examples == null ? List.of() : List.copyOf(examples);
            for (String e : examples) {
                if (e.isBlank()) {
                    throw new SettingsException("chatbot.examples", "must not hold an empty question");
                }
            }
        }
    }

    static void requireHttpUrl(String key, String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("http://") || lower.startsWith("https://"))) {
            throw new SettingsException(key, "must be an http:// or https:// URL, got " + value);
        }
        try {
            URI uri = URI.create(value);
            if (uri.getHost() == null) {
                throw new SettingsException(key, "has no host: " + value);
            }
        } catch (IllegalArgumentException e) {
            throw new SettingsException(key, "is not a valid URL: " + value);
        }
    }
}
