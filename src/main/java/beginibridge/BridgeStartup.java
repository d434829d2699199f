package beginibridge;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import beginibridge.admin.AdminApi;
import beginibridge.admin.StuckApplications;
import beginibridge.db.MigratedDataSource;
import beginibridge.delivery.Destinations;
import beginibridge.destination.templates.TemplateRenderer;
import beginibridge.failure.Causes;
import beginibridge.http.EdgeLimits;
import beginibridge.http.SourceAllowlist;
import beginibridge.http.WebhookHttpServer;
import beginibridge.http.WebhookPortLiveness;
import beginibridge.intake.ApiKeys;
import beginibridge.intake.Inbox;
import beginibridge.intake.SignatureVerifier;
import beginibridge.intake.WebhookGate;
import beginibridge.management.ManagementPortGuard;
import beginibridge.metrics.IntakeMetrics;
import beginibridge.metrics.JvmMeters;
import beginibridge.metrics.LogFields;
import beginibridge.metrics.RejectionLog;
import beginibridge.metrics.RouteCountMeters;
import beginibridge.metrics.StuckGauge;
import beginibridge.metrics.UidHash;
import beginibridge.settings.ConfiguredFunction;
import beginibridge.settings.Durations;
import beginibridge.settings.SettingChecks;
import beginibridge.settings.SettingProblem;
import beginibridge.settings.SqlParametersFunction;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens once per start, whatever the routes: the webhook port is set up with its limits and gate, the schema
 * is migrated before any route consumes, the key summary (and a CRM reached in clear) is logged, the intake is
 * counted.
 */
