package org.policybot.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file's hash is read from the kept record while its size, time and identity are those it
 * was hashed with, and read from the file again as soon as one of them changes or when it was
 * hashed too soon after it was written to trust its time.
 */
class FileHashesTest {

    @TempDir
    Path dir;

    static byte[] sha256(String text) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Writes the text over the file in place (same inode) and sets its time. */
    /** Hashes the file in one build and saves the record a later process reads. */
    private static Path hashedAndRecorded(Path file, Path record) throws java.io.IOException {
        FileHashes first = FileHashes.kept(record);
        first.sha256(file);
        first.save();
        return record;
    }

    static void overwrite(Path file, String text, FileTime time) throws IOException {
        Files.writeString(file, text, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        Files.setLastModifiedTime(file, time);
    }

    @Test
    void should_hash_the_bytes_and_see_a_change_of_size_or_time() throws Exception {
        Path file = Files.writeString(dir.resolve("a.txt"), "低保家庭每户每月取暖补贴一百五十元");
        FileHashes hashes = FileHashes.inMemory();

        assertThat(hashes.sha256(file)).isEqualTo(sha256("低保家庭每户每月取暖补贴一百五十元"));

        Files.writeString(file, "低保家庭每户每月取暖补贴二百元");
        assertThat(hashes.sha256(file)).isEqualTo(sha256("低保家庭每户每月取暖补贴二百元"));
    }

    @Test
    void should_take_an_unchanged_file_from_the_kept_record_without_reading_it() throws Exception {
        // given: a file written an hour ago, hashed by one build and recorded
        FileTime hourAgo = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS));
        Path file = dir.resolve("a.txt");
        Files.writeString(file, "一百五十元");
        Files.setLastModifiedTime(file, hourAgo);
        Path record = hashedAndRecorded(file, dir.resolve("data/file-hashes.bin"));

        // when: its bytes change behind the file system's back (same size, same time, same inode)
        overwrite(file, "一百六十元", hourAgo);

        // then: the next process trusts the record, which is what saves reading the folder
        assertThat(FileHashes.kept(record).sha256(file)).isEqualTo(sha256("一百五十元"));
        // and a change of time is seen
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(30, ChronoUnit.MINUTES)));
        assertThat(FileHashes.kept(record).sha256(file)).isEqualTo(sha256("一百六十元"));
    }

    @Test
    void should_read_again_a_file_hashed_right_after_it_was_written() throws Exception {
        // given: a file hashed in the same instant it was written
        Path file = dir.resolve("a.txt");
        Files.writeString(file, "一百五十元");
        FileTime written = Files.getLastModifiedTime(file);
        Path record = hashedAndRecorded(file, dir.resolve("file-hashes.bin"));

        // when: it is written again with the same size within the same tick of the clock
        overwrite(file, "一百六十元", written);

        // then
        assertThat(FileHashes.kept(record).sha256(file)).isEqualTo(sha256("一百六十元"));
    }

    @Test
    void should_forget_files_not_hashed_since_the_last_save_and_ignore_a_damaged_record() throws Exception {
        Path record = dir.resolve("file-hashes.bin");
        Files.writeString(record, "not a record");
        Path file = Files.writeString(dir.resolve("a.txt"), "一百五十元");

        FileHashes hashes = FileHashes.kept(record);

        assertThat(hashes.sha256(file)).isEqualTo(sha256("一百五十元"));
        hashes.save();
        assertThat(Files.size(record)).isGreaterThan(40);
        FileHashes.kept(record).save(); // hashed nothing: records nothing
        assertThat(Files.size(record)).isEqualTo(8);
    }
}
