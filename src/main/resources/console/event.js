'use strict';
/*
 * One event: its summary, each delivery with every attempt as a timeline, the payload only when asked for, and a
 * replay after confirmation.
 */
(() => {
    const {el, replace} = View;

    /** The payload as the API gives it: a JSON object, text that is not JSON, or bytes that are not text. */
    function payloadText(event) {
        if (event.payload !== undefined && event.payload !== null) {
            return JSON.stringify(event.payload, null, 2);
        }
        if (event.payload_text !== undefined && event.payload_text !== null) {
            return event.payload_text;
        }
        if (event.payload_base64) {
            return 'Not UTF-8 text; the bytes in base64:\n' + event.payload_base64;
        }
        return null;
    }

    function summary(event) {
        return el('dl', {class: 'fields', id: 'summary'},
            el('dt', {text: 'Event id'}), el('dd', {class: 'mono', text: event.id}),
            el('dt', {text: 'Received'}), el('dd', {}, View.time(event.received_at)),
            el('dt', {text: 'Type'}), el('dd', {text: event.event_type}),
            el('dt', {text: 'uid'}), el('dd', {}, View.journeyLink(event.uid), ' ',
                el('a', {href: '#/events' + Api.query({uid: event.uid}), id: 'uid-events',
                    text: '(every event of this uid)'})),
            el('dt', {text: 'Integration'}), el('dd', {text: event.integration_id}),
            el('dt', {text: 'Status'}), el('dd', {}, View.badge(event.status),
                event.status_reason ? el('span', {class: 'reason', text: event.status_reason}) : null),
            el('dt', {text: 'Payload SHA-256'}), el('dd', {class: 'mono', text: event.payload_sha256 || '—'}));
    }

    function delivery(row) {
        const attempts = row.attempt_log || [];
        return el('section', {class: 'panel delivery', 'data-destination': row.destination},
            el('h3', {}, row.destination, ' ', View.badge(row.status)),
            el('dl', {class: 'fields'},
                el('dt', {text: 'Attempts'}), el('dd', {text: row.attempts}),
                el('dt', {text: 'Next attempt'}), el('dd', {}, row.status === 'pending'
                    ? View.time(row.next_attempt_at) : el('span', {class: 'muted', text: '—'})),
                el('dt', {text: 'Last error'}),
                el('dd', {class: row.last_error ? 'error-text' : 'muted', text: row.last_error || '—'}),
                el('dt', {text: 'Created'}), el('dd', {}, View.time(row.created_at)),
                el('dt', {text: 'Updated'}), el('dd', {}, View.time(row.updated_at))),
            attempts.length === 0 ? el('p', {class: 'muted', text: 'No attempt yet.'})
                : el('table', {class: 'data timeline'},
                    el('thead', {}, el('tr', {}, ['#', 'Started', 'Finished', 'Duration', 'Outcome', 'Error']
                        .map(heading => el('th', {text: heading})))),
                    el('tbody', {}, attempts.map(attempt => el('tr', {class: 'attempt'},
                        el('td', {text: attempt.attempt}),
                        el('td', {}, View.time(attempt.started_at)),
                        el('td', {}, View.time(attempt.finished_at)),
                        el('td', {text: View.duration(attempt.started_at, attempt.finished_at)}),
                        el('td', {}, attempt.outcome ? View.badge(attempt.outcome) : '—'),
                        el('td', {class: 'error-text', text: attempt.error || ''}))))));
    }

    /** The payload is fetched (and audited as read) only when the operator asks for it. */
    function payload(id) {
        const shown = el('pre', {class: 'payload', id: 'payload', hidden: true});
        const button = el('button', {type: 'button', id: 'show-payload', class: 'secondary', text: 'Show payload'});
        button.addEventListener('click', async () => {
            button.disabled = true;
            try {
                const text = payloadText(await Api.get('/admin/events/' + encodeURIComponent(id), {payload: 'true'}));
                shown.textContent = text === null ? 'The payload is no longer stored (payload retention).' : text;
                shown.hidden = false;
                button.remove();
            } catch (failure) {
                button.disabled = false;
                App.failed(shown.parentNode, failure);
            }
        });
        return View.section('Payload', button, shown);
    }

    function replay(id, after) {
        const box = el('div', {class: 'confirm', hidden: true});
        const button = el('button', {type: 'button', id: 'replay', text: 'Replay…'});
        button.addEventListener('click', () => {
            button.disabled = true;
            App.confirmReplay(box, button, el('p', {text: 'Replay the dead, unmatched and failing deliveries of this'
                + ' event (an unrouted event goes through the routing table again)?'}), 'Replay', async () => {
                const done = await Api.post('/admin/events/' + encodeURIComponent(id) + '/replay');
                const count = (done.replayed || []).length;
                after();
                return el('p', {class: 'ok', id: 'replay-result', text: (done.rerouted ? 'Routed again. ' : '')
                    + 'Replayed ' + count + (count === 1 ? ' delivery.' : ' deliveries.')});
            });
        });
        return [button, box];
    }

    App.page('event', async (main, id) => {
        const deliveries = el('div', {id: 'deliveries'}, View.loading());
        const top = el('div', {id: 'event-summary'});
        const refresh = el('button', {type: 'button', id: 'refresh', class: 'secondary', text: 'Refresh'});
        async function load() {
            const event = await Api.get('/admin/events/' + encodeURIComponent(id));
            replace(top, summary(event));
            const rows = event.deliveries || [];
            replace(deliveries, rows.length ? rows.map(delivery)
                : el('p', {class: 'muted', text: 'No delivery (the event was not routed to any destination).'}));
        }
        refresh.addEventListener('click', () => load().catch(failure => App.failed(deliveries, failure)));
        replace(main,
            el('h1', {text: 'Event'}),
            el('div', {class: 'toolbar'}, refresh,
                Api.canReplay() ? replay(id, () => load().catch(failure => App.failed(deliveries, failure))) : null),
            top,
            View.section('Deliveries', deliveries),
            payload(id));
        await load();
    });
})();
