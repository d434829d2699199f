package beginibridge.destination.database;

/** The journey events, the status each records, and the detail field that says when it happened. */
enum JourneyStatus {
    COMPLETED("application.complete", "completed", "application_completed_at"),
    EXPIRED("application.expired", "expired", "application_expired_at"),
    INCOMPLETE("application.incomplete", "incomplete", "last_response_submitted_at"),
    CANCELLED("application.cancelled", "cancelled", "application_cancelled_at");

    private final String eventType;
    private final String label;
    private final String timeField;

    JourneyStatus(String eventType, String label, String timeField) {
        this.eventType = eventType;
        this.label = label;
        this.timeField = timeField;
    }

    static JourneyStatus of(String eventType) {
        for (JourneyStatus status : values()) {
            if (status.eventType.equals(eventType)) {
                return status;
            }
        }
        return null;
    }

    String label() {
        return label;
    }

    String timeField() {
        return timeField;
    }
}
