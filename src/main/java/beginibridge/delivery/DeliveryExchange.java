package beginibridge.delivery;

/**
 * Names of the exchange properties that carry a delivery from the dispatcher through the enrichment to its
 * destination: each name is spelled here once, for the Java steps that set and read it. The routes read the same
 * properties by these names ({@code ${exchangeProperty.eventType}}).
 */
public final class DeliveryExchange {

    /** The delivery's id, also the CRM's Idempotency-Key and the email's Message-ID. */
    public static final String DELIVERY_ID = "deliveryId";
    /** The destination this attempt delivers to. */
    public static final String DESTINATION = "destination";
    /** The inbox id of the event delivered. */
    public static final String EVENT_ID = "eventId";
    /** The event's type, {@code application.complete} for instance: what the routing table and the routes choose by. */
    public static final String EVENT_TYPE = "eventType";
    public static final String UID = "uid";
    public static final String INTEGRATION_ID = "integrationId";
    /** The internal record of the applicant (a map, lower-case column names), absent when none matches. */
    public static final String APPLICANT = "applicant";
    /**
     * The status text of the event type, for the templates: the CRM's wording, or the mail's in to-email (the
     * routing table's {@code describe-event} sets both, the mail's as {@code mailStatus}).
     */
    public static final String STATUS = "status";
    /** The template of the CRM payload for the event type ({@code describe-event}). */
    public static final String CRM_TEMPLATE = "crmTemplate";
    /**
     * The email templates for the event type ({@code describe-event}): the name before {@code .subject.mustache} and
     * {@code .txt.mustache}.
     */
    public static final String EMAIL_TEMPLATE = "emailTemplate";
    /** The rendered subject of the email, on one line. */
    public static final String MAIL_SUBJECT = "mailSubject";
    /** The one mailbox the email goes to. */
    public static final String MAIL_TO = "mailTo";

    private DeliveryExchange() {
    }
}
