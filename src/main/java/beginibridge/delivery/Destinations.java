package beginibridge.delivery;

import java.util.List;

/** The destinations a routing table may name; each has its workers, its routes and its metrics. */
public final class Destinations {

    public static final List<String> ALL = List.of("database", "crm", "email");

    private Destinations() {
    }
}
