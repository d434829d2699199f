package beginibridge.failure;

/** Looks through a failure and its causes, since Camel and the drivers wrap what actually went wrong. */
public final class Causes {

    private Causes() {
    }

    /** The first throwable of this type in the chain, or null. */
    public static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /** The innermost cause. */
    public static Throwable root(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
