package org.policybot.bot.digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.text.ChineseText;

/**
 * An article as the digest tracks it: a key that survives rebuilds (file and title, not the
 * positional article id), a version (hash of the text) and its paragraphs, to tell what
 * changed between versions.
 */
record ArticleSnapshot(String key, String articleId, String title, String date, String source, String version,
                       List<String> paragraphs) {

    static ArticleSnapshot of(Article a) {
        List<String> paragraphs = a.sections().stream().flatMap(s -> s.paragraphs().stream())
                .map(Article.Paragraph::text).toList();
        String key = a.file() + "#" + ChineseText.compact(a.title());
        return new ArticleSnapshot(key, a.id(), a.title(), a.date().map(Object::toString).orElse(null), a.source(),
                hash(String.join("\n", paragraphs.stream().map(ChineseText::compact).toList())), paragraphs);
    }

    static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
