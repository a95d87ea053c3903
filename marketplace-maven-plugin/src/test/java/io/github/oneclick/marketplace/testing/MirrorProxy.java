package io.github.oneclick.marketplace.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The only way out of a {@link DebianSystem}'s network namespace: an HTTP forward proxy on the host's end of the
 * system's veth pair that serves GET and HEAD requests for the package mirror's hosts on port 80 and refuses
 * everything else (403). One request per connection ({@code Connection: close}); apt and wget reconnect. Nothing on
 * the host's firewall or routing is changed for it.
 */
final class MirrorProxy implements AutoCloseable {
    private static final int MAX_HEAD = 64 * 1024;
    private static final int CONNECT_TIMEOUT_MILLIS = 30_000;
    private static final int READ_TIMEOUT_MILLIS = 120_000;

    private final ServerSocket server;
    private final Set<String> hosts;
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final List<String> served = new CopyOnWriteArrayList<>();

    private MirrorProxy(ServerSocket server, Set<String> hosts) {
        this.server = server;
        this.hosts = hosts;
    }

    /** Listens on a free port of {@code address} (the host's end of the veth pair) for requests to {@code hosts}. */
    static MirrorProxy start(InetAddress address, Set<String> hosts) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(address, 0), 50);
        MirrorProxy proxy = new MirrorProxy(server, Set.copyOf(hosts));
        Thread acceptor = new Thread(proxy::accept, "mirror-proxy-" + address.getHostAddress());
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    /** The proxy URL for apt ({@code Acquire::http::Proxy}) and wget ({@code http_proxy}). */
    String url() {
        return "http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort() + "/";
    }

    /** Request lines served so far. */
    List<String> served() {
        return List.copyOf(served);
    }

    /** Request lines refused so far. */
    List<String> refused() {
        return List.copyOf(refused);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listening socket only fails when it is already closed
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread handler = new Thread(() -> handle(client), "mirror-proxy-request");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            client.setSoTimeout(READ_TIMEOUT_MILLIS);
            String head = readHead(client.getInputStream());
            if (head == null) {
                return;
            }
            String[] lines = head.split("\r\n");
            String[] request = lines[0].split(" ");
            URI target = request.length == 3 ? parse(request[1]) : null;
            String method = request[0];
            if (target == null
                    || !(method.equals("GET") || method.equals("HEAD"))
                    || !"http".equals(target.getScheme())
                    || target.getHost() == null
                    || !hosts.contains(target.getHost().toLowerCase(Locale.ROOT))
                    || (target.getPort() != -1 && target.getPort() != 80)) {
                refused.add(lines[0]);
                client.getOutputStream()
                        .write(("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close" + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            served.add(lines[0]);
            StringBuilder forward = new StringBuilder();
            String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
            forward.append(method)
                    .append(' ')
                    .append(path)
                    .append(target.getRawQuery() == null ? "" : "?" + target.getRawQuery())
                    .append(' ')
                    .append(request[2])
                    .append("\r\n");
            forward.append("Host: ").append(target.getHost()).append("\r\n");
            for (int i = 1; i < lines.length; i++) {
                String name = lines[i].contains(":")
                        ? lines[i].substring(0, lines[i].indexOf(':')).trim().toLowerCase(Locale.ROOT)
                        : "";
                if (!Set.of("host", "connection", "proxy-connection", "keep-alive", "proxy-authorization")
                                .contains(name)
                        && !lines[i].isEmpty()) {
                    forward.append(lines[i]).append("\r\n");
                }
            }
            forward.append("Connection: close\r\n\r\n");
            try (Socket origin = new Socket()) {
                origin.connect(new InetSocketAddress(target.getHost(), 80), CONNECT_TIMEOUT_MILLIS);
                origin.setSoTimeout(READ_TIMEOUT_MILLIS);
                origin.getOutputStream().write(forward.toString().getBytes(StandardCharsets.ISO_8859_1));
                origin.getOutputStream().flush();
                origin.getInputStream().transferTo(client.getOutputStream());
            }
        } catch (IOException e) {
            // the client or the mirror went away; apt retries or reports the failed download
        }
    }

    private static URI parse(String target) {
        try {
            return new URI(target);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The request head up to the blank line, or null when the client sent none. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (head.size() < MAX_HEAD) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == end.length) {
                String text = head.toString(StandardCharsets.ISO_8859_1);
                return text.substring(0, text.length() - end.length);
            }
        }
        return null;
    }
}
