package org.policybot.retrieval.ingest;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pictures of a saved web page that OCR may read: an {@code <img>} whose {@code src} names
 * a picture file beside the page or below its folder ({@code 通知_files/image001.png}, as a
 * browser saves a page). Addresses on other sites, {@code data:} URIs, absolute paths and paths
 * that climb out of the page's folder name nothing read; a picture is one of the image types
 * the reader reads on their own ({@link ArticleReader#IMAGE_TYPES}).
 */
final class WebPictures {

    private static final Pattern IMG_SRC = Pattern.compile(
            "<img\\b[^>]*?\\bsrc\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+))", Pattern.CASE_INSENSITIVE);
    /** A scheme ("http:", "data:", "file:") before any slash: not a file beside the page. */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private WebPictures() {
    }

    /**
     * The picture file a {@code src} of the page names, when it is one OCR may read.
     *
     * @param page the web page's file
     * @param src  the attribute's value as the page gives it (percent-encoded or not)
     */
    static Optional<Path> resolve(Path page, String src) {
        if (src == null) {
            return Optional.empty();
        }
        String s = src.strip().replace('\\', '/');
        if (s.isEmpty() || s.startsWith("/") || SCHEME.matcher(s).find()) {
            return Optional.empty();
        }
        s = s.replaceFirst("[?#].*$", "");
        try {
            // '+' is a '+' in a path, not a space as in a form's query.
            s = URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // A '%' not followed by two hex digits: the name as written.
        }
        if (!ArticleReader.isImage(s)) {
            return Optional.empty();
        }
        Path folder = page.toAbsolutePath().normalize().getParent();
        Path picture;
        try {
            picture = folder.resolve(s).normalize();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        if (!picture.startsWith(folder) || picture.equals(folder) || !Files.isRegularFile(picture)) {
            return Optional.empty();
        }
        try {
            // A link inside the folder may still point out of it.
            if (!picture.toRealPath().startsWith(folder.toRealPath())) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(picture);
    }

    /**
     * The picture files a page names, in the order it names them, each once: found in its
     * markup without parsing it, for the key that tells whether the page must be read again.
     * A page that cannot be read names none (reading it says why). The page's content hash
     * ({@link FileHashes} takes it without reading a file it has hashed as it is now) keys its
     * {@code src} values, which the hashes keep: a page is read for them once per content, not
     * on every build.
     */
    static List<Path> of(Path page, FileHashes hashes) {
        try {
            String key = java.util.HexFormat.of().formatHex(hashes.sha256(page));
            return resolved(page, hashes.pictureSources(key, () -> sources(Files.readAllBytes(page))));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The {@code src} of every {@code <img>} of the markup, character references undone. */
    private static List<String> sources(byte[] markup) {
        List<String> out = new ArrayList<>();
        Matcher m = IMG_SRC.matcher(new String(markup, StandardCharsets.UTF_8));
        while (m.find()) {
            String src = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            out.add(unescape(src));
        }
        return List.copyOf(out);
    }

    /** The picture files the values name, each once, in order. */
    private static List<Path> resolved(Path page, List<String> sources) {
        Set<Path> out = new LinkedHashSet<>();
        for (String src : sources) {
            resolve(page, src).ifPresent(out::add);
        }
        return new ArrayList<>(out);
    }

    /** The few character references a file name in an attribute may hold. */
    private static String unescape(String attribute) {
        return attribute.replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", "\"");
    }
}
