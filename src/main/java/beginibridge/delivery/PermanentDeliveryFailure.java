package beginibridge.delivery;

/** A failure that no retry can cure (a template that renders invalid JSON, an unusable recipient...). */
public class PermanentDeliveryFailure extends RuntimeException {

    public PermanentDeliveryFailure(String message) {
        super(message);
    }
}
