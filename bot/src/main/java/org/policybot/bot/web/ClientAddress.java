package org.policybot.bot.web;

import io.javalin.http.Context;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;

/**
 * Who a request comes from, for the rate limit and the cap on bodies read at once: the
 * connection's address, or, when {@code chatbot.http.client-address-header} names the header
 * a trusted proxy in front sets, the last address in that header (the one the proxy saw;
 * earlier ones are whatever the client wrote). A value that is not an address is ignored.
 */
final class ClientAddress {

    /** IPv4 or IPv6 characters only, so a header cannot make up keys of any shape or length. */
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:]{2,45}");

    private final String header;

    /** @param header the trusted header, or empty to use the connection's address */
    ClientAddress(String header) {
        this.header = header;
    }

    String of(Context ctx) {
        return resolve(header.isEmpty() ? null : ctx.header(header), ctx.req().getRemoteAddr());
    }

    String of(Request request) {
        return resolve(header.isEmpty() ? null : request.getHeaders().get(header), Request.getRemoteAddr(request));
    }

    /** The last address of the header's value when it is one, else the connection's address. */
    static String resolve(String headerValue, String connection) {
        if (headerValue == null || headerValue.isBlank()) {
            return connection;
        }
        String last = headerValue.substring(headerValue.lastIndexOf(',') + 1).strip();
        return ADDRESS.matcher(last).matches() ? last : connection;
    }
}
