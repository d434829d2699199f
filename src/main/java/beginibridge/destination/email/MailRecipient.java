package beginibridge.destination.email;

import beginibridge.delivery.DeliveryExchange;
import beginibridge.delivery.PermanentDeliveryFailure;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * Chooses who is told: the loan officer of the internal record when it has a usable address, else {@code mail.to}.
 * An address is usable only if it is one plain mailbox: no display name, list, or line break that could add a header.
 */
public final class MailRecipient {

    private final String fallback;

    public MailRecipient(String fallback) {
        this.fallback = fallback == null ? "" : fallback.trim();
    }

    /** Route step: sets property {@code mailTo}. */
    public void choose(Exchange exchange) {
        Object applicant = exchange.getProperty(DeliveryExchange.APPLICANT);
        Object officer = applicant instanceof Map<?, ?> record ? record.get("loan_officer_email") : null;
        if (officer != null && isMailbox(officer.toString())) {
            exchange.setProperty(DeliveryExchange.MAIL_TO, officer.toString().trim());
        } else if (isMailbox(fallback)) {
            exchange.setProperty(DeliveryExchange.MAIL_TO, fallback);
        } else {
            throw new PermanentDeliveryFailure("no loan officer address and mail.to is not a usable address");
        }
    }

    static boolean isMailbox(String address) {
        String candidate = address.trim();
        if (candidate.isEmpty() || candidate.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ',' || c == '<')) {
            return false;
        }
        try {
            new InternetAddress(candidate, true).validate();
            return true;
        } catch (AddressException invalid) {
            return false;
        }
    }
}
