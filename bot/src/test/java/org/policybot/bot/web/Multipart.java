package org.policybot.bot.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A multipart/form-data body built by hand, as a browser sends files: for upload tests. */
final class Multipart {

    static final String BOUNDARY = "----policybot-test-boundary-7MA4YWxkTrZu0gW";
    static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    private record Part(String field, String fileName, byte[] content) {
    }

    private final List<Part> parts = new ArrayList<>();

    Multipart file(String fileName, byte[] content) {
        return part("file", fileName, content);
    }

    Multipart file(String fileName, String text) {
        return file(fileName, text.getBytes(StandardCharsets.UTF_8));
    }

    Multipart part(String field, String fileName, byte[] content) {
        parts.add(new Part(field, fileName, content));
        return this;
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            StringBuilder head = new StringBuilder("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + p.field() + "\"");
            if (p.fileName() != null) {
                head.append("; filename=\"").append(p.fileName().replace("\"", "%22")).append('"');
            }
            head.append("\r\nContent-Type: application/octet-stream\r\n\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
