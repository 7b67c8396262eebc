package org.policybot.bot.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.policybot.bot.messages.Messages;

/**
 * The staff page's files ({@code web/} in the jar), read once at start and served with an
 * ETag, so a reload costs a 304 and the page works with no network beyond this server.
 * The page may load scripts, styles and data only from this server (Content-Security-Policy).
 * Its words are the texts bundle's {@code page.*} keys: {@code {{page.…}}} in index.html is
 * replaced by the text (escaped; {@code [Enter]} shows as a key), and the script's texts
 * ({@code page.js.*} and the source line) go in a JSON data block the script reads.
 */
final class StaticAssets {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** One file: its bytes, content type and entity tag. */
    record Asset(byte[] body, String contentType, String etag) {
    }

    private static final Pattern SLOT = Pattern.compile("\\{\\{([a-z0-9.-]+)}}");
    private static final Pattern KEY = Pattern.compile("\\[(Enter|Shift|Esc|/)]");
    private static final String SCRIPT_TEXTS = "page.js.";

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    StaticAssets(Messages texts) {
        add("/", "web/index.html", "text/html; charset=utf-8", body -> page(new String(body, StandardCharsets.UTF_8), texts)
                .getBytes(StandardCharsets.UTF_8));
        add("/app.js", "web/app.js", "text/javascript; charset=utf-8", body -> body);
        add("/app.css", "web/app.css", "text/css; charset=utf-8", body -> body);
    }

    /** index.html with its {@code {{key}}} slots filled from the texts. */
    static String page(String html, Messages texts) {
        Matcher m = SLOT.matcher(html);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(slot(m.group(1), texts)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String slot(String key, Messages texts) {
        if (key.equals("page-texts")) {
            return scriptTexts(texts);
        }
        String text;
        if (key.equals("page.ask.placeholder")) {
            text = texts.examples().isEmpty() ? texts.text("page.ask.placeholder-plain")
                    : texts.text(key, texts.examples().get(0));
        } else {
            text = texts.text(key);
        }
        return KEY.matcher(escape(text)).replaceAll("<kbd>$1</kbd>");
    }

    /** The script's texts as JSON, safe inside a script element (every {@code <} written as a JSON unicode escape). */
    private static String scriptTexts(Messages texts) {
        Map<String, String> out = new TreeMap<>();
        for (String key : texts.keys()) {
            if (key.startsWith(SCRIPT_TEXTS)) {
                out.put(key.substring(SCRIPT_TEXTS.length()), texts.text(key));
            }
        }
        out.put("source.line", texts.text("source.line"));
        out.put("source.no-date", texts.text("source.no-date"));
        out.put("source.page", texts.text("source.page"));
        out.put("source.ocr", texts.text("source.ocr"));
        try {
            return JSON.writeValueAsString(out).replace("<", "\\u003c");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    Map<String, Asset> assets() {
        return assets;
    }

    void serve(Context ctx, Asset asset) {
        ctx.header("ETag", asset.etag());
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("Referrer-Policy", "no-referrer");
        if (asset.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(asset.contentType()).result(asset.body());
    }

    private void add(String path, String resource, String contentType, java.util.function.UnaryOperator<byte[]> render) {
        try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the staff page file " + resource + " is missing from the jar");
            }
            byte[] body = render.apply(in.readAllBytes());
            assets.put(path, new Asset(body, contentType, "\"" + digest(body) + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static String digest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