public final class BridgeStartup implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeStartup.class);
    private static final Pattern BINDS_INTEGRATION = Pattern.compile(":#integrationId(?![A-Za-z0-9_])");

    @Override
    public void configure(CamelContext context) throws Exception {
        SettingChecks.check(name -> context.resolvePropertyPlaceholders("{{" + name + ":}}"));
        ApiKeys.parse(context.resolvePropertyPlaceholders("{{begini.api-keys:}}"));
        UidHash uidHash = new UidHash(context.resolvePropertyPlaceholders("{{log.uid-hash-key:}}"));
        LogFields.useUidHash(uidHash);
        RejectionLog rejections = new RejectionLog(Clock.systemUTC());
        IntakeMetrics intakeMetrics = new IntakeMetrics(context, uidHash, rejections);
        context.getPropertiesComponent().addPropertiesFunction(new ConfiguredFunction(context));
        context.getPropertiesComponent().addPropertiesFunction(new SqlParametersFunction(context));
        installWebhookPort(context, intakeMetrics);
        context.getManagementStrategy().addEventNotifier(new RouteCountMeters(context));
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarting(CamelContext starting, boolean alreadyStarted) throws Exception {
                checkLeaseOutlastsAttempts(starting);
                warnIfInboxWaitOutlastsIdleTimeout(starting);
                AdminApi.checkTokens(starting.resolvePropertyPlaceholders("{{admin.token:}}"),
                        starting.resolvePropertyPlaceholders("{{admin.readonly-token:}}"));
                String crmInClear = crmInClearWarning(starting.resolvePropertyPlaceholders("{{crm.url}}"));
                if (crmInClear != null) {
                    LOG.warn(crmInClear);
                }
                checkEnrichmentBindsIntegration(starting);
                checkPortFree(starting, "http.port", "{{http.host}}");
                checkPortFree(starting, "management.port", "{{management.host}}");
                checkRoutes(starting);
                JvmMeters.bind(starting);
                for (MigratedDataSource dataSource : starting.getRegistry().findByType(MigratedDataSource.class)) {
                    migrate(dataSource);
                    checkEnrichment(starting, dataSource);
                }
                starting.getRegistry().findByType(SignatureVerifier.class).forEach(SignatureVerifier::logKeySummary);
            }

            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                // the management router is complete only once the routes have started: see below
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                Destinations destinations = destinations(started);
                destinations.all().forEach(destinations::ensureWorkers);
                ManagementPortGuard.install(started);
                RouteReloadGuard.install(started);
                installOperations(started, rejections);
                WebhookHttpServer server = started.getRegistry().lookupByNameAndType("webhookHttpServer",
                        WebhookHttpServer.class);
                intakeMetrics.gaugeWebhookPort(server::openConnections, server::bufferedBodyBytes);
                for (Inbox inbox : started.getRegistry().findByType(Inbox.class)) {
                    intakeMetrics.gaugeInbox(inbox, Inbox::writes, Inbox::webhooksWritten, Inbox::queued);
                }
                LOG.info(StartSummary.of(started, destinations));
                LOG.info("Ready in {} ms", ManagementFactory.getRuntimeMXBean().getUptime());
            }
        });
    }

    /**
     * The webhook port is this project's server rather than camel-main's, which has no connection or time bounds;
     * Camel's platform-http consumers find its router as usual. The gate runs on every platform-http route of it (the
     * intake is the only one), on the event loop, between the body handler and the route.
     */
    private static void installWebhookPort(CamelContext context, IntakeMetrics intakeMetrics) {
        WebhookGate gate = new WebhookGate(context, intakeMetrics::refusedAtGate, intakeMetrics::watch);
        context.getRegistry().bind("webhookGate", gate);
        VertxPlatformHttpEngine engine = new VertxPlatformHttpEngine();
        engine.setHandlers(List.of(gate));
        context.getRegistry().bind(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME, PlatformHttpEngine.class, engine);
        WebhookHttpServer server = new WebhookHttpServer(setting(context, "http.host"),
                Integer.parseInt(setting(context, "http.port")), EdgeLimits.from(context),
                new SourceAllowlist(setting(context, "begini.allowed-sources"), setting(context, "http.trusted-proxies")),
                intakeMetrics::answeredAtEdge);
        server.setCamelContext(context);
        context.getRegistry().bind("webhookHttpServer", server);
        context.getRegistry().bind("webhookPortLiveness", new WebhookPortLiveness(server));
        try {
            context.addService(server, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("The webhook port could not be set up", e);
        }
    }

    /**
     * The routing table's destinations must all have a route, and the templates named for the destinations that are on
     * must be there (in templates.dir when it is set).
     */
    static void checkRoutes(CamelContext context) {
        checkRoutes(context, ((ModelCamelContext) context).getRouteDefinitions());
    }

    /** {@link #checkRoutes(CamelContext)} of these route definitions: those running, or those a reload would make. */
    static void checkRoutes(CamelContext context, List<RouteDefinition> routes) {
        RouteTableCheck table = new RouteTableCheck(routes);
        table.requireKnownDestinations(table.destinations());
        String directory = setting(context, "templates.dir:");
        if (!directory.isEmpty() && !Files.isDirectory(Path.of(directory))) {
            throw new SettingProblem("templates.dir", "is not a folder ('" + directory + "')",
                    "give the folder holding crm/ and email/, or leave it empty for the templates in the jar");
        }
        TemplateRenderer templates = context.getRegistry().lookupByNameAndType("templates", TemplateRenderer.class);
        List<String> needed = new ArrayList<>();
        if (Boolean.parseBoolean(context.resolvePropertyPlaceholders("{{configured:crm.url}}"))) {
            needed.addAll(table.constants("crmTemplate"));
        }
        if (Boolean.parseBoolean(context.resolvePropertyPlaceholders("{{configured:smtp.host}}"))) {
            table.constants("emailTemplate").forEach(name -> needed.addAll(
                    List.of(name + ".subject.mustache", name + ".txt.mustache")));
        }
        for (String name : needed) {
            String problem = templates == null ? null : templates.problem(name);
            if (problem != null) {
                throw new SettingProblem("templates.dir", "has no usable template " + name + ", which the routing"
                        + " table names (" + problem + ")", directory.isEmpty() ? "rebuild the jar with it"
                        : "copy the project's templates/ folder there, or leave templates.dir empty");
            }
        }
    }

    /** A database that cannot be reached or migrated stops the start with its reason, not its stack trace. */
    private static void migrate(MigratedDataSource dataSource) {
        try {
            dataSource.migrate();
        } catch (SQLException | RuntimeException unreachable) {
            throw new SettingProblem("db.url", "names a database that cannot be used: " + reason(unreachable),
                    "check that it runs and that db.url, db.user and db.password are right");
        }
    }

    /**
     * enrich.sql is prepared against the migrated database, so that a missing table or column is named at start
     * rather than in every delivery's error.
     */
    static void checkEnrichment(CamelContext context, MigratedDataSource dataSource) {
        String sql = context.getPropertiesComponent().resolveProperty("enrich.sql").orElse("").trim();
        if (sql.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(SqlParametersFunction.positional(sql))) {
            statement.getMetaData();
        } catch (SQLException unprepared) {
            throw new SettingProblem("enrich.sql", "cannot be prepared against the database: " + reason(unprepared),
                    "name tables and columns that exist there (the lender's internal records)");
        }
    }

    /** A database failure's own words, on one line, without the statement some drivers append. */
    private static String reason(Throwable failure) {
        SQLException sql = Causes.find(failure, SQLException.class);
        Throwable told = sql != null ? sql : Causes.root(failure);
        String message = told.getMessage() == null ? told.getClass().getSimpleName() : told.getMessage();
        int statement = message.indexOf("; SQL statement:");
        message = statement < 0 ? message : message.substring(0, statement);
        String state = sql == null || sql.getSQLState() == null ? "" : " (SQL state " + sql.getSQLState() + ")";
        return message.lines().findFirst().orElse("").trim() + state;
    }

    private static Destinations destinations(CamelContext context) {
        Destinations destinations = context.getRegistry().lookupByNameAndType("destinations", Destinations.class);
        if (destinations == null) {
            throw new IllegalStateException("No bean destinations: the engine's routes (engine/beans.camel.yaml) are"
                    + " not in camel.main.routes-include-pattern");
        }
        return destinations;
    }

    private static String setting(CamelContext context, String name) {
        return context.resolvePropertyPlaceholders("{{" + name + "}}").trim();
    }

    /**
     * A webhook waiting on the database sends and receives nothing: if it may wait longer than the idle timeout, the
     * server closes its connection before the 503 that would have told Begini to retry (it retries anyway, without
     * knowing why).
     */
    static void warnIfInboxWaitOutlastsIdleTimeout(CamelContext context) {
        long inboxMillis = Durations.parse(context.resolvePropertyPlaceholders("{{db.inbox-write-timeout}}"),
                "db.inbox-write-timeout").toMillis()
                + Long.parseLong(context.resolvePropertyPlaceholders("{{db.connection-timeout-ms}}"));
        long idleMillis = Durations.parse(context.resolvePropertyPlaceholders("{{http.idle-timeout}}"),
                "http.idle-timeout").toMillis();
        if (inboxMillis >= idleMillis) {
            LOG.warn("db.inbox-write-timeout + db.connection-timeout-ms ({} ms) is not below http.idle-timeout ({} ms):"
                    + " a webhook waiting that long on the database gets its connection closed instead of a 503",
                    inboxMillis, idleMillis);
        }
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
     * The warning due when the CRM is reached over plain HTTP on another machine: its bearer token, and every payload
     * with the applicant's record, would cross the network in clear. Null when none is due. It names the scheme and
     * host only: the path or query of a CRM URL may carry a token.
     */
    static String crmInClearWarning(String crmUrl) {
        URI uri;
        try {
            uri = new URI(crmUrl.trim());
        } catch (URISyntaxException notAUri) {
            return null;
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || isLoopback(uri.getHost())) {
            return null;
        }
        return "crm.url is plain http to " + uri.getScheme() + "://" + uri.getHost() + ": the CRM token and every"
                + " payload cross the network unencrypted; use https";
    }

    /** Loopback by name or literal address; a host name is not resolved, as its address may change. */
    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        boolean literal = host.startsWith("[") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
        try {
            return literal && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException notAnAddress) {
            return false;
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

    /** The stuck-applications gauge, and the admin API with the console when admin.token is set. */
    private static void installOperations(CamelContext context, RejectionLog rejections) {
        int port = Integer.parseInt(context.resolvePropertyPlaceholders("{{management.port}}"));
        VertxPlatformHttpRouter router =
                VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        MigratedDataSource dataSource = context.getRegistry().lookupByNameAndType("dataSource",
                MigratedDataSource.class);
        if (router == null || dataSource == null) {
            LOG.warn("Admin API not installed: no management router on port {} or no dataSource", port);
            return;
        }
        StuckApplications stuck = new StuckApplications(dataSource, Durations.parse(
                context.resolvePropertyPlaceholders("{{console.stuck-after}}"), "console.stuck-after"));
        StuckGauge.register(context, stuck::counts);
        AdminApi.install(router, context, dataSource, destinations(context), stuck, rejections);
    }
}
