package beginibridge.event;

/** Names of the exchange properties the intake steps hand to one another (and the routes read). */
public final class IntakeExchange {

    /** The integration ids whose key produced the signature. */
    public static final String SIGNED_BY = "beginiSignedBy";
    /** The validated {@link Envelope}. */
    public static final String ENVELOPE = "beginiEnvelope";
    /** Why a signed body is not a valid envelope; absent when it is. */
    public static final String INVALID_REASON = "beginiInvalidReason";
    /** The integration a quarantined body is filed under. */
    public static final String QUARANTINE_INTEGRATION = "beginiQuarantineIntegration";
    /** The inbox id of the stored event. */
    public static final String EVENT_ID = "beginiEventId";
    /** The accepted event as the dispatcher routes it (a {@link ReceivedEvent}). */
    public static final String RECEIVED_EVENT = "beginiReceivedEvent";
    /** {@code accepted} for a new event, {@code duplicate} for a redelivery. */
    public static final String OUTCOME = "beginiOutcome";

    private IntakeExchange() {
    }
}
