package beginibridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import beginibridge.db.MigratedDataSource;
import beginibridge.delivery.DeliveryExchange;
import beginibridge.delivery.Destinations;
import beginibridge.destination.email.MailRecipient;
import beginibridge.destination.templates.TemplateRenderer;
import beginibridge.enrichment.InternalRecord;
import beginibridge.event.Envelope;
import beginibridge.event.ReceivedEvent;
import beginibridge.failure.Causes;
import beginibridge.intake.EnvelopeReader;
import beginibridge.intake.WebhookRejection;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;

/**
 * What the bridge would do with a body, worked out in this process with its settings, its editable routes and its
 * templates: the routing table's choice, the internal record the enrichment finds, and the CRM payload and mail the
 * templates render. The destination routes are not started, so nothing is delivered and nothing is written; the
 * database is only read, by {@code enrich.sql}.
 */
final class Preview {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENGINE_ROUTES = "classpath:engine/";

    private final Map<String, String> settings;
    private final String routes;

    /**
     * @param settings settings over application.properties and the environment (the command's {@code --setting}s)
     * @param routes   where the editable routes are read from, as a routes include pattern; null for the bridge's
     *                 own (the non-engine part of {@code camel.main.routes-include-pattern})
     */
    Preview(Map<String, String> settings, String routes) {
        this.settings = settings;
        this.routes = routes;
    }

    /** Prints the preview of {@code body}; true when the bridge would take it and every rendering succeeds. */
    boolean run(byte[] body, PrintWriter out) throws Exception {
        try (DefaultCamelContext camel = BridgeSettings.context(settings)) {

            Envelope envelope;
            try {
                envelope = envelope(camel, body);
            } catch (WebhookRejection refused) {
                out.println("The bridge would refuse this body (" + refused.getStatus() + "): " + refused.getJson());
                return false;
            }
            out.println("event: " + envelope.eventType() + ", uid " + envelope.uid() + ", integration "
                    + envelope.integrationId());
            ReceivedEvent event = new ReceivedEvent(UUID.randomUUID(), envelope.integrationId(), envelope.uid(),
                    envelope.eventType(), Instant.now(), body);
            PreviewDispatcher dispatcher = new PreviewDispatcher(event);
            try (MigratedDataSource database = BridgeSettings.database(camel)) {
                camel.getRegistry().bind("dispatcher", dispatcher);
                camel.getRegistry().bind("internalRecord", new InternalRecord());
                camel.getRegistry().bind("dataSource", database);
                camel.getRegistry().bind("templates", new TemplateRenderer(setting(camel, "templates.dir"),
                        Integer.parseInt(setting(camel, "delivery.max-rendered-bytes"))));
                camel.getRegistry().bind("mailRecipient", new MailRecipient(setting(camel, "mail.to")));
                Map<String, Boolean> destinations = loadRoutesButTheDestinations(camel);
                camel.start();
                return preview(camel, event, dispatcher, destinations, out);
            }
        }
    }

    private boolean preview(DefaultCamelContext camel, ReceivedEvent event, PreviewDispatcher dispatcher,
            Map<String, Boolean> destinations, PrintWriter out) throws IOException {
        ProducerTemplate producer = camel.createProducerTemplate();
        Exchange routed = producer.send("direct:route-event", exchange -> exchange.getMessage().setBody(event));
        if (routed.getException() != null || dispatcher.destinations() == null) {
            out.println("routing: the routing table failed: " + message(routed.getException()));
            return false;
        }
        List<String> chosen = dispatcher.destinations();
        if (chosen.isEmpty()) {
            out.println("routing: no destination; the event would be stored as unrouted");
            return true;
        }
        out.println("routing: " + String.join(", ", chosen));
        boolean fine = true;
        for (String name : chosen) {
            Boolean on = destinations.get(name);
            if (on == null) {
                out.println("  " + name + ": no such destination (no route direct:" + Destinations.ENDPOINT_PREFIX
                        + name + "): the bridge would fail this event; the destinations are "
                        + new java.util.TreeSet<>(destinations.keySet()));
                fine = false;
            } else {
                out.println("  " + name + ": " + (on ? "on" : "off (its settings are not given): the delivery would"
                        + " be recorded as skipped"));
            }
        }
        Map<String, Object> webhook = JSON.readValue(event.payload(), Map.class);
        Object applicant = null;
        if (chosen.contains("crm") || chosen.contains("email")) {
            Exchange enriched = producer.send("direct:enrich-by-uid", exchange -> {
                describeEvent(exchange, event, webhook);
                exchange.setProperty(DeliveryExchange.DESTINATION, "preview");
            });
            applicant = enriched.getProperty(DeliveryExchange.APPLICANT);
            out.println("enrichment: " + (enriched.getException() != null
                    ? "not looked up: " + message(enriched.getException())
                    : applicant == null ? "no internal record matches this uid and integration" : applicant));
        }
        TemplateRenderer templates = camel.getRegistry().lookupByNameAndType("templates", TemplateRenderer.class);
        // rendered even while off, to try templates without a CRM or mail server; only a destination that is on
        // would fail a delivery
        if (chosen.contains("crm")) {
            fine &= crm(producer, templates, event, webhook, applicant, out) || !destinations.getOrDefault("crm", true);
        }
        if (chosen.contains("email")) {
            fine &= mail(camel, producer, templates, event, webhook, applicant, out)
                    || !destinations.getOrDefault("email", true);
        }
        return fine;
    }

