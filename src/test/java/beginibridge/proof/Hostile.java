package beginibridge.proof;

import java.util.ArrayList;
import java.util.List;

/**
 * One hostile request of {@link HostileCorpus} and the answer the README's table gives it. {@code webhook}
 * is the request as the ledger sees it (bytes, signature, status, and for an accepted one its type and uid);
 * {@code headers}, when given, replace the usual Content-Type and X-Signature. An accepted one names where each of
 * its hostile strings must land intact.
 */
final class Hostile {

    /** Where a value must be found once the event is delivered. */
    enum Place {
        /** A column of the event's begini_event row. */
        EVENT,
        /** A column of the applicant's begini_application row (integration and uid of the event). */
        APPLICATION,
        /** A column of the event's begini_score row. */
        SCORE,
        /** A column of the event's first begini_trait row. */
        TRAIT,
        /** How many begini_trait rows the event has. */
        TRAIT_COUNT,
        /** A JSON pointer into the body the CRM received for the event. */
        CRM,
        /** Somewhere in the text of the mail sent for the event. */
        MAIL
    }

    /** A value expected at a place; {@code json} when the stored text is JSON, compared as such. */
    record Landing(Place place, String field, String value, boolean json) {
    }

    final String name;
    final Webhook webhook;
    final String integrationId;
    String method = "POST";
    String query;
    List<String[]> headers;
    boolean chunked;
    String detail;
    String applicantName = "Hostile Applicant";
    final List<Landing> landings = new ArrayList<>();

    Hostile(String name, Webhook webhook, String integrationId) {
        this.name = name;
        this.webhook = webhook;
        this.integrationId = integrationId;
    }

    Hostile method(String method) {
        this.method = method;
        return this;
    }

    /** A query string for the webhook path. */
    Hostile query(String query) {
        this.query = query;
        return this;
    }

    /** Exactly these request headers, as name, value, name, value... (a name may repeat). */
    Hostile headers(String... namesAndValues) {
        headers = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(new String[] {namesAndValues[i], namesAndValues[i + 1]});
        }
        return this;
    }

    /** Sent with chunked transfer encoding, so the server learns the size only while reading. */
    Hostile chunked() {
        chunked = true;
        return this;
    }

    /** The start of the expected {@code detail} of a 400. */
    Hostile detail(String detail) {
        this.detail = detail;
        return this;
    }

    /** The full name of the internal record the uid of an accepted case gets. */
    Hostile applicantNamed(String fullName) {
        applicantName = fullName;
        return this;
    }

    Hostile lands(Place place, String field, String value) {
        landings.add(new Landing(place, field, value, false));
        return this;
    }

    Hostile landsAsJson(Place place, String field, String json) {
        landings.add(new Landing(place, field, json, true));
        return this;
    }

    boolean accepted() {
        return webhook.expectedStatus() == 200;
    }

    @Override
    public String toString() {
        return name + " -> " + webhook.expectedStatus();
    }
}
