package beginibridge.json;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one plain {@link ObjectMapper} of the bridge (default settings), shared by every class that reads or writes
 * JSON without settings of its own, and made on first use: Jackson's first mapper costs about 0.3 s of class loading
 * and set-up, which a start need not pay before it is ready, and which each class used to pay again for its own.
 * An ObjectMapper is thread-safe once made and nobody reconfigures this one; a class that needs other settings
 * derives a reader or writer from it ({@code mapper().reader().with(...)}), which does not change it.
 */
public final class Json {

    private Json() {
    }

    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    /** Initialised by the JVM the first time {@link #mapper()} runs, once, thread-safely. */
    private static final class Holder {
        private static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
