package beginibridge.intake;

import beginibridge.json.JsonText;

/**
 * A webhook answered with a client error. The detail is a short, fixed text of ours (never request content),
 * so it is safe to return to the sender, who keeps it for diagnosis.
 */
public class WebhookRejection extends RuntimeException {

    private final int status;

    public WebhookRejection(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    public static WebhookRejection forbidden() {
        return new WebhookRejection(403, "Validation Failure");
    }

    public int getStatus() {
        return status;
    }

    /** The answer body, {@code {"detail":"..."}}. */
    public String getJson() {
        return JsonText.detail(getMessage());
    }
}
