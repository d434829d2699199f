package beginibridge.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a measured load's Java CPU went, from a flight recording's execution samples (threads running Java code, every
 * 20 ms; the JIT compiler and the garbage collector are not sampled, the thread split from jcmd has them): the share of
 * samples each part of the pipeline was on the stack for (parts can nest, so the shares do not add up), and the
 * methods most often on top.
 */
final class Profile {

    /** A part of the pipeline, recognised by a frame on the stack. */
    private record Part(String name, Predicate<String> frame) {
    }

    private static final List<Part> PARTS = List.of(
            part("intake: signature, envelope, inbox (Vert.x event loop and workers)", "beginibridge.intake."),
            part("intake: HMAC-SHA512 of the raw body", "beginibridge.intake.SignatureVerifier.signersOf"),
            part("routing: routing table and fan-out", "beginibridge.dispatch.Dispatcher.fanOut",
                    "beginibridge.dispatch.Dispatcher.loadReceived", "org.apache.camel.processor.MulticastProcessor"),
            part("claims and lease renewals", "beginibridge.dispatch.Dispatcher.claim"),
            part("payload parsed for each delivery", "beginibridge.dispatch.Dispatcher.open"),
            part("outcomes recorded (group commit)", "beginibridge.dispatch.Dispatcher.succeeded",
                    "beginibridge.dispatch.Dispatcher.failed"),
            part("enrichment query (camel-sql)", "org.apache.camel.component.sql.SqlProducer.process"),
            part("templates: CRM payload and mail", "beginibridge.destination.templates.TemplateRenderer."),
            part("CRM call (camel-http, Apache HttpClient)", "org.apache.camel.component.http.HttpProducer.process"),
            part("mail sent (camel-mail, Jakarta Mail)", "org.apache.camel.component.mail.MailProducer.process"),
            part("database destination (ResultsWriter)", "beginibridge.destination.database.ResultsWriter."),
            part("toD: dynamic endpoint URIs resolved and normalised",
                    "org.apache.camel.processor.SendDynamicProcessor.prepareRecipient"),
            part("property placeholders resolved at run time",
                    "org.apache.camel.component.properties.PropertiesComponent.parseUri"),
            part("simple-language expressions and predicates", "org.apache.camel.language.simple."),
            part("JDBC driver (pgjdbc) and pool (HikariCP)", "org.postgresql.", "com.zaxxer.hikari."),
            part("JSON (Jackson)", "com.fasterxml.jackson."),
            part("logging (Logback)", "ch.qos.logback."));

    private Profile() {
    }

    private static Part part(String name, String... prefixes) {
        return new Part(name, frame -> {
            for (String prefix : prefixes) {
                if (frame.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        });
    }

    /** {@code samples}, {@code parts} (share of samples per part) and {@code top} (share per topmost method). */
    static Map<String, Object> of(Path recording) throws IOException {
        Map<String, Integer> parts = new LinkedHashMap<>();
        Map<String, Integer> top = new LinkedHashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String method = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
                for (Part part : PARTS) {
                    if (part.frame().test(method) && seen.add(part.name())) {
                        parts.merge(part.name(), 1, Integer::sum);
                    }
                }
            }
            if (!frames.isEmpty()) {
                top.merge(frames.get(0).getMethod().getType().getName() + "." + frames.get(0).getMethod().getName(),
                        1, Integer::sum);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("samples", samples);
        out.put("parts", shares(parts, samples, PARTS.size()));
        out.put("top", shares(top, samples, 12));
        return out;
    }

    private static Map<String, Double> shares(Map<String, Integer> counts, int samples, int limit) {
        Map<String, Double> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(e -> sorted.put(e.getKey(), Math.round(e.getValue() * 1000.0 / samples) / 10.0));
        return sorted;
    }
}
