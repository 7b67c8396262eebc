package org.policybot.bot.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.router.EndpointNotFound;
import java.util.Map;
import org.policybot.bot.store.DatabaseUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error of the HTTP API, mapped in one place to {@code {"error": "…"}} with its
 * status. Handlers throw Javalin responses ({@code BadRequestResponse} …) with a Chinese
 * message; Javalin's own English messages (unknown route, wrong method, body too large) are
 * replaced by Chinese ones here. A request the client broke (a malformed chunked body, an
 * early end) is a 4xx and one log line. A database that cannot be reached is a 503 with
 * {@code Retry-After} and no log line per request. Anything unexpected, {@link Error}s included,
 * becomes a 500 without details: the stack trace goes to the log, never to the caller.
 */
final class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    static void register(RoutesConfig routes, int maxBodyBytes) {
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            String message = hasChinese(e.getMessage()) ? e.getMessage() : defaultMessage(e, ctx, maxBodyBytes);
            JsonResponses.error(ctx, e.getStatus(), message);
        });
        routes.exception(DatabaseUnavailableException.class, (e, ctx) -> {
            // The database logs the outage once; a line per request would bury it.
            log.debug("{} {}: the database is unavailable ({})", ctx.method(), ctx.path(), e.getMessage());
            databaseUnavailable(ctx);
        });
        routes.exception(Exception.class, (e, ctx) -> {
            int clientFault = clientFault(e);
            if (clientFault > 0) {
                log.info("{} {} from {}: the request could not be read ({})", ctx.method(), ctx.path(), ctx.ip(), brief(e));
                JsonResponses.error(ctx, clientFault, clientFault == 400 ? UNREADABLE : statusText(clientFault));
                return;
            }
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            JsonResponses.error(ctx, 500, "服务器内部错误，请稍后再试");
        });
    }

    static final String DATABASE_UNAVAILABLE = "数据库暂时不可用，请稍后再试";

    /** Seconds a client is asked to wait when the database is unavailable: about how long a restart takes. */
    static final int DATABASE_RETRY_AFTER_SECONDS = 5;

    /** 503 for a route that cannot work without the database, which cannot be reached just now. */
    static void databaseUnavailable(Context ctx) {
        ctx.header("Retry-After", String.valueOf(DATABASE_RETRY_AFTER_SECONDS));
        JsonResponses.error(ctx, 503, DATABASE_UNAVAILABLE);
    }

    private static final java.util.regex.Pattern BAD_ESCAPE = java.util.regex.Pattern.compile("%(?![0-9A-Fa-f]{2})");

    /**
     * Refuses a path with a percent sign that starts no two-digit escape ("%u002e", which
     * Jetty lets through): Javalin would fail decoding its path parameters with a 500.
     */
    static void requireDecodablePath(Context ctx) {
        if (BAD_ESCAPE.matcher(ctx.path()).find()) {
            throw new io.javalin.http.BadRequestResponse("地址编码有误：百分号后须是两位十六进制数");
        }
    }

    static final String UNREADABLE = "请求无法读取：格式有误或不完整";

    /**
     * The 4xx status of a failure that is the client's: Jetty's own verdict on a broken
     * request (a malformed chunked body, an early end) anywhere in the causes, or an end of
     * input (the client went away mid-body, answered 400 in case it still listens); 0 otherwise.
     */
    static int clientFault(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.eclipse.jetty.http.HttpException h && h.getCode() >= 400 && h.getCode() < 500) {
                return h.getCode();
            }
            if (t instanceof org.eclipse.jetty.io.EofException) {
                return 400;
            }
        }
        return 0;
    }

    /** What went wrong, in one line: the exception's type and message, no stack trace. */
    static String brief(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage().replace('\n', ' '));
    }

    /**
     * A {@link Error} thrown by a handler (a stack overflow, an internal error of the JVM):
     * Javalin's exception handlers take only {@link Exception}s and would answer an empty 500.
     * It is the server's fault: logged with its trace (the first frames of a stack overflow
     * only, whose trace is a thousand copies of the same few), answered in the JSON shape.
     */
    static void javaLangError(jakarta.servlet.http.HttpServletResponse res, Error e) {
        if (e instanceof StackOverflowError) {
            StackTraceElement[] frames = e.getStackTrace();
            log.error("A request failed with a stack overflow at {}", java.util.Arrays.asList(frames).subList(0, Math.min(8, frames.length)));
        } else {
            log.error("A request failed", e);
        }
        if (res.isCommitted()) {
            return;
        }
        try {
            byte[] body = ("{\"error\":\"" + statusText(500) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            res.resetBuffer();
            res.setStatus(500);
            res.setContentType(JsonResponses.JSON);
            res.setContentLength(body.length);
            res.getOutputStream().write(body);
        } catch (java.io.IOException | RuntimeException alsoFailed) {
            log.debug("The 500 after an error could not be written: {}", alsoFailed.toString());
        }
    }

    /** Chinese text for the errors Javalin raises itself. */
    static String defaultMessage(HttpResponseException e, Context ctx, int maxBodyBytes) {
        int status = e.getStatus();
        if (e instanceof EndpointNotFound || status == 404) {
            return "找不到这个地址：" + ctx.method() + " " + ctx.path();
        }
        if (status == 405) {
            Map<String, String> details = e.getDetails();
            String allowed = details.getOrDefault("availableMethods", "");
            return "这个地址不支持 " + ctx.method() + " 请求" + (allowed.isEmpty() ? "" : "（可用：" + allowed + "）");
        }
        if (status == 413) {
            return tooLarge(maxBodyBytes);
        }
        return statusText(status);
    }

    static String tooLarge(int maxBodyBytes) {
        return "请求体太大：最多 " + maxBodyBytes + " 字节";
    }

    static String statusText(int status) {
        return switch (status) {
            case 400 -> "请求有误";
            case 401 -> "需要管理令牌";
            case 403 -> "没有权限";
            case 404 -> "找不到";
            case 405 -> "不支持这个请求方法";
            case 408 -> "请求超时";
            case 413 -> "请求体太大";
            case 414 -> "地址太长";
            case 415 -> "不支持这种内容类型";
            case 426 -> "这个端口只支持 HTTP/1.1";
            case 429 -> "请求太频繁，请稍后再试";
            case 431 -> "请求头太大";
            case 503 -> "服务繁忙，请稍后再试";
            default -> status >= 500 ? "服务器内部错误，请稍后再试" : HttpStatus.forStatus(status).getMessage();
        };
    }

    static boolean hasChinese(String s) {
        return s != null && s.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }
}
