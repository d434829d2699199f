package beginibridge.destination.database;

/** The score events and the begini_application columns that hold each one's latest result. */
enum ScoreKind {
    PSYCHOMETRIC("psychometric_score.complete", "psychometric"),
    ANDROID("android_score.complete", "android"),
    IOS("ios_score.complete", "ios");

    private final String eventType;
    private final String prefix;

    ScoreKind(String eventType, String prefix) {
        this.eventType = eventType;
        this.prefix = prefix;
    }

    static ScoreKind of(String eventType) {
        for (ScoreKind kind : values()) {
            if (kind.eventType.equals(eventType)) {
                return kind;
            }
        }
        return null;
    }

    String prefix() {
        return prefix;
    }

    /** The SET list of the update, in the order ResultsWriter binds it. */
    String applicationColumns() {
        return this == PSYCHOMETRIC
                ? "psychometric_score = ?, psychometric_risk_band = ?, psychometric_score_confidence = ?,"
                        + " psychometric_scored_at = ?"
                : prefix + "_score = ?, " + prefix + "_scored_at = ?";
    }
}
