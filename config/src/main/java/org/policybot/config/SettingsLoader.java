package org.policybot.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds {@link Settings} from three layers: the defaults file inside this module, an
 * optional user file (HOCON, JSON or properties), and the environment. Every key has an
 * environment variable: {@code CHATBOT_} plus the key path in upper case
 * ({@code chatbot.http.port} is {@code CHATBOT_HTTP_PORT}). Secrets are read only from the
 * environment; a user file that sets one is refused.
 */
public final class SettingsLoader {

    static final String DEFAULTS_RESOURCE = "policybot-defaults.conf";

    /** Keys whose values may come only from the environment. */
    static final Set<String> SECRET_KEYS = Set.of(
            "chatbot.db.password",
            "chatbot.admin.token",
            "chatbot.llm.api-key",
            "chatbot.telegram.token",
            "chatbot.telegram.webhook-secret",
            "chatbot.wechat.token",
            "chatbot.wechat.app-secret",
            "chatbot.wechat.aes-key");

    private final Map<String, String> env;
    private final Path projectDir;
    private final Path workingDir;

    /** A loader for which the project folder is the working folder. */
    public SettingsLoader(Map<String, String> env, Path workingDir) {
        this(env, workingDir, workingDir);
    }

    /**
     * @param projectDir what relative paths inside the settings ({@code articles-dir},
     *                   {@code data-dir}) are resolved against
     * @param workingDir where the command runs: a relative {@code --config} or
     *                   {@code CHATBOT_CONFIG} is resolved against it, like any other file
     *                   named on the command line
     */
    public SettingsLoader(Map<String, String> env, Path projectDir, Path workingDir) {
        this.env = Map.copyOf(env);
        this.projectDir = projectDir;
        this.workingDir = workingDir;
    }

    /** Loader over the process environment and the current directory. */
    public static SettingsLoader fromSystem() {
        return new SettingsLoader(System.getenv(), Path.of("").toAbsolutePath());
    }

