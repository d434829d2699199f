package beginibridge.intake;

/** A correctly signed body that is not a valid Begini envelope: kept in quarantine, answered 400. */
public class InvalidWebhook extends WebhookRejection {

    public InvalidWebhook(String reason) {
        super(400, reason);
    }
}