    private boolean crm(ProducerTemplate producer, TemplateRenderer templates, ReceivedEvent event,
            Map<String, Object> webhook, Object applicant, PrintWriter out) {
        out.println();
        if (applicant == null) {
            out.println("--- CRM: no internal record, so the delivery would be unmatched and nothing sent");
            return true;
        }
        Exchange exchange = describedFor(producer, event, webhook, applicant);
        String template = exchange.getProperty(DeliveryExchange.CRM_TEMPLATE, String.class);
        try {
            templates.crmPayload(exchange);
        } catch (RuntimeException failed) {
            out.println("--- CRM payload (templates/" + template + "): fails: " + message(failed));
            return false;
        }
        out.println("--- CRM payload (templates/" + template + "), status \""
                + exchange.getProperty(DeliveryExchange.STATUS) + "\"");
        out.println(exchange.getMessage().getBody(String.class).stripTrailing());
        return true;
    }

    private boolean mail(DefaultCamelContext camel, ProducerTemplate producer, TemplateRenderer templates,
            ReceivedEvent event, Map<String, Object> webhook, Object applicant, PrintWriter out) {
        out.println();
        Exchange exchange = describedFor(producer, event, webhook, applicant);
        exchange.setProperty(DeliveryExchange.STATUS, exchange.getProperty("mailStatus"));
        String template = exchange.getProperty(DeliveryExchange.EMAIL_TEMPLATE, String.class);
        try {
            camel.getRegistry().lookupByNameAndType("mailRecipient", MailRecipient.class).choose(exchange);
            templates.email(exchange);
        } catch (RuntimeException failed) {
            out.println("--- mail (templates/" + template + ".*): fails: " + message(failed));
            return false;
        }
        out.println("--- mail (templates/" + template + ".*)");
        out.println("To: " + exchange.getProperty(DeliveryExchange.MAIL_TO));
        out.println("Subject: " + exchange.getProperty(DeliveryExchange.MAIL_SUBJECT));
        out.println();
        out.println(exchange.getMessage().getBody(String.class).stripTrailing());
        return true;
    }

    /** An exchange as a destination route has it before rendering: the event, its record, its words. */
    private static Exchange describedFor(ProducerTemplate producer, ReceivedEvent event, Map<String, Object> webhook,
            Object applicant) {
        Exchange exchange = new DefaultExchange(producer.getCamelContext());
        describeEvent(exchange, event, webhook);
        exchange.setProperty(DeliveryExchange.APPLICANT, applicant);
        Exchange described = producer.send("direct:describe-event", exchange);
        if (described.getException() != null) {
            throw new IllegalStateException("the routing table's describe-event failed: "
                    + message(described.getException()));
        }
        return described;
    }

    private static void describeEvent(Exchange exchange, ReceivedEvent event, Map<String, Object> webhook) {
        exchange.getMessage().setBody(webhook);
        exchange.setProperty(DeliveryExchange.EVENT_ID, event.id().toString());
        exchange.setProperty(DeliveryExchange.EVENT_TYPE, event.eventType());
        exchange.setProperty(DeliveryExchange.UID, event.uid());
        exchange.setProperty(DeliveryExchange.INTEGRATION_ID, event.integrationId());
    }

    /** The envelope as the intake reads it, taking the body as signed by the integration it names. */
    private static Envelope envelope(DefaultCamelContext camel, byte[] body) {
        String integration = "";
        try {
            JsonNode named = JSON.readTree(body).path("integration_id");
            integration = named.isTextual() ? named.textValue() : "";
        } catch (IOException unreadable) {
            // the reader says what is wrong with it
        }
        return new EnvelopeReader(Long.parseLong(setting(camel, "begini.max-body-bytes")),
                setting(camel, "begini.max-future-skew")).parse(body, Set.of(integration));
    }

    /**
     * Loads the editable routes, and takes the destination routes out again before anything starts: the routing
     * table and the enrichment run, no delivery can. Returns each destination and whether it is on.
     */
    private Map<String, Boolean> loadRoutesButTheDestinations(DefaultCamelContext camel) throws Exception {
        List<Resource> resources = new ArrayList<>();
        for (String pattern : routePatterns(camel)) {
            resources.addAll(PluginHelper.getPackageScanResourceResolver(camel).findResources(pattern));
        }
        PluginHelper.getRoutesLoader(camel).loadRoutes(resources);
        Map<String, Boolean> destinations = new LinkedHashMap<>();
        List<RouteDefinition> destinationRoutes = new ArrayList<>();
        for (RouteDefinition route : camel.getRouteDefinitions()) {
            String uri = route.getInput().getEndpointUri();
            String prefix = "direct:" + Destinations.ENDPOINT_PREFIX;
            if (uri.startsWith(prefix)) {
                String autoStartup = route.getAutoStartup();
                destinations.put(uri.substring(prefix.length()),
                        autoStartup == null || Boolean.parseBoolean(camel.resolvePropertyPlaceholders(autoStartup)));
                destinationRoutes.add(route);
            }
        }
        camel.removeRouteDefinitions(destinationRoutes);
        return destinations;
    }

    private List<String> routePatterns(DefaultCamelContext camel) {
        String include = routes != null ? routes : setting(camel, "camel.main.routes-include-pattern");
        return List.of(include.split(",")).stream().map(String::strip)
                .filter(pattern -> !pattern.isEmpty() && !pattern.startsWith(ENGINE_ROUTES)).toList();
    }

    private static String setting(DefaultCamelContext camel, String name) {
        return BridgeSettings.get(camel, name);
    }

    /** The innermost cause's message: the one that says what is wrong. */
    private static String message(Throwable failure) {
        if (failure == null) {
            return "(no reason given)";
        }
        Throwable root = Causes.root(failure);
        String message = root.getMessage();
        return (message == null ? root.getClass().getSimpleName() : message).lines().findFirst().orElse("");
    }
}
