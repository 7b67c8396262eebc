package org.policybot.retrieval.index;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.policybot.retrieval.ingest.ArticleReader;
import org.policybot.retrieval.ingest.FileHashes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fingerprints of the articles folder, to tell whether the index is stale. */
final class Corpora {

    private static final Logger log = LoggerFactory.getLogger(Corpora.class);

    /**
     * Version of everything that shapes the index (reader, chunker, analyzers, fields).
     * Change it with any of those, so existing indexes are rebuilt on first use.
     */
    static final String FORMAT = "policybot-index-14";

    private Corpora() {
    }

    /**
     * Hash of the format, the vector setting and every article file's name and bytes' hash (and its
     * sidecar metadata file's, when it has one). A file
     * the reader skips as too large counts by its size and modification time, and one that
     * cannot be read by a marker: it is skipped (the reader reports it), not fatal.
     *
     * @throws IOException only when the folder itself cannot be listed
     */
    static String fingerprint(Path articlesDir, boolean vectors) throws IOException {
        return fingerprint(articlesDir, vectors, () -> false);
    }

    /**
     * The same, with whether scanned PDF pages can be read (OCR) when the folder holds a file OCR may read: a
     * folder read without Tesseract is read again once it is installed (and the other way round).
     */
    static String fingerprint(Path articlesDir, boolean vectors, java.util.function.BooleanSupplier ocr) throws IOException {
        return fingerprint(articlesDir, vectors, ocr, FileHashes.inMemory());
    }

    /** The same, taking each file's hash from {@code hashes} (which reads only files it has not hashed as they are now). */
    static String fingerprint(Path articlesDir, boolean vectors, java.util.function.BooleanSupplier ocr, FileHashes hashes)
            throws IOException {
        MessageDigest sha = sha256();
        sha.update((FORMAT + "|vectors=" + vectors).getBytes(StandardCharsets.UTF_8));
        ArticleReader.Listing listing = ArticleReader.Listing.of(articlesDir);
        List<Path> files = listing.articleFiles();
        boolean withOcr = files.stream().anyMatch(f -> ArticleReader.readByOcr(f.getFileName().toString())) && ocr.getAsBoolean();
        if (withOcr) {
            sha.update("|ocr".getBytes(StandardCharsets.UTF_8));
        }
        // Each file's part on every core (a stat or two and a look-up each, 10,000 of them at scale),
        // fed to the hash in the folder's order.
        for (byte[] part : files.parallelStream().map(file -> part(file, articlesDir, withOcr, hashes, listing)).toList()) {
            sha.update(part);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** What one file adds to the fingerprint: its name and bytes' hash, its sidecar's, and its pictures' when OCR reads them. */
    private static byte[] part(Path file, Path articlesDir, boolean withOcr, FileHashes hashes, ArticleReader.Listing listing) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        out.write(0);
        addContent(out, file, hashes);
        out.write(0);
        for (Path sidecar : listing.sidecarsOf(file)) {
            out.writeBytes(sidecar.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            addContent(out, sidecar, hashes);
            out.write(0);
        }
        // The text of a web page's pictures is read by OCR into the page's.
        for (Path picture : withOcr ? ArticleReader.pictures(file, hashes) : List.<Path>of()) {
            out.writeBytes(articlesDir.toAbsolutePath().normalize().relativize(picture).toString().getBytes(StandardCharsets.UTF_8));
            addContent(out, picture, hashes);
            out.write(0);
        }
        return out.toByteArray();
    }

    /** Adds the hash of a file's bytes. */
    private static void addContent(java.io.ByteArrayOutputStream out, Path file, FileHashes hashes) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.size() > ArticleReader.MAX_FILE_BYTES) {
                out.writeBytes(("too large|" + attributes.size() + "|" + attributes.lastModifiedTime().toMillis())
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            out.writeBytes(hashes.sha256(file));
        } catch (IOException e) {
            log.debug("Fingerprint counts {} as unreadable: {}", file, e.toString());
            out.writeBytes(("unreadable|" + e.getClass().getSimpleName()).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
