package beginibridge.admin;

import java.util.Set;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * An admin request's query string, taken strictly: every parameter must be one the endpoint knows, given once. A
 * misspelt filter ignored would widen a bulk replay to every event, so it is a 400 naming it instead.
 */
final class QueryParameters {

    static final String MALFORMED = "the query string is not valid URL encoding";

    private QueryParameters() {
    }

    static MultiMap of(RoutingContext ctx, Set<String> accepted) {
        MultiMap query;
        try {
            query = ctx.queryParams();
        } catch (RuntimeException malformed) {
            throw new BadRequest(MALFORMED);
        }
        for (String name : query.names()) {
            if (!accepted.contains(name)) {
                throw new BadRequest("unknown parameter " + name + "; accepted: "
                        + accepted.stream().sorted().toList());
            }
            if (query.getAll(name).size() > 1) {
                throw new BadRequest(name + " is given more than once");
            }
        }
        return query;
    }

    static boolean decodable(RoutingContext ctx) {
        try {
            ctx.queryParams();
            return true;
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    /** A {@code limit} parameter: a whole number from 1 to {@code max}, {@code otherwise} when absent. */
    static int limit(MultiMap query, int otherwise, int max) {
        String value = query.get("limit");
        if (value == null) {
            return otherwise;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // answered below, as any limit out of range
        }
        throw new BadRequest("limit must be between 1 and " + max);
    }

    /** A yes-or-no parameter: absent is no, and anything but true or false is a 400 rather than a silent no. */
    static boolean flag(MultiMap query, String name) {
        String value = query.get(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new BadRequest(name + " must be true or false");
    }
}
