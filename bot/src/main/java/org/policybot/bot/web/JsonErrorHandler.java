package org.policybot.bot.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers before a request reaches Javalin (a malformed request line, an
 * undecodable path, headers too large, a {@code CONNECT}, an HTTP/2 preface on this HTTP/1.1
 * port) in the API's JSON shape instead of Jetty's HTML page or an empty body, and never
 * with a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {

    JsonErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
        setShowOrigin(false);
    }

    /**
     * Every method gets the JSON body: Jetty writes one only for GET, POST and HEAD by
     * default, so a refused {@code CONNECT} or HTTP/2 preface ({@code PRI}) got an empty 400 or 426.
     */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        byte[] body = body(code);
        response.getHeaders().put(new HttpField(HttpHeader.CONTENT_TYPE, JsonResponses.JSON));
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, JsonResponses.JSON);
        return ByteBuffer.wrap(body(status));
    }

    private static byte[] body(int status) {
        return ("{\"error\":\"" + ApiErrors.statusText(status) + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
