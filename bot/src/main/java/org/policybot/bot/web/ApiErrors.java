package org.policybot.bot.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.router.EndpointNotFound;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error of the HTTP API, mapped in one place to {@code {"error": "…"}} with its
 * status. Handlers throw Javalin responses ({@code BadRequestResponse} …) with a Chinese
 * message; Javalin's own English messages (unknown route, wrong method, body too large) are
 * replaced by Chinese ones here. Anything unexpected becomes a 500 without details: the
 * stack trace goes to the log, never to the caller.
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
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            JsonResponses.error(ctx, 500, "服务器内部错误，请稍后再试");
        });
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
