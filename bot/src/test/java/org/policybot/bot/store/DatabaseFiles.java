package org.policybot.bot.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.policybot.config.Settings;

/**
 * What a SQLite database leaves on disk, as someone with the files would read it
 * ({@code grep -a} on {@code chatbot.db}): the database file and its write-ahead log and
 * journal, whatever a test wrote through the stores.
 */
public final class DatabaseFiles {

    private DatabaseFiles() {
    }

    /** The texts among {@code secrets} whose UTF-8 bytes occur anywhere in the database's files. */
    public static List<String> found(Settings.Database settings, String... secrets) {
        byte[] all = bytes(settings);
        String haystack = new String(all, StandardCharsets.ISO_8859_1);
        List<String> found = new ArrayList<>();
        for (String secret : secrets) {
            if (haystack.contains(new String(secret.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))) {
                found.add(secret);
            }
        }
        return found;
    }

    /** The bytes of the database file, its -wal and its -journal, one after the other. */
    public static byte[] bytes(Settings.Database settings) {
        if (!settings.isSqlite()) {
            throw new IllegalArgumentException("only a SQLite database is one file to read: " + settings.url());
        }
        Path file = Path.of(settings.url().substring("jdbc:sqlite:".length()));
        try (var out = new java.io.ByteArrayOutputStream()) {
            for (String suffix : new String[] {"", "-wal", "-journal"}) {
                Path p = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(p)) {
                    out.write(Files.readAllBytes(p));
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
