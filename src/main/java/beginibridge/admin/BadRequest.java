package beginibridge.admin;

/** A request of the admin API that cannot be served as asked: answered 400 with this message. */
final class BadRequest extends RuntimeException {

    BadRequest(String message) {
        super(message, null, false, false);
    }
}
