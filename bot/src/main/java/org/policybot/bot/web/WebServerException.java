package org.policybot.bot.web;

/** The HTTP server could not start; the message is one line for the command line. */
public final class WebServerException extends RuntimeException {
    public WebServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
