package beginibridge.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * Which client addresses may post webhooks ({@code begini.allowed-sources}, CIDRs; empty: any), as Begini advises
 * its customers to allow only its platform's addresses. Behind a load balancer the client is named by
 * {@code X-Forwarded-For}, believed only from the proxies of {@code http.trusted-proxies}: the list is read from the
 * right, past the trusted proxies, so a client cannot choose its own address by sending the header itself.
 */
public final class SourceAllowlist {

    private final List<Cidr> allowed;
    private final List<Cidr> trustedProxies;

    public SourceAllowlist(String allowedSources, String trustedProxies) {
        this.allowed = parse(allowedSources, "begini.allowed-sources");
        this.trustedProxies = parse(trustedProxies, "http.trusted-proxies");
    }

    public boolean isOpen() {
        return allowed.isEmpty();
    }

    public boolean allows(HttpServerRequest request) {
        if (allowed.isEmpty()) {
            return true;
        }
        InetAddress client = client(request);
        return client != null && matches(allowed, client);
    }

    /** The client's address: the peer, or the last address X-Forwarded-For names past the trusted proxies. */
    InetAddress client(HttpServerRequest request) {
        SocketAddress peer = request.remoteAddress();
        InetAddress client = peer == null ? null : literal(peer.hostAddress());
        if (client == null || !matches(trustedProxies, client)) {
            return client;
        }
        List<String> hops = new ArrayList<>();
        for (String header : request.headers().getAll("X-Forwarded-For")) {
            for (String hop : header.split(",")) {
                hops.add(hop.trim());
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                return null; // a garbled list names no one
            }
            client = hop;
            if (!matches(trustedProxies, hop)) {
                break;
            }
        }
        return client;
    }

    private static boolean matches(List<Cidr> ranges, InetAddress address) {
        for (Cidr range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The address a literal names; null when it is not an IPv4 or IPv6 literal. Parsed, never looked up: a name such
     * as {@code dead.beef} must not send the event loop to DNS.
     */
    private static InetAddress literal(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        byte[] address = NetUtil.createByteArrayFromIpAddressString(bare);
        if (address == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException wrongLength) {
            return null;
        }
    }

    private static List<Cidr> parse(String setting, String name) {
        List<Cidr> ranges = new ArrayList<>();
        for (String item : setting == null ? new String[0] : setting.split(",")) {
            String text = item.trim();
            if (!text.isEmpty()) {
                ranges.add(Cidr.parse(text, name));
            }
        }
        return List.copyOf(ranges);
    }

    private record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text, String name) {
            int slash = text.indexOf('/');
            InetAddress address = literal(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw invalid(text, name);
            }
            int bits = address.getAddress().length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException notNumber) {
                throw invalid(text, name);
            }
            if (prefix < 0 || prefix > bits) {
                throw invalid(text, name);
            }
            return new Cidr(address.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (bytes[whole] & mask) == (network[whole] & mask);
        }

        private static IllegalArgumentException invalid(String text, String name) {
            return new IllegalArgumentException(name + ": '" + text + "' is not an address or CIDR range such as"
                    + " 203.0.113.0/24 or 2001:db8::/32");
        }
    }
}
