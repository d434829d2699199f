'use strict';
/* What the bridge knows of applicants: one applicant's journey, and the applications that are stuck. */
(() => {
    const {el, replace} = View;
    /** The API's derived states, as an operator says them. */
    const STATES = {
        scored: 'Scored',
        awaiting_score: 'Completed, awaiting a score',
        expired: 'Expired',
        incomplete: 'Incomplete',
        cancelled: 'Cancelled',
        started: 'Started, not finished',
    };

    /** The state's badge (coloured for the state the API names), worded for an operator. */
    function stateBadge(state) {
        const badge = View.badge(state);
        badge.id = 'journey-state';
        badge.textContent = STATES[state] || String(state);
        return badge;
    }

    function title(uid) {
        return el('h1', {}, 'Applicant ', el('span', {class: 'uid', text: uid}));
    }

    /** Where each destination stands: how many of this applicant's deliveries are in each state. */
    function destinations(events) {
        const counts = new Map();
        for (const event of events) {
            for (const delivery of event.deliveries || []) {
                const byStatus = counts.get(delivery.destination) || new Map();
                byStatus.set(delivery.status, (byStatus.get(delivery.status) || 0) + 1);
                counts.set(delivery.destination, byStatus);
            }
        }
        if (counts.size === 0) {
            return el('p', {class: 'muted', text: 'No delivery.'});
        }
        return el('dl', {class: 'fields', id: 'journey-destinations'}, [...counts].map(([destination, byStatus]) => [
            el('dt', {text: destination}),
            el('dd', {}, [...byStatus].map(([status, count]) => View.badge(count > 1 ? status + ' ×' + count
                : status)))]));
    }

    function times(map) {
        const entries = Object.entries(map || {});
        return entries.length === 0 ? el('span', {class: 'muted', text: '—'}) : el('dl', {class: 'fields compact'},
            entries.map(([name, at]) => [el('dt', {text: View.label(name.replace(/_at$/, ''))}),
                el('dd', {}, View.time(at))]));
    }

    App.page('journey', async (main, uid) => {
        replace(main, title(uid), View.loading());
        let journey;
        try {
            journey = await Api.get('/admin/applicants/' + encodeURIComponent(uid));
        } catch (failure) {
            if (failure instanceof Api.Failed && failure.status === 404) {
                replace(main, title(uid), el('p', {class: 'muted', id: 'journey-state',
                    text: 'No event has this uid.'}));
                return;
            }
            throw failure;
        }
        const events = journey.events || [];
        const reasons = journey.reasons || [];
        replace(main, title(uid),
            el('p', {class: 'state'}, stateBadge(journey.state),
            ' ', el('a', {href: '#/events' + Api.query({uid}), text: 'Every event of this uid'})),
            reasons.length ? View.section('Reasons', el('ul', {id: 'journey-reasons'},
                reasons.map(reason => el('li', {text: reason})))) : null,
            View.section('Destinations', destinations(events)),
            View.section('Events, oldest first', View.table(events, [['received_at', 'Received'], ['type', 'Type'],
                ['status', 'Status'], ['times', 'Times inside the event'], ['deliveries', 'Deliveries'],
                ['event_id', 'Event']], {
                received_at: (value, key, row) => el('a', {href: '#/event/' + encodeURIComponent(row.event_id)},
                    View.time(value)),
                times: times,
                deliveries: list => (list || []).map(delivery => View.badge(delivery.status, delivery.destination)),
            })));
    });

    function stuckList(id, title, explanation, rows, columns) {
        return el('section', {class: 'panel', id},
            el('h2', {}, title, ' ', el('span', {class: 'count', text: String(rows.length)})),
            el('p', {class: 'muted', text: explanation}),
            rows.length ? View.table(rows, columns) : el('p', {class: 'muted', text: 'None.'}));
    }

    App.page('stuck', async main => {
        replace(main, el('h1', {text: 'Stuck applications'}), View.loading());
        const stuck = await Api.get('/admin/stuck');
        replace(main, el('h1', {text: 'Stuck applications'}),
            stuckList('awaiting-score', 'Completed, no score yet', 'application.complete received more than '
                + stuck.awaiting_score_after + ' ago (console.stuck-after) with no score event for the uid; oldest'
                + ' first.', stuck.awaiting_score || [],
            [['uid', 'uid'], ['completed_at', 'Completed'], ['event_id', 'Event']]),
            stuckList('score-without-application', 'Score without an application', 'A score event whose uid has no'
                + ' application event.', stuck.score_without_application || [],
            [['uid', 'uid'], ['received_at', 'Received'], ['event_id', 'Event']]),
            stuckList('dead-deliveries', 'Dead deliveries', 'The lender never got these: replay them from the event'
                + ' once the destination is fixed; newest first.', stuck.dead_deliveries || [],
            [['uid', 'uid'], ['destination', 'Destination'], ['last_error', 'Last error'], ['event_id', 'Event']]));
    });
})();
