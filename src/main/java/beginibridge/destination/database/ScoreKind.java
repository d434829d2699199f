package beginibridge.destination.database;

import java.util.List;

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

    /** Its columns in begini_application, in the order ResultsWriter binds them; the last dates the score. */
    List<Column> applicationColumns() {
        return this == PSYCHOMETRIC
                ? List.of(Column.integer("psychometric_score"), Column.text("psychometric_risk_band"),
                        Column.text("psychometric_score_confidence"), Column.bigint("psychometric_scored_at"))
                : List.of(Column.integer(prefix + "_score"), Column.bigint(prefix + "_scored_at"));
    }
}
