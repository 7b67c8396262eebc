package org.policybot.bot.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * The local Bot API, {@code test-tools/telegram-emulator.js} (the npm telegram-test-api
 * emulator adapted to answer as Telegram does), started by a test on a free port and stopped
 * after it: the same script a developer runs to try the bot by hand, so the bot talks to it
 * through its production HTTP client. Offers the user side: send messages, commands and
 * button presses, and read what the bot sent.
 */
public final class TelegramEmulator implements AutoCloseable {

    /** Non-ASCII is sent escaped, so text a test writes (an unpaired surrogate too) reaches the emulator as it is. */
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final Process process;
    private final int port;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TelegramEmulator(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static TelegramEmulator start() throws IOException, InterruptedException {
        Path root = repositoryRoot();
        Path module = root.resolve("test-tools/node_modules/telegram-test-api");
        if (!Files.isDirectory(module)) {
            throw new IllegalStateException("The Telegram emulator is not installed: " + module + " is missing. "
                    + "Run `npm ci --prefix test-tools` in " + root + " first (CI does).");
        }
        Path script = root.resolve("test-tools/telegram-emulator.js");
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            Process p;
            try {
                p = new ProcessBuilder("node", script.toString(), String.valueOf(port), "--exit-with-stdin")
                        .redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot run `node` (" + e.getMessage() + "): install Node.js and run "
                        + "`npm ci --prefix test-tools`.", e);
            }
            if (awaitReady(p, port)) {
                return new TelegramEmulator(p, port);
            }
            p.destroyForcibly();
            last = new IOException("the emulator did not start on port " + port);
        }
        throw last;
    }

    private static boolean awaitReady(Process p, int port) throws InterruptedException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.equals("READY " + port)) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        try {
            boolean ok = ready.get(20, TimeUnit.SECONDS);
            if (ok) {
                // Keep draining its output so the process never blocks on a full pipe.
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // discarded
                        }
                    } catch (IOException ignored) {
                        // process ended
                    }
                }, "emulator-output");
                drain.setDaemon(true);
                drain.start();
            }
            return ok;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("test-tools/package.json"))) {
                return p;
            }
        }
        throw new IllegalStateException("test-tools/package.json not found above " + Path.of("").toAbsolutePath());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** An HTTP client for the bot, as production builds one (the emulator needs no fixes on the bot's side). */
    public static OkHttpClient botHttpClient() {
        return new OkHttpClient.Builder()
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .build();
    }

    /**
     * The JSON of the update Telegram delivers for a private chat's command (a webhook call's
     * body): the bot answers an unknown command with a line that names it.
     */
    public static String commandUpdate(long updateId, long chat, String text) {
        return "{\"update_id\": " + updateId + ", \"message\": {\"message_id\": " + updateId + ", \"date\": 1760000000, "
                + "\"from\": {\"id\": " + chat + ", \"is_bot\": false, \"first_name\": \"用户\"}, "
                + "\"chat\": {\"id\": " + chat + ", \"type\": \"private\", \"first_name\": \"用户\"}, "
                + "\"text\": \"" + text + "\", \"entities\": [{\"type\": \"bot_command\", \"offset\": 0, \"length\": "
                + text.length() + "}]}}";
    }

    /** A user message (or a command, when it has a bot_command entity) arriving for the bot. */
    public void send(String token, Map<String, Object> message) {
        post(message.containsKey("entities") ? "/sendCommand" : "/sendMessage", withToken(token, message));
    }

    /**
     * Sets what getChatMember answers for a user in a chat ("creator", "administrator",
     * "member"…). Added by test-tools/telegram-emulator.js: the emulator has no getChatMember of its own, and
     * a user not set here gets its error for unsupported methods.
     */
    void setChatMember(String token, String chatId, long userId, String status) {
        post("/setChatMember", Map.of("botToken", token, "chatId", chatId, "userId", String.valueOf(userId), "status", status));
    }

    /**
     * From now on, refuses the bot's messages to a chat as Telegram does ({@code 403}, "Forbidden:
     * bot was blocked by the user"). Added by the same script, like {@link #setChatMember}.
     */
    public void failChat(String token, String chatId, int code, String description) {
        post("/failChat", Map.of("botToken", token, "chatId", chatId, "code", code, "description", description));
    }

    /** A press of an inline button. */
    void sendCallback(String token, Map<String, Object> callback) {
        post("/sendCallback", withToken(token, callback));
    }

    /** A message the bot sent, as the emulator keeps it: its id and the request body. */
    public record Sent(int messageId, JsonNode body) {

        public String text() {
            return body.path("text").asText();
        }

        public String parseMode() {
            return body.path("parse_mode").asText();
        }

        /** The message it replies to, or 0. */
        int replyTo() {
            return body.path("reply_parameters").path("message_id").asInt(0);
        }

        /** Inline buttons, row after row. */
        List<JsonNode> buttons() {
            List<JsonNode> out = new ArrayList<>();
            body.path("reply_markup").path("inline_keyboard").forEach(row -> row.forEach(out::add));
            return out;
        }
    }

    /** Messages the bot sent to the chat since the last call (each is returned once). */
    public List<Sent> takeBotMessages(String token, String chatId) {
        JsonNode r = post("/getUpdates", Map.of("token", token, "chatId", chatId));
        List<Sent> out = new ArrayList<>();
        r.path("result").forEach(n -> out.add(new Sent(n.path("messageId").asInt(), n.path("message"))));
        return out;
    }

    /** Waits until the bot sent at least {@code count} more messages to the chat; returns them all. */
    public List<Sent> awaitBotMessages(String token, String chatId, int count, Duration timeout) throws InterruptedException {
        List<Sent> got = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (got.size() < count && System.nanoTime() < deadline) {
            got.addAll(takeBotMessages(token, chatId));
            if (got.size() < count) {
                Thread.sleep(100);
            }
        }
        return got;
    }

    /** Everything sent to and by the bot, oldest first. */
    JsonNode history(String token) {
        return post("/getUpdatesHistory", Map.of("token", token)).path("result");
    }

    /** The id the emulator gave to the user message with this text. */
    int userMessageId(String token, String text) {
        for (JsonNode n : history(token)) {
            if (n.path("message").path("text").asText().equals(text) && !n.path("message").has("chat_id")) {
                return n.path("messageId").asInt();
            }
        }
        throw new AssertionError("no user message \"" + text + "\" in the emulator's history");
    }

    private static Map<String, Object> withToken(String token, Map<String, Object> body) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(body);
        m.put("botToken", token);
        return m;
    }

    private JsonNode post(String path, Object body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl() + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("emulator " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
