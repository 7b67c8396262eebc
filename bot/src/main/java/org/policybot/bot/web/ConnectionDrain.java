package org.policybot.bot.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;

/**
 * The first step of a stop: the port closes, and connections already open may still bring
 * requests for a while; each is served as usual and its connection closed after the response.
 * Then the server's own graceful stop runs (it refuses new requests on open connections with
 * 503 and lets those in flight finish).
 *
 * <p>Why: a load balancer keeps idle keep-alive connections to each replica and sends the next
 * request on one of them. Without this step a request sent on such a connection as the replica
 * stops gets a 503 or a closed connection, which nginx does not retry for a POST (it may have
 * been processed). With it, nginx's connection attempts are refused (which it does retry, the
 * request not having been sent), requests on open connections are answered, and idle
 * connections are left for nginx to close: its keep-alive timeout for them is shorter than
 * the drain (deploy/nginx-policybot.conf).
 */
final class ConnectionDrain {

    private static final long POLL_MS = 50;

    private final Duration drain;
    private volatile Server server;

    ConnectionDrain(Duration drain) {
        this.drain = drain;
    }

    /** The Jetty server to drain, once it is built. */
    void attach(Server server) {
        this.server = server;
    }

    /**
     * Closes the port and waits until every open connection has closed, at most the drain time;
     * returns at once when that is zero.
     */
    void run() {
        Server s = server;
        if (s == null || drain.isZero()) {
            return;
        }
        List<AbstractConnector> connectors = new ArrayList<>();
        for (Connector c : s.getConnectors()) {
            if (c instanceof AbstractConnector a) {
                // Idle connections get the whole drain (not Jetty's one second), so the peer closes them first.
                a.setShutdownIdleTimeout(drain.toMillis());
                a.shutdown();
                connectors.add(a);
            }
        }
        long deadline = System.nanoTime() + drain.toNanos();
        while (System.nanoTime() < deadline && connectors.stream().anyMatch(c -> !c.getConnectedEndPoints().isEmpty())) {
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
