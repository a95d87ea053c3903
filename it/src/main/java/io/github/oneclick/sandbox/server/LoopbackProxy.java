package io.github.oneclick.sandbox.server;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A forwarding HTTP proxy on loopback that requires Basic credentials, as a corporate proxy does: a request in absolute
 * form ({@code GET http://127.0.0.1:8080/v2/... HTTP/1.1}) with the right {@code Proxy-Authorization} is sent on to its
 * host with a {@code Via: 1.1 loopback-proxy} header and without the credentials; any other gets {@code 407} with a
 * {@code Proxy-Authenticate} challenge and goes nowhere. One request per connection ({@code Connection: close} both
 * ways). Tunnels ({@code CONNECT}) are refused with {@code 501}: the sandbox speaks plain http.
 */
public final class LoopbackProxy implements Closeable {
    /** The header the proxy adds to what it forwards, so the sandbox's request log shows the way a request took. */
    public static final String VIA = "1.1 loopback-proxy";

    private static final int MAX_HEAD = 64 * 1024;

    private final ServerSocket server;
    private final String expected;
    private final AtomicInteger forwarded = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    private LoopbackProxy(ServerSocket server, String user, String password) {
        this.server = server;
        this.expected =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Starts the proxy on 127.0.0.1:{@code port} (0 for a free one). */
    public static LoopbackProxy start(int port, String user, String password) throws IOException {
        ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        LoopbackProxy proxy = new LoopbackProxy(server, user, password);
        Thread acceptor = new Thread(proxy::accept, "loopback-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Requests sent on to their host. */
    public int forwarded() {
        return forwarded.get();
    }

    /** Requests answered 407 (or 501 for a tunnel). */
    public int refused() {
        return refused.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread handler = new Thread(() -> handle(client), "loopback-proxy-" + client.getPort());
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            List<String> head = readHead(in);
            if (head.isEmpty()) {
                return;
            }
            String[] requestLine = head.get(0).split(" ", 3);
            if (requestLine.length != 3) {
                answer(out, "400 Bad Request", "");
                return;
            }
            if (!expected.equals(header(head, "proxy-authorization"))) {
                refused.incrementAndGet();
                answer(
                        out,
                        "407 Proxy Authentication Required",
                        "Proxy-Authenticate: Basic realm=\"loopback-proxy\"\r\n");
                return;
            }
            if (requestLine[0].equals("CONNECT") || !requestLine[1].startsWith("http://")) {
                refused.incrementAndGet();
                answer(out, "501 Not Implemented", "");
                return;
            }
            URI target = URI.create(requestLine[1]);
            String contentLength = header(head, "content-length");
            byte[] body = contentLength == null ? new byte[0] : in.readNBytes(Integer.parseInt(contentLength.strip()));
            forward(target, requestLine, head, body, out);
        } catch (IOException | RuntimeException e) {
            // the client or the target went away: nothing to answer
        }
    }

    private void forward(URI target, String[] requestLine, List<String> head, byte[] body, OutputStream out)
            throws IOException {
        int port = target.getPort() == -1 ? 80 : target.getPort();
        try (Socket upstream = new Socket(target.getHost(), port)) {
            StringBuilder request = new StringBuilder();
            String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
            request.append(requestLine[0])
                    .append(' ')
                    .append(path.isEmpty() ? "/" : path)
                    .append(' ')
                    .append(requestLine[2])
                    .append("\r\n");
            for (String line : head.subList(1, head.size())) {
                String name = line.substring(0, Math.max(0, line.indexOf(':')))
                        .strip()
                        .toLowerCase(Locale.ROOT);
                if (!name.startsWith("proxy-") && !name.equals("connection") && !name.equals("keep-alive")) {
                    request.append(line).append("\r\n");
                }
            }
            request.append("Via: ").append(VIA).append("\r\nConnection: close\r\n\r\n");
            OutputStream up = upstream.getOutputStream();
            up.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            up.write(body);
            up.flush();
            forwarded.incrementAndGet();
            InputStream down = upstream.getInputStream();
            List<String> responseHead = readHead(down);
            StringBuilder response = new StringBuilder();
            for (String line : responseHead) {
                String name = line.substring(0, Math.max(0, line.indexOf(':')))
                        .strip()
                        .toLowerCase(Locale.ROOT);
                if (!name.equals("connection") && !name.equals("keep-alive")) {
                    response.append(line).append("\r\n");
                }
            }
            response.append("Connection: close\r\n\r\n");
            out.write(response.toString().getBytes(StandardCharsets.ISO_8859_1));
            down.transferTo(out);
            out.flush();
        }
    }

    private static void answer(OutputStream out, String status, String headers) throws IOException {
        out.write(("HTTP/1.1 " + status + "\r\n" + headers + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String header(List<String> head, String name) {
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    /** The request or status line and the header lines, up to the blank line; empty at end of stream. */
    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        int b;
        while ((b = in.read()) != -1) {
            if (++total > MAX_HEAD) {
                throw new IOException("head too large");
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
        }
        return List.of();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
