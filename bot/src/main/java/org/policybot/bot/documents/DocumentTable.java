package org.policybot.bot.documents;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.policybot.bot.store.Sql;

/**
 * The documents staff manage, in PostgreSQL: the record every replica follows. One row per
 * file uploaded or removed through the documents routes (a document or a sidecar removed
 * with it): its bytes and their hash, or a removal mark, and the number of its last change,
 * drawn from one sequence. Writers hold a transaction-level advisory lock while they draw
 * and commit, so numbers become visible in the order they were drawn: a follower that has
 * read up to n never later sees a smaller number appear. Removal marks stay, so a replica
 * that was stopped when a file was removed removes it when it catches up.
 */
public final class DocumentTable {

    static final List<Sql.Migration> MIGRATIONS = List.of(new Sql.Migration("managed-documents-1", List.of(
            "CREATE SEQUENCE IF NOT EXISTS managed_document_changes",
            "CREATE TABLE IF NOT EXISTS managed_documents (file_name TEXT PRIMARY KEY, content BYTEA, "
                    + "content_hash TEXT, deleted BOOLEAN NOT NULL, seq BIGINT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS managed_documents_by_seq ON managed_documents (seq)")));

    /** The advisory lock key writers hold ("managdoc" in ASCII), apart from the migrations' own. */
    private static final long WRITE_LOCK = 0x6d616e6167646f63L;

    /** A file put in place ({@code content} its bytes) or removed ({@code content} null). */
    public record FileChange(String file, byte[] content) {
        public static FileChange removed(String file) {
            return new FileChange(file, null);
        }
    }

    /** One row as a follower first reads it: without the bytes, which it fetches only when its copy differs. */
    public record Row(String file, long seq, boolean deleted, String hash) {
    }

    private final Sql sql;

    public DocumentTable(Sql sql) {
        if (sql.isSqlite()) {
            throw new IllegalArgumentException("the shared document table needs PostgreSQL");
        }
        this.sql = sql;
        sql.migrate(MIGRATIONS);
    }

    /** Records the changes of one upload or removal in one transaction; returns the number of the last. */
    public long record(List<FileChange> changes) {
        return sql.transaction(c -> {
            try (Statement lock = c.createStatement()) {
                lock.execute("SELECT pg_advisory_xact_lock(" + WRITE_LOCK + ")");
            }
            long last = 0;
            try (PreparedStatement up = c.prepareStatement(
                    "INSERT INTO managed_documents (file_name, content, content_hash, deleted, seq) "
                            + "VALUES (?, ?, ?, ?, nextval('managed_document_changes')) ON CONFLICT (file_name) DO UPDATE SET "
                            + "content = EXCLUDED.content, content_hash = EXCLUDED.content_hash, deleted = EXCLUDED.deleted, "
                            + "seq = EXCLUDED.seq RETURNING seq")) {
                for (FileChange ch : changes) {
                    up.setString(1, ch.file());
                    up.setBytes(2, ch.content());
                    up.setString(3, ch.content() == null ? null : hash(ch.content()));
                    up.setBoolean(4, ch.content() == null);
                    try (ResultSet rs = up.executeQuery()) {
                        rs.next();
                        last = rs.getLong(1);
                    }
                }
            }
            return last;
        });
    }

    /** The rows changed after {@code seq}, oldest change first, at most {@code limit}. */
    public List<Row> changedAfter(long seq, int limit) {
        return sql.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT file_name, seq, deleted, content_hash "
                    + "FROM managed_documents WHERE seq > ? ORDER BY seq LIMIT ?")) {
                ps.setLong(1, seq);
                ps.setInt(2, limit);
                List<Row> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Row(rs.getString(1), rs.getLong(2), rs.getBoolean(3), rs.getString(4)));
                    }
                }
                return out;
            }
        });
    }

    /** The file's bytes as last recorded, if it is not removed. */
    public Optional<byte[]> content(String file) {
        return sql.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT content FROM managed_documents WHERE file_name = ? AND NOT deleted")) {
                ps.setString(1, file);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    /** The hash the table keeps of a file's bytes (SHA-256, hex). */
    public static String hash(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
