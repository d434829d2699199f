package beginibridge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.regex.Pattern;

import beginibridge.admin.AdminApi;
import beginibridge.db.MigratedDataSource;
import beginibridge.dispatch.Durations;
import beginibridge.db.PayloadCipher;
import beginibridge.http.JsonErrorPages;
import beginibridge.intake.ApiKeys;
import beginibridge.intake.SignatureVerifier;
import beginibridge.metrics.IntakeMetrics;
import beginibridge.metrics.UidHash;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens once per start, whatever the routes: the schema is migrated before any route consumes, the key
 * summary is logged, the intake is counted, and the webhook port's own error answers are made JSON.
 */
public final class BridgeStartup implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeStartup.class);
    private static final Pattern BINDS_INTEGRATION = Pattern.compile(":#integrationId(?![A-Za-z0-9_])");

    @Override
    public void configure(CamelContext context) throws Exception {
        IntakeMetrics intakeMetrics = new IntakeMetrics(context,
                new UidHash(context.resolvePropertyPlaceholders("{{log.uid-hash-key:}}")));
        context.getManagementStrategy().addEventNotifier(intakeMetrics);
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarting(CamelContext starting, boolean alreadyStarted) throws Exception {
                checkLeaseOutlastsAttempts(starting);
                checkEnrichmentBindsIntegration(starting);
                checkPortFree(starting, "http.port", "{{camel.server.host:0.0.0.0}}");
                checkPortFree(starting, "management.port", "{{management.host}}");
                for (MigratedDataSource dataSource : starting.getRegistry().findByType(MigratedDataSource.class)) {
                    dataSource.migrate();
                }
                starting.getRegistry().findByType(SignatureVerifier.class).forEach(SignatureVerifier::logKeySummary);
            }

            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                // the HTTP router is complete only once the routes have started: see below
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                installAdminApi(started);
                int port = Integer.parseInt(started.resolvePropertyPlaceholders("{{http.port}}"));
                VertxPlatformHttpRouter router =
                        VertxPlatformHttpRouter.lookup(started, VertxPlatformHttpRouter.getRouterNameFromPort(port));
                if (router != null) {
                    JsonErrorPages.install(router, status -> {
                        if (status == 413) {
                            intakeMetrics.tooLarge();
                        }
                    });
                } else {
                    LOG.warn("No HTTP router on port {}: unknown paths and oversized bodies get Vert.x's plain"
                            + " answers", port);
                }
            }
        });
    }

    /**
     * A claim must outlast the longest possible attempt, or another worker takes over a delivery still being made
     * and it is made twice.
     */
    static void checkLeaseOutlastsAttempts(CamelContext context) {
        long leaseMillis = Durations.parse(context.resolvePropertyPlaceholders("{{delivery.lease}}"), "delivery.lease")
                .toMillis();
        long crmMillis = Long.parseLong(context.resolvePropertyPlaceholders("{{crm.connect-timeout-ms}}"))
                + Long.parseLong(context.resolvePropertyPlaceholders("{{crm.response-timeout-ms}}"));
        long smtpMillis = 2 * Long.parseLong(context.resolvePropertyPlaceholders("{{smtp.timeout-ms}}"));
        long longest = Math.max(crmMillis, smtpMillis);
        if (leaseMillis <= longest) {
            throw new IllegalArgumentException("delivery.lease (" + leaseMillis + " ms) must be longer than the"
                    + " longest attempt (" + longest + " ms: CRM connect + response timeouts, or SMTP timeouts)");
        }
    }

    /**
     * With several integrations, a lookup by uid alone would hand one integration's internal record (its CRM id, its
     * loan officer's address) to a webhook signed by another integration's key that names the same uid.
     */
    static void checkEnrichmentBindsIntegration(CamelContext context) {
        int integrations = ApiKeys.parse(context.getPropertiesComponent().resolveProperty("begini.api-keys")
                .orElse("")).integrations().size();
        String enrichSql = context.getPropertiesComponent().resolveProperty("enrich.sql").orElse("");
        if (integrations > 1 && !BINDS_INTEGRATION.matcher(enrichSql).find()) {
            throw new IllegalArgumentException("enrich.sql must bind :#integrationId when begini.api-keys lists "
                    + integrations + " integrations, so that one integration's key never reads another's records");
        }
    }

    /**
     * Camel logs a port its HTTP server could not bind (taken by another process, not allowed) and starts anyway: a
     * bridge that takes no webhooks, or cannot be probed, would look healthy. The ports are tried before the servers
     * start, and the bridge refuses to start without them.
     */
    static void checkPortFree(CamelContext context, String setting, String hostPlaceholder) {
        int port = Integer.parseInt(context.resolvePropertyPlaceholders("{{" + setting + "}}"));
        String host = context.resolvePropertyPlaceholders(hostPlaceholder);
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException taken) {
            throw new IllegalStateException(setting + " " + port + " on " + host + " cannot be listened on (taken by"
                    + " another process, or not allowed: " + taken.getMessage() + "); the bridge does not start"
                    + " without it", taken);
        }
    }

    private static void installAdminApi(CamelContext context) {
        int port = Integer.parseInt(context.resolvePropertyPlaceholders("{{management.port}}"));
        VertxPlatformHttpRouter router =
                VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        MigratedDataSource dataSource = context.getRegistry().lookupByNameAndType("dataSource",
                MigratedDataSource.class);
        if (router == null || dataSource == null) {
            LOG.warn("Admin API not installed: no management router on port {} or no dataSource", port);
            return;
        }
        AdminApi.install(router, context.resolvePropertyPlaceholders("{{admin.token:}}"), dataSource,
                context.getRegistry().lookupByNameAndType("payloadCipher", PayloadCipher.class));
    }
}
