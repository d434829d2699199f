package beginibridge.management;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.vertx.core.Handler;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

/**
 * The names the management port answers to: {@code management.allowed-hosts} and the address it is bound to. A web
 * page open in a browser on the host can rebind its own name to 127.0.0.1 and then read the port as if it were its
 * own site (DNS rebinding), but its requests still carry that name in Host, so they are refused 403. Any port is
 * accepted; names compare without case, IPv6 literals with or without brackets. A wildcard bind address (0.0.0.0,
 * ::) names no host, so it adds nothing.
 */
final class AllowedHosts implements Handler<RoutingContext> {

    private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "0:0:0:0:0:0:0:0");

    private final Set<String> hosts;

    AllowedHosts(String setting, String bindAddress) {
        String bound = normalised(bindAddress);
        hosts = Stream.concat(Arrays.stream(setting.split(",")).map(AllowedHosts::normalised),
                        WILDCARDS.contains(bound) ? Stream.empty() : Stream.of(bound))
                .filter(host -> !host.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void handle(RoutingContext ctx) {
        HostAndPort authority = ctx.request().authority();
        if (authority != null && hosts.contains(normalised(authority.host()))) {
            ctx.next();
            return;
        }
        ManagementPortGuard.refuse(ctx, 403, "Host not allowed");
    }

    Set<String> hosts() {
        return hosts;
    }

    private static String normalised(String host) {
        String name = host.trim().toLowerCase(Locale.ROOT);
        return name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
    }
}
