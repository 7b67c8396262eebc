package org.policybot.bot.digest;

import java.util.List;
import org.policybot.bot.messages.Messages;

/**
 * The fixed words of a digest (the {@code digest.*} keys of the messages bundle): heading,
 * counts, dates, what changed in an article and where a quote is, as the deployment words them.
 */
public final class DigestWording {

    /** The bundled wording. */
    public static final DigestWording BUNDLED = new DigestWording(Messages.bundled());

    private final Messages messages;

    public DigestWording(Messages messages) {
        this.messages = messages;
    }

    String heading() {
        return messages.text("digest.heading");
    }

    String count(int articles) {
        return messages.text("digest.count", articles);
    }

    /** "（2/3）" when the digest takes several messages, else nothing. */
    String part(int part, int parts) {
        return parts > 1 ? messages.text("digest.part", part, parts) : "";
    }

    String noDate() {
        return messages.text("source.no-date");
    }

    String change(Digest.Change change) {
        return messages.text(change == Digest.Change.NEW ? "digest.new" : "digest.updated");
    }

    String sources() {
        return messages.text("digest.sources");
    }

    /** "第2、3段", or "原文" when the paragraphs are not known; then "（第3页）" for a quote from a PDF. */
    String where(Digest.Quote q) {
        String where = q.paragraphs().isEmpty() ? messages.text("digest.whole-text")
                : messages.text("digest.paragraphs", String.join("、", q.paragraphs().stream().map(String::valueOf).toList()));
        return q.page() > 0 ? where + messages.text("source.page", q.page()) : where;
    }

    /** "文章有更新：新增2段、删去1段。新增内容：“…”等。" */
    String changeNote(int added, long removed, String firstAdded) {
        StringBuilder sb = new StringBuilder(messages.text("digest.changed"));
        List<String> parts = new java.util.ArrayList<>();
        if (added > 0) {
            parts.add(messages.text("digest.added", added));
        }
        if (removed > 0) {
            parts.add(messages.text("digest.removed", removed));
        }
        sb.append(parts.isEmpty() ? messages.text("digest.edited") : String.join("、", parts)).append("。");
        if (added > 0) {
            sb.append(messages.text("digest.added-text", firstAdded));
            if (added > 1) {
                sb.append(messages.text("digest.and-more"));
            }
            sb.append("。");
        }
        return sb.toString();
    }
}
