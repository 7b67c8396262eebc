package org.policybot.retrieval.index;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.policybot.retrieval.ingest.ArticleReader;

/** Fingerprints of the articles folder, to tell whether the index is stale. */
final class Corpora {

    /**
     * Version of everything that shapes the index (reader, chunker, analyzers, fields).
     * Change it with any of those, so existing indexes are rebuilt on first use.
     */
    static final String FORMAT = "policybot-index-6";

    private Corpora() {
    }

    /** Hash of the format, the vector setting and every article file's name and bytes. */
    static String fingerprint(Path articlesDir, boolean vectors) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((FORMAT + "|vectors=" + vectors).getBytes(StandardCharsets.UTF_8));
            for (Path file : ArticleReader.articleFiles(articlesDir)) {
                sha.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(file));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