    /** The environment variable that overrides a key. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * Loads the settings.
     *
     * @param userFile a file given with {@code --config}; when empty, {@code CHATBOT_CONFIG} is used if set
     * @throws SettingsException naming the first bad key
     */
    public Settings load(Optional<Path> userFile) {
        Config defaults = ConfigFactory.parseResources(SettingsLoader.class.getClassLoader(), DEFAULTS_RESOURCE,
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
        Config user = userFile.or(() -> Optional.ofNullable(env.get("CHATBOT_CONFIG")).filter(s -> !s.isBlank()).map(Path::of))
                .map(this::parseUserFile)
                .orElse(ConfigFactory.empty());
        Config merged = environmentLayer(defaults).withFallback(user).withFallback(defaults);
        try {
            merged = merged.resolve();
        } catch (ConfigException e) {
            throw new SettingsException("chatbot", "cannot resolve the configuration: " + e.getMessage());
        }
        return build(merged);
    }

    private Config parseUserFile(Path file) {
        Path path = workingDir.resolve(file);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new SettingsException("chatbot.config", "the configuration file " + path + " does not exist or cannot be read");
        }
        Config config;
        try {
            config = ConfigFactory.parseFile(path.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new SettingsException("chatbot.config", "cannot parse " + path + ": " + oneLine(e.getMessage()));
        }
        for (String secret : SECRET_KEYS) {
            if (config.hasPath(secret)) {
                throw new SettingsException(secret, "is a secret: set it in the environment, not in " + path);
            }
        }
        return config;
    }

    /** One entry per default key whose environment variable is set. */
    private Config environmentLayer(Config defaults) {
        Map<String, Object> overrides = new HashMap<>();
        for (Map.Entry<String, ConfigValue> entry : defaults.entrySet()) {
            String key = entry.getKey();
            String value = env.get(envName(key));
            if (value != null) {
                overrides.put(key, value.trim());
            }
        }
        return ConfigFactory.parseMap(overrides, "environment variables");
    }

    private Settings build(Config c) {
        Path dataDir = path(c, "chatbot.data-dir");
        String dbUrl = string(c, "chatbot.db.url");
        if (dbUrl.isEmpty()) {
            dbUrl = "jdbc:sqlite:" + dataDir.resolve("chatbot.db");
        }
        return new Settings(
                path(c, "chatbot.articles-dir"),
                dataDir,
                new Settings.Http(string(c, "chatbot.http.host"), integer(c, "chatbot.http.port"),
                        integer(c, "chatbot.http.max-body-bytes"), integer(c, "chatbot.http.body-timeout-ms"),
                        string(c, "chatbot.http.client-address-header"), longInteger(c, "chatbot.http.max-upload-bytes"),
                        integer(c, "chatbot.http.drain-ms")),
                new Settings.Database(dbUrl, string(c, "chatbot.db.user"), string(c, "chatbot.db.password"),
                        integer(c, "chatbot.db.pool-size"), integer(c, "chatbot.db.connection-timeout-ms"),
                        integer(c, "chatbot.db.validation-timeout-ms"), integer(c, "chatbot.db.max-lifetime-minutes"),
                        integer(c, "chatbot.db.documents-follow-ms")),
                new Settings.Admin(string(c, "chatbot.admin.token")),
                new Settings.Llm(choice(c, "chatbot.llm.provider", Settings.LlmProvider.class),
                        trimSlash(string(c, "chatbot.llm.base-url")), string(c, "chatbot.llm.api-key"),
                        string(c, "chatbot.llm.model"), integer(c, "chatbot.llm.timeout-ms")),
                new Settings.Retrieval(bool(c, "chatbot.retrieval.vectors"), integer(c, "chatbot.retrieval.default-k"),
                        integer(c, "chatbot.retrieval.max-document-mb"), integer(c, "chatbot.retrieval.document-timeout-seconds"),
                        string(c, "chatbot.retrieval.tesseract")),
                new Settings.AnswerPool(integer(c, "chatbot.answer.pool-size"), integer(c, "chatbot.answer.queue-size")),
                new Settings.Conversation(integer(c, "chatbot.conversation.max-turns"),
                        integer(c, "chatbot.conversation.ttl-minutes")),
                new Settings.QuestionLog(integer(c, "chatbot.question-log.retention-days")),
                new Settings.RateLimit(integer(c, "chatbot.rate-limit.per-minute"), integer(c, "chatbot.rate-limit.burst"),
                        integer(c, "chatbot.rate-limit.per-address-per-minute"), integer(c, "chatbot.rate-limit.per-address-burst")),
                new Settings.Telegram(string(c, "chatbot.telegram.token"), trimSlash(string(c, "chatbot.telegram.api-url")),
                        choice(c, "chatbot.telegram.mode", Settings.TelegramMode.class),
                        string(c, "chatbot.telegram.webhook-secret"), integer(c, "chatbot.telegram.leader-retry-seconds"),
                        integer(c, "chatbot.telegram.pending-sweep-seconds")),
                new Settings.Wechat(string(c, "chatbot.wechat.token"), string(c, "chatbot.wechat.app-id"),
                        string(c, "chatbot.wechat.app-secret"), string(c, "chatbot.wechat.aes-key"),
                        trimSlash(string(c, "chatbot.wechat.api-url"))),
                new Settings.Digest(list(c, "chatbot.digest.telegram-chats"), urls(c, "chatbot.digest.wecom-webhooks"),
                        schedule(c), zone(c)),
                new Settings.Texts(messagesFile(c), examples(c)),
                replicaId(c));
    }

    /** The replica's name: the setting, else the host name ({@code HOSTNAME}, else what the system says). */
    private String replicaId(Config c) {
        String id = string(c, "chatbot.replica-id");
        if (!id.isEmpty()) {
            return id;
        }
        String host = env.getOrDefault("HOSTNAME", "").strip();
        if (host.isEmpty()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "unknown";
            }
        }
        // A host name may hold characters the setting does not allow (rare); they become '-'.
        host = host.replaceAll("[^\\p{L}\\p{N}._:@-]", "-");
        return host.isEmpty() ? "unknown" : host.substring(0, Math.min(host.length(), 128));
    }

