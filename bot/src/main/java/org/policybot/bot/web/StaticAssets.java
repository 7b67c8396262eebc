package org.policybot.bot.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The staff page's files ({@code web/} in the jar), read once at start and served with an
 * ETag, so a reload costs a 304 and the page works with no network beyond this server.
 * The page may load scripts, styles and data only from this server (Content-Security-Policy).
 */
final class StaticAssets {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** One file: its bytes, content type and entity tag. */
    record Asset(byte[] body, String contentType, String etag) {
    }

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    StaticAssets() {
        add("/", "web/index.html", "text/html; charset=utf-8");
        add("/app.js", "web/app.js", "text/javascript; charset=utf-8");
        add("/app.css", "web/app.css", "text/css; charset=utf-8");
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

    private void add(String path, String resource, String contentType) {
        try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the staff page file " + resource + " is missing from the jar");
            }
            byte[] body = in.readAllBytes();
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
