package org.policybot.bot.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The npm OpenAI-compatible mock ({@code @dwmkerr/mock-llm}, pinned in test-tools) as a
 * JUnit extension: started from {@code <repo>/test-tools/node_modules} on a free port before
 * the test class, its rules reset before each test, stopped after the class (and at JVM
 * exit if the class never finishes). Register it with
 * {@code @RegisterExtension static final MockLlmServer llm = new MockLlmServer();} and give
 * each test its rules with {@link #rules}. Rules match requests with JMESPath; the last
 * matching rule wins. Answers are fixed strings (its echo template breaks on quotes and
 * newlines). It cannot delay a response: see {@link DelayingProxy} for timeouts.
 */
public final class MockLlmServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private static final String MAIN = "test-tools/node_modules/@dwmkerr/mock-llm/dist/main.js";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private Thread shutdownHook;
    private String owner;
    private int port;
    private Path logFile;

    /** One rule: a path pattern, a JMESPath match over the request and the response to give. */
    public record Rule(String path, String match, int status, String body) {

        /** An OpenAI chat completion whose answer is {@code content}, for requests matching {@code match}. */
        public static Rule chat(String match, String content) {
            Map<String, Object> message = Map.of("role", "assistant", "content", content);
            Map<String, Object> choice = Map.of("index", 0, "message", message, "finish_reason", "stop");
            Map<String, Object> usage = Map.of("prompt_tokens", 100, "completion_tokens", 20, "total_tokens", 120);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", "chatcmpl-test");
            body.put("object", "chat.completion");
            body.put("model", "mock");
            body.put("choices", List.of(choice));
            body.put("usage", usage);
            return new Rule("/v1/chat/completions", match, 200, json(body));
        }

        /** An OpenAI-style error with this HTTP status. */
        public static Rule chatError(String match, int status) {
            Map<String, Object> error = Map.of("message", "mock failure", "type", "server_error", "code", "mock");
            return new Rule("/v1/chat/completions", match, status, json(Map.of("error", error)));
        }

        /** An Ollama {@code /api/chat} answer. */
        public static Rule ollama(String match, String content) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("model", "mock");
            body.put("created_at", "2025-01-01T00:00:00Z");
            body.put("message", Map.of("role", "assistant", "content", content));
            body.put("done", true);
            body.put("done_reason", "stop");
            body.put("prompt_eval_count", 100);
            body.put("eval_count", 20);
            return new Rule("/api/chat", match, 200, json(body));
        }

        Map<String, Object> toJson() {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("path", path);
            rule.put("method", "POST");
            rule.put("match", match);
            rule.put("response", Map.of("status", status, "content", body));
            return rule;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (process == null) {
            owner = context.getUniqueId();
            start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getUniqueId().equals(owner)) {
            stop();
        }
    }

    /** The server root, e.g. {@code http://127.0.0.1:41234} (Ollama's base URL). */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The OpenAI-compatible base URL ({@code …/v1}). */
    public String openAiBaseUrl() {
        return url() + "/v1";
    }

    /** Replaces the rules; later rules win over earlier ones when several match. */
    public void rules(Rule... rules) throws IOException, InterruptedException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Rule r : rules) {
            list.add(r.toJson());
        }
        send(HttpRequest.newBuilder(URI.create(url() + "/config"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("rules", list)), StandardCharsets.UTF_8)));
    }

    /** Back to the default rules (echo), and sequence counters to zero. */
    public void reset() throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(url() + "/config")).DELETE());
    }

    private void start() throws IOException, InterruptedException {
        Path main = findMain();
        String node = System.getenv().getOrDefault("NODE", "node");
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            logFile = Files.createTempFile("mock-llm-", ".log");
            ProcessBuilder pb = new ProcessBuilder(node, main.toString())
                    .directory(main.getParent().getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            pb.environment().put("HOST", "127.0.0.1");
            pb.environment().put("PORT", Integer.toString(port));
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot run '" + node + "' for the mock LLM server: install Node.js", e);
            }
            shutdownHook = new Thread(this::destroy, "mock-llm-stop");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            if (awaitReady()) {
                return;
            }
            String output = Files.readString(logFile);
            stop();
            if (attempt == 3) {
                throw new IllegalStateException("the mock LLM server did not start; its output:\n" + output);
            }
        }
    }

    private boolean awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/ready"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Stops the server and waits for it to exit. */
    public void stop() {
        destroy();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway
            }
            shutdownHook = null;
        }
        process = null;
        try {
            if (logFile != null) {
                Files.deleteIfExists(logFile);
            }
        } catch (IOException e) {
            // a temporary file left behind
        }
    }

    private void destroy() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("mock LLM server refused the configuration (" + r.statusCode() + "): " + r.body());
        }
    }

    /** {@code <repo>/test-tools/node_modules/…/main.js}, looked for from the working directory upwards. */
    static Path findMain() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("test-tools"))) {
                Path main = p.resolve(MAIN);
                if (!Files.isRegularFile(main)) {
                    throw new IllegalStateException("the mock LLM server is not installed: run `npm ci --prefix test-tools` in "
                            + p + " (missing " + main + ")");
                }
                return main;
            }
        }
        throw new IllegalStateException("no test-tools folder above " + here + ": run the tests inside the repository");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
