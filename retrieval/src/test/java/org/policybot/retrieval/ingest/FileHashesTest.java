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
import java.util.List;
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
        FileHashes.kept(record).save(); // hashed nothing: records nothing (the header, no hashes, no pages)
        assertThat(Files.size(record)).isEqualTo(12);
    }

    @Test
    void should_keep_the_picture_sources_of_a_page_so_a_later_process_does_not_read_for_them() throws Exception {
        // given: one process read a page's sources (one of them a data: URI past writeUTF's 64 KB)
        Path record = dir.resolve("hashes.bin");
        String longSource = "data:image/png;base64," + "A".repeat(70_000);
        FileHashes first = FileHashes.kept(record);
        assertThat(first.pictureSources("aa", () -> List.of("通知_files/image001.png", longSource)))
                .containsExactly("通知_files/image001.png", longSource);
        first.pictureSources("bb", () -> List.of("old.png"));
        first.save();
        // a second build asks only for the first page's
        FileHashes second = FileHashes.kept(record);
        second.pictureSources("aa", () -> List.of());
        second.save();

        // when: a later process asks for them
        FileHashes later = FileHashes.kept(record);
        List<String> read = later.pictureSources("aa", () -> {
            throw new IOException("the page was read again");
        });

        // then: they come from the record; the page no build asked for since is gone from it
        assertThat(read).containsExactly("通知_files/image001.png", longSource);
        assertThat(later.pictureSources("bb", () -> List.of("asked again"))).containsExactly("asked again");
    }

    @Test
    void should_read_a_record_written_before_it_kept_picture_sources() throws Exception {
        // given: a record in the earlier form ("FHS1"): hashes only
        FileTime hourAgo = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS));
        Path file = dir.resolve("a.txt");
        Files.writeString(file, "一百五十元");
        Files.setLastModifiedTime(file, hourAgo);
        java.nio.file.attribute.BasicFileAttributes attributes = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
        Path record = dir.resolve("hashes.bin");
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(Files.newOutputStream(record))) {
            out.writeInt(0x46485331);
            out.writeInt(1);
            out.writeUTF(file.toAbsolutePath().normalize().toString());
            out.writeLong(attributes.size());
            out.writeLong(attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
            out.writeUTF(String.valueOf(attributes.fileKey()));
            out.writeLong(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()));
            out.write(sha256("recorded, not the file's bytes"));
        }

        // when
        FileHashes hashes = FileHashes.kept(record);

        // then: the recorded hash is taken without reading the file
        assertThat(hashes.sha256(file)).isEqualTo(sha256("recorded, not the file's bytes"));
    }
}
