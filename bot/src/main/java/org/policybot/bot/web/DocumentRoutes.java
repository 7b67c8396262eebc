package org.policybot.bot.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.policybot.bot.api.Contract;
import org.policybot.bot.api.Json;
import org.policybot.bot.documents.DocumentLibrary;
import org.policybot.bot.documents.Listing;
import org.policybot.retrieval.ingest.Article;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Staff manage the articles folder: {@code GET /api/admin/documents} lists its files with
 * what the index made of each, {@code POST} uploads files (multipart, field {@code file},
 * repeated for several), {@code DELETE /api/admin/documents/{name}} removes one. Each change
 * rebuilds the index once. The upload's body is not held by {@link BodyGate}: it is read
 * here, after the token was checked, straight into files of the data folder, up to
 * {@code chatbot.http.max-upload-bytes}.
 */
final class DocumentRoutes {

    private static final Logger log = LoggerFactory.getLogger(DocumentRoutes.class);

    /** The route whose body is streamed to disk by its handler instead of read into memory by {@link BodyGate}. */
    static final String PATH = "/api/admin/documents";

    /** Parts of one upload; a browser sends one per file, so this is far more than a staff member drops at once. */
    static final int MAX_PARTS = 100;

    /** A part up to this size (a form field, a small text file) may stay in memory while the upload is read. */
    static final long MEMORY_PART_BYTES = 16 * 1024;

    private final DocumentLibrary library;
    private final AdminRoutes admin;
    private final long maxUploadBytes;
    private final Clock clock;

    /** @param admin answers a build's summary the way {@code /api/admin/reindex} does */
    DocumentRoutes(DocumentLibrary library, AdminRoutes admin, long maxUploadBytes, Clock clock) {
        this.library = library;
        this.admin = admin;
        this.maxUploadBytes = maxUploadBytes;
        this.clock = clock;
    }

    void list(Context ctx) {
        ObjectNode n = JsonResponses.object();
        ArrayNode files = n.putArray("documents");
        LocalDate today = LocalDate.now(clock);
        for (Listing.Entry e : library.list()) {
            ObjectNode f = files.addObject();
            f.put("file", e.file());
            f.put("type", e.type());
            Article first = e.articles().isEmpty() ? null : e.articles().get(0);
            f.put("title", first == null ? null : first.title());
            f.put("date", first == null ? null : first.date().map(LocalDate::toString).orElse(null));
            Contract.ValidityBody validity = first == null ? null : ArticleView.validity(first, today);
            if (validity == null) {
                f.putNull("validity");
            } else {
                f.set("validity", Json.tree(validity));
            }
            ArrayNode ids = f.putArray("articles");
            e.articles().forEach(a -> ids.add(a.id()));
            f.put("passages", e.passages());
            f.put("bytes", e.bytes());
            f.put("modified", e.modified().toString());
            f.put("status", e.status().name().toLowerCase(Locale.ROOT));
            ArrayNode problems = f.putArray("problems");
            e.problems().forEach(problems::add);
            f.put("sidecar", e.sidecar().orElse(null));
        }
        ctx.header("Cache-Control", "no-store");
        JsonResponses.ok(ctx, n);
    }

