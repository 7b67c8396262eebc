package org.policybot.retrieval.index;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Files a generation keeps beside its Lucene index, written as Lucene writes its own: ending
 * with a CRC-32 of everything before it, and on disk before {@code CURRENT} names the generation.
 */
final class ChecksummedFile {

    /** What goes into the file before its checksum. */
    @FunctionalInterface
    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private ChecksummedFile() {
    }

    static void write(Path file, Body body) throws IOException {
        CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), new CRC32());
        try (DataOutputStream out = new DataOutputStream(checked)) {
            body.write(out);
            out.writeInt((int) checked.getChecksum().getValue());
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /**
     * Whether what was read through {@code checked} is followed by its CRC-32, and nothing
     * after it: a file {@link #write} wrote whole. {@code in} reads through {@code checked}.
     */
    static boolean endsWithItsChecksum(CheckedInputStream checked, DataInputStream in) throws IOException {
        int computed = (int) checked.getChecksum().getValue();
        return in.readInt() == computed && in.read() < 0;
    }
}
