package beginibridge.destination.database;

/** The kinds of score and the begini_application columns that hold each one's latest result. */
public enum ScoreKind {
    PSYCHOMETRIC("psychometric"),
    ANDROID("android"),
    IOS("ios");

    private final String prefix;

    ScoreKind(String prefix) {
        this.prefix = prefix;
    }

    /** The kind a route names ({@code psychometric}, {@code android}, {@code ios}). */
    public static ScoreKind named(String name) {
        for (ScoreKind kind : values()) {
            if (kind.prefix.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("The score kinds are psychometric, android and ios, not '" + name + "'");
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