    void upload(Context ctx) throws IOException {
        String contentType = ctx.header("Content-Type");
        String boundary = contentType == null ? null : MultiPart.extractBoundary(contentType);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
                || boundary == null || boundary.isEmpty()) {
            JsonResponses.error(ctx, 415, "上传须是 multipart/form-data 请求，文件放在 file 字段（可重复，一次传多个）");
            return;
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxUploadBytes) {
            tooLarge(ctx);
            return;
        }
        Path folder = library.receivingFolder();
        try {
            List<DocumentLibrary.Upload> uploads;
            try (MultiPartFormData.Parts parts = receive(ctx, boundary, folder)) {
                if (parts == null) {
                    return;
                }
                uploads = keep(parts, folder);
            }
            if (uploads.isEmpty()) {
                JsonResponses.error(ctx, 400, "没有收到文件：文件须放在 multipart 的 file 字段，并带文件名");
                return;
            }
            answer(ctx, library.add(uploads));
        } catch (DocumentLibrary.ChangeFailed e) {
            log.warn("Upload failed, the articles folder was put back: {}", e.getMessage());
            JsonResponses.error(ctx, 500, "重建索引失败，文章文件夹已恢复原状，原索引继续使用：" + String.valueOf(e.getCause().getMessage()));
        } finally {
            library.discard(folder);
        }
    }

    /**
     * Reads the multipart body into {@code folder} (parts beyond a few KB go to files there),
     * counting its bytes against the limit; null when the answer was given (too large).
     */
    private MultiPartFormData.Parts receive(Context ctx, String boundary, Path folder) throws IOException {
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
        parser.setFilesDirectory(folder);
        parser.setMaxMemoryFileSize(MEMORY_PART_BYTES);
        parser.setUseFilesForPartsWithoutFileName(true);
        parser.setMaxFileSize(maxUploadBytes);
        parser.setMaxLength(maxUploadBytes);
        parser.setMaxParts(MAX_PARTS);
        try {
            return parser.parse(Content.Source.from(ctx.req().getInputStream())).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while receiving an upload", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (overLimit(cause)) {
                tooLarge(ctx);
                return null;
            }
            if (cause instanceof IOException io) {
                throw io; // the client broke off: ApiErrors answers 400 in case it still listens
            }
            if (ApiErrors.clientFault(cause) > 0 || cause instanceof IllegalArgumentException
                    || cause instanceof IllegalStateException) {
                log.info("Upload from {} could not be read: {}", ctx.ip(), ApiErrors.brief(cause));
                JsonResponses.error(ctx, 400, "上传的内容无法读取：multipart 格式有误或不完整");
                return null;
            }
            throw new IOException("upload could not be read", cause);
        }
    }

    /** Jetty's parser says a limit (size, parts) was passed in its message; its type is a plain exception. */
    private static boolean overLimit(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("max length exceeded") || m.contains("max file size exceeded") || m.contains("too large")
                    || (c instanceof org.eclipse.jetty.http.HttpException h && h.getCode() == 413)) {
                return true;
            }
        }
        return false;
    }

    private void tooLarge(Context ctx) {
        ctx.header("Connection", "close");
        JsonResponses.error(ctx, 413, "上传太大：一次最多 " + maxUploadBytes + " 字节（" + maxUploadBytes / (1024 * 1024)
                + " MB，设置 CHATBOT_HTTP_MAX_UPLOAD_BYTES）");
    }

    /** The file parts, each in a file of its own in {@code folder}; other fields are ignored. */
    private static List<DocumentLibrary.Upload> keep(MultiPartFormData.Parts parts, Path folder) throws IOException {
        List<DocumentLibrary.Upload> out = new ArrayList<>();
        int n = 0;
        for (MultiPart.Part part : parts) {
            if (!"file".equals(part.getName()) || part.getFileName() == null) {
                continue;
            }
            Path file = folder.resolve("part-" + n++);
            part.writeTo(file);
            out.add(new DocumentLibrary.Upload(part.getFileName(), file));
        }
        return out;
    }

    private void answer(Context ctx, DocumentLibrary.Change change) {
        ObjectNode n = JsonResponses.object();
        ArrayNode files = n.putArray("files");
        for (DocumentLibrary.Outcome o : change.files()) {
            ObjectNode f = files.addObject();
            f.put("file", o.file());
            if (!o.submitted().equals(o.file())) {
                f.put("submitted", o.submitted());
            }
            f.put("status", o.status().name().toLowerCase(Locale.ROOT));
            if (!o.changes().isEmpty()) {
                f.put("renamed", "文件名已整理：" + String.join("；", o.changes()));
            }
            if (o.status() == DocumentLibrary.Status.REFUSED) {
                f.put("reason", o.reason());
            } else {
                f.put("articles", o.articles());
                f.put("passages", o.passages());
                if (!o.problems().isEmpty()) {
                    ArrayNode problems = f.putArray("problems");
                    o.problems().forEach(problems::add);
                }
            }
        }
        if (change.build().isPresent()) {
            n.set("build", admin.summary(change.build().get()));
            JsonResponses.write(ctx, 201, n);
            return;
        }
        List<DocumentLibrary.Outcome> refused = change.files();
        boolean onlyTypes = refused.stream().allMatch(o -> o.refusal() == DocumentLibrary.Refusal.TYPE);
        n.put("error", "没有文件加入：" + refused.stream().map(o -> o.file() + "：" + o.reason()).reduce((a, b) -> a + "；" + b)
                .orElse("没有收到文件"));
        JsonResponses.write(ctx, onlyTypes ? 415 : 400, n);
    }

    void remove(Context ctx) throws IOException {
        String name = ctx.pathParam("name");
        try {
            ObjectNode n = JsonResponses.object();
            n.put("removed", name);
            n.set("build", admin.summary(library.remove(name)));
            JsonResponses.ok(ctx, n);
        } catch (DocumentLibrary.NoSuchDocument e) {
            throw new NotFoundResponse("文章文件夹里没有这个文件：" + name);
        } catch (DocumentLibrary.LastDocument e) {
            JsonResponses.error(ctx, 409, "不能删除 " + name + "：它是索引里仅剩的文档，文件夹里没有文档就无法建索引。请先上传其他文档再删除");
        } catch (DocumentLibrary.ChangeFailed e) {
            log.warn("Removing {} failed, the file was put back: {}", name, e.getMessage());
            JsonResponses.error(ctx, 500, "重建索引失败，文件已放回，原索引继续使用：" + String.valueOf(e.getCause().getMessage()));
        }
    }
}
