package io.github.oneclick.vendor.internal.http;

import io.github.oneclick.vendor.HttpProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import okhttp3.Authenticator;
import okhttp3.Connection;
import okhttp3.Credentials;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

/**
 * Sends the client's requests through an {@link HttpProxy}: a proxy selector that bypasses the non-proxy hosts, and,
 * when the proxy has credentials, Basic {@code Proxy-Authorization} sent with the first request (the CONNECT of an
 * https call, or the request itself for plain http), so that no request body goes out twice for a 407 challenge. A
 * proxy that refuses the credentials is not asked again.
 */
public final class ProxyRouting {
    static final String HEADER = "Proxy-Authorization";

    private ProxyRouting() {}

    /** Configures {@code http} to use {@code proxy}. */
    public static void apply(HttpProxy proxy, OkHttpClient.Builder http) {
        Proxy through = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.host(), proxy.port()));
        http.proxySelector(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return proxy.bypasses(uri.getHost()) ? List.of(Proxy.NO_PROXY) : List.of(through);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException failure) {
                // one proxy, no alternative to fall back to: the call fails with the connection's error
            }
        });
        if (proxy.username() == null) {
            return;
        }
        String credential = Credentials.basic(proxy.username(), proxy.password(), StandardCharsets.UTF_8);
        http.proxyAuthenticator(authenticator(credential));
        http.addNetworkInterceptor(preemptive(credential));
    }

    /**
     * Gives the credentials to the CONNECT of an https call, which OkHttp asks for before it sends it. Any other 407
     * means the proxy refused credentials already sent (the CONNECT had them; a plain-http request got them from
     * {@link #preemptive}), so nothing is sent again.
     */
    private static Authenticator authenticator(String credential) {
        return (Route route, Response response) -> {
            Request request = response.request();
            return request.method().equals("CONNECT") && request.header(HEADER) == null
                    ? request.newBuilder().header(HEADER, credential).build()
                    : null;
        };
    }

    /** Adds the credentials to a plain-http request that goes through the proxy. */
    private static Interceptor preemptive(String credential) {
        return chain -> {
            Connection connection = chain.connection();
            Request request = chain.request();
            boolean proxied = connection != null && connection.route().proxy().type() == Proxy.Type.HTTP;
            if (proxied && !request.isHttps()) {
                request = request.newBuilder().header(HEADER, credential).build();
            }
            return chain.proceed(request);
        };
    }
}