    /** The file of texts that replace bundled ones, which must exist when named. */
    private Optional<Path> messagesFile(Config c) {
        String key = "chatbot.messages-file";
        if (string(c, key).isEmpty()) {
            return Optional.empty();
        }
        Path file = path(c, key);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new SettingsException(key, "the messages file " + file + " does not exist or cannot be read");
        }
        return Optional.of(file);
    }

    /** A list in a file; in the environment, one string with the questions separated by '|'. */
    private static List<String> examples(Config c) {
        String key = "chatbot.examples";
        List<String> raw;
        try {
            raw = c.getValue(key).valueType() == ConfigValueType.LIST
                    ? c.getStringList(key)
                    : List.of(c.getString(key).split("\\|"));
        } catch (ConfigException.Missing e) {
            throw new SettingsException(key, "is missing");
        } catch (ConfigException.WrongType e) {
            throw new SettingsException(key, "must be a list of questions");
        }
        List<String> out = new ArrayList<>();
        for (String q : raw) {
            if (!q.isBlank()) {
                out.add(q.strip());
            }
        }
        return out;
    }

    private Path path(Config c, String key) {
        String value = string(c, key);
        if (value.isEmpty()) {
            throw new SettingsException(key, "must not be empty");
        }
        try {
            return projectDir.resolve(value).normalize();
        } catch (RuntimeException e) {
            throw new SettingsException(key, "is not a valid path: " + value);
        }
    }

    private static String string(Config c, String key) {
        try {
            return c.getString(key).trim();
        } catch (ConfigException.Missing e) {
            throw new SettingsException(key, "is missing");
        } catch (ConfigException.WrongType e) {
            throw new SettingsException(key, "must be a single value");
        }
    }

    private static int integer(Config c, String key) {
        String raw = string(c, key);
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new SettingsException(key, "must be a whole number, got \"" + raw + "\"");
        }
    }

    private static long longInteger(Config c, String key) {
        String raw = string(c, key);
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new SettingsException(key, "must be a whole number, got \"" + raw + "\"");
        }
    }

    private static boolean bool(Config c, String key) {
        String raw = string(c, key).toLowerCase(Locale.ROOT);
        return switch (raw) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new SettingsException(key, "must be true or false, got \"" + raw + "\"");
        };
    }

    private static <E extends Enum<E>> E choice(Config c, String key, Class<E> type) {
        String raw = string(c, key);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(raw)) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(constant.name().toLowerCase(Locale.ROOT));
        }
        throw new SettingsException(key, "must be one of " + String.join(", ", allowed) + ", got \"" + raw + "\"");
    }

    private static List<String> list(Config c, String key) {
        List<String> out = new ArrayList<>();
        for (String part : string(c, key).split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    private static List<URI> urls(Config c, String key) {
        List<URI> out = new ArrayList<>();
        for (String raw : list(c, key)) {
            Settings.requireHttpUrl(key, raw);
            out.add(URI.create(raw));
        }
        return out;
    }

    private static Optional<String> schedule(Config c) {
        String raw = string(c, "chatbot.digest.schedule");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        CronCheck.validate("chatbot.digest.schedule", raw);
        return Optional.of(raw);
    }

    private static ZoneId zone(Config c) {
        String raw = string(c, "chatbot.digest.zone");
        if (raw.isEmpty()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(raw);
        } catch (DateTimeException e) {
            throw new SettingsException("chatbot.digest.zone", "is not a time zone id such as Asia/Shanghai, got \"" + raw + "\"");
        }
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").trim();
    }
}
