package beginibridge.event;

/** The fields of a Begini webhook the inbox indexes; the payload itself is stored as the exact bytes received. */
public record Envelope(String integrationId, String uid, String eventType) {
}
