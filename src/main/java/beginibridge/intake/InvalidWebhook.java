package beginibridge.intake;

/** A correctly signed body that is not a valid Begini envelope: kept in quarantine, answered 400. */
public class InvalidWebhook extends WebhookRejection {

    private final String claimedIntegration;

    public InvalidWebhook(String reason) {
        this(reason, null);
    }

    private InvalidWebhook(String reason, String claimedIntegration) {
        super(400, reason);
        this.claimedIntegration = claimedIntegration;
    }

    /** The same failure, noting the (signed-for) integration the body named, to file the quarantined copy under. */
    InvalidWebhook claimedBy(String integrationId) {
        return new InvalidWebhook(getMessage(), integrationId);
    }

    String claimedIntegration() {
        return claimedIntegration;
    }
}
