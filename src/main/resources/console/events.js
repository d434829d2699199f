'use strict';
/*
 * The events page: filters kept in the URL, presets, paging by cursor, "Replay matching" after a dry run, and the
 * CSV export of the current filter.
 */
(() => {
    const {el, replace} = View;
    /** What the admin API filters on, in the form's order; limit and before page the list. */
    const FILTERS = ['status', 'type', 'uid', 'destination', 'delivery_status', 'from', 'to'];
    const CHOICES = {
        status: ['received', 'routed', 'unrouted', 'quarantined'],
        delivery_status: ['pending', 'done', 'dead', 'unmatched', 'skipped'],
    };
    const PRESETS = [
        ['Dead', {delivery_status: 'dead'}],
        ['Pending', {delivery_status: 'pending'}],
        ['Quarantined', {status: 'quarantined'}],
        ['Unrouted', {status: 'unrouted'}],
    ];
    const PAGE_SIZE = 50;
    const LABELS = {uid: 'uid (exact)', delivery_status: 'Delivery status', from: 'Received from',
        to: 'Received before'};

    /** The filters of a query, without paging: what a replay or an export applies to. */
    function filtersOf(query) {
        return Object.fromEntries(FILTERS.filter(name => query[name]).map(name => [name, query[name]]));
    }

    function field(name, value) {
        const id = 'filter-' + name;
        let input;
        if (CHOICES[name]) {
            input = el('select', {id, name}, el('option', {value: '', text: 'any'}),
                CHOICES[name].map(choice => el('option', {value: choice, text: choice, selected: choice === value})));
        } else {
            input = el('input', {id, name, type: 'text', value: value || '', autocomplete: 'off',
                placeholder: name === 'from' || name === 'to' ? '2026-11-22T10:00:00Z'
                    : name === 'destination' ? 'database, crm, email…' : ''});
        }
        return el('div', {class: 'field'}, el('label', {for: id, text: LABELS[name] || View.label(name)}), input);
    }

    function filterForm(query) {
        const form = el('form', {class: 'filters', id: 'filters'},
            FILTERS.map(name => field(name, query[name])),
            el('div', {class: 'field actions'}, el('button', {type: 'submit', id: 'apply', text: 'Apply'}),
                el('a', {href: '#/events', class: 'button secondary', text: 'Clear'})));
        form.addEventListener('submit', event => {
            event.preventDefault();
            const chosen = {};
            for (const name of FILTERS) {
                chosen[name] = form.elements[name].value.trim();
            }
            App.go('events', null, chosen);
        });
        return form;
    }

    function presets(query) {
        const current = JSON.stringify(filtersOf(query));
        return el('div', {class: 'presets'}, el('span', {class: 'muted', text: 'Presets:'}),
            PRESETS.map(([name, filter]) => el('a', {href: '#/events' + Api.query(filter),
                class: 'preset' + (JSON.stringify(filter) === current ? ' current' : ''), text: name})));
    }

    function deliveries(map) {
        const entries = Object.entries(map || {});
        return entries.length === 0 ? el('span', {class: 'muted', text: 'none'})
            : entries.map(([destination, status]) => View.badge(status, destination));
    }

    function eventsTable(events) {
        return View.table(events, [['received_at', 'Received'], ['event_type', 'Type'], ['uid', 'uid'],
            ['integration_id', 'Integration'], ['status', 'Status'], ['deliveries', 'Deliveries'], ['id', 'Event']], {
            received_at: (value, key, row) => el('a', {href: '#/event/' + encodeURIComponent(row.id)},
                View.time(value)),
            status: (value, key, row) => [View.badge(value),
                row.status_reason ? el('span', {class: 'reason', text: row.status_reason}) : null],
            deliveries: deliveries,
        });
    }

    /** "Replay matching": a dry run first, then the same filters again once confirmed. */
    function replayMatching(filters, hasFilter) {
        const box = el('div', {class: 'confirm', id: 'replay-box', hidden: true});
        const button = el('button', {type: 'button', id: 'replay-matching', text: 'Replay matching…',
            disabled: !hasFilter, title: hasFilter ? null : 'Set a filter first: a replay of everything is refused'});
        button.addEventListener('click', async () => {
            button.disabled = true;
            replace(box, View.loading());
            box.hidden = false;
            try {
                const dryRun = await Api.post('/admin/replay', {...filters, dry_run: 'true'});
                const rows = dryRun.would_replay || [];
                const question = [
                    el('p', {}, el('strong', {id: 'replay-count', text: String(dryRun.count)}),
                        dryRun.count === 1 ? ' delivery would be replayed' : ' deliveries would be replayed',
                        ' (dead, unmatched or failing; nothing has changed yet):'),
                    rows.length ? View.table(rows, [['event_id', 'Event'], ['destination', 'Destination'],
                        ['status', 'Status now'], ['attempts', 'Attempts'], ['last_error', 'Last error']]) : null];
                const confirm = App.confirmReplay(box, button, question, 'Replay ' + dryRun.count, async () => {
                    const done = await Api.post('/admin/replay', filters);
                    return el('p', {class: 'ok', id: 'replay-result',
                        text: 'Replayed ' + done.count + ' deliveries: they are pending again.'});
                });
                confirm.disabled = dryRun.count === 0;
            } catch (failure) {
                replace(box);
                App.failed(box, failure);
                button.disabled = false;
            }
        });
        return [button, box];
    }

    /** The CSV of the current filter, fetched with the token and saved through a Blob. */
    function exportButton(filters) {
        const button = el('button', {type: 'button', id: 'export', class: 'secondary', text: 'Export CSV'});
        const note = el('span', {class: 'muted', id: 'export-note'});
        button.addEventListener('click', async () => {
            button.disabled = true;
            try {
                const file = await Api.download('/admin/events/export', filters, 'events.csv');
                const url = URL.createObjectURL(file.blob);
                const link = el('a', {href: url, download: file.name, hidden: true});
                document.body.appendChild(link);
                link.click();
                link.remove();
                setTimeout(() => URL.revokeObjectURL(url), 10000);
                note.textContent = file.truncated ? 'Saved ' + file.name + ' (cut at the row cap: narrow the filter)'
                    : 'Saved ' + file.name;
            } catch (failure) {
                App.failed(note, failure);
            }
            button.disabled = false;
        });
        return [button, note];
    }

    App.page('events', async (main, argument, query) => {
        const filters = filtersOf(query);
        const hasFilter = Object.keys(filters).length > 0;
        const list = el('div', {id: 'events-list'}, View.loading());
        replace(main,
            el('h1', {text: 'Events'}),
            presets(query),
            filterForm(query),
            el('div', {class: 'toolbar'}, Api.canReplay() ? replayMatching(filters, hasFilter) : null,
                exportButton(filters)),
            list);
        const answer = await Api.get('/admin/events', {...filters, limit: PAGE_SIZE, before: query.before});
        const events = answer.events || [];
        const older = events.length === PAGE_SIZE
            ? el('a', {href: '#/events' + Api.query({...filters, before: events[events.length - 1].id}),
                id: 'older', class: 'button secondary', text: 'Older →'}) : null;
        const newest = query.before ? el('a', {href: '#/events' + Api.query(filters), class: 'button secondary',
            text: '← Newest'}) : null;
        replace(list,
            events.length ? eventsTable(events) : el('p', {class: 'muted', id: 'no-events',
                text: 'No event matches.'}),
            el('div', {class: 'pager'}, newest, older));
    });
})();
