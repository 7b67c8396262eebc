package org.policybot.bot.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP/1.1 connection driven byte by byte, the way a slow or broken client behaves:
 * from a chosen loopback address (Linux routes all of 127/8 to the loopback interface), it
 * writes what the test says when it says, and reads whatever comes back.
 */
final class RawClient implements AutoCloseable {

    /** What the server sent: the status line's code (0 when nothing came) and the rest. */
    record Answer(int status, String text) {
        String body() {
            int i = text.indexOf("\r\n\r\n");
            return i < 0 ? "" : text.substring(i + 4);
        }
    }

    private final Socket socket;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /** Connects to the server's port on 127.0.0.1 from {@code from} (such as "127.0.0.7"). */
    static RawClient connect(int port, String from) {
        try {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            return new RawClient(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes text (ISO-8859-1 for head lines, so pass bodies as ASCII or use {@link #write(byte[])}). */
    RawClient write(String text) {
        return write(text.getBytes(StandardCharsets.UTF_8));
    }

    RawClient write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one more byte unless the server has closed its side; false once the write fails. */
    boolean drip() {
        try {
            out.write(' ');
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads until the server closes the connection or {@code wait} passes with nothing more. */
    Answer read(Duration wait) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            socket.setSoTimeout((int) wait.toMillis());
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                got.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // Nothing more within the wait: what came is the answer.
        } catch (IOException e) {
            // Reset by the server: what came is the answer.
        }
        String text = got.toString(StandardCharsets.UTF_8);
        int status = 0;
        if (text.startsWith("HTTP/1.1 ")) {
            status = Integer.parseInt(text.substring(9, 12));
        }
        return new Answer(status, text);
    }

    /** Stops writing (the server reads the end of the stream) but stays to read the answer. */
    RawClient stopWriting() {
        try {
            socket.shutdownOutput();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes at once, with a reset instead of an orderly close: a client that vanished. */
    void abort() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException ignored) {
            // Gone either way.
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }
}
