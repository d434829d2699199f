'use strict';
/* The overview: the bridge's figures at a glance (GET /admin/stats), refreshed every few seconds. */
(() => {
    const {el, replace} = View;
    const REFRESH_MS = 10000;

    /** One figure; with a link when a list of events explains it. */
    function tile(name, value, detail, href) {
        const figure = el('div', {class: 'figure', text: value});
        return el(href ? 'a' : 'div', {class: 'tile', href, 'data-figure': name},
            el('div', {class: 'tile-name', text: name}), figure,
            detail ? el('div', {class: 'tile-detail muted'}, detail) : null);
    }

    function tiles(stats) {
        const destinations = stats.destinations || [];
        const dead = destinations.reduce((sum, destination) => sum + (destination.dead || 0), 0);
        const oldest = stats.oldest_pending_delivery_at;
        return el('div', {class: 'tiles'},
            tile('Received, last hour', stats.received_last_hour),
            tile('Received, last 24 h', stats.received_last_24h),
            tile('Last webhook', stats.last_webhook_at ? View.ago(stats.last_webhook_at) : 'none yet',
                stats.last_webhook_at ? View.time(stats.last_webhook_at) : null),
            tile('Dead deliveries', dead, destinations.filter(destination => destination.dead)
                .map(destination => destination.name + ' ' + destination.dead).join(', ') || null,
            '#/events?delivery_status=dead'),
            tile('Oldest pending delivery', oldest ? View.ago(oldest) : 'none', oldest ? View.time(oldest) : null,
                '#/events?delivery_status=pending'),
            tile('Quarantined', stats.quarantined, null, '#/events?status=quarantined'),
            tile('Unrouted', stats.unrouted, null, '#/events?status=unrouted'),
            tile('Signature rejections', stats.signature_rejections, 'since this instance started',
                '#/rejections'));
    }

    function destinationTable(destinations) {
        const deadLink = (value, key, row) => value ? el('a', {href: '#/events' + Api.query({destination: row.name,
            delivery_status: 'dead'}), text: value}) : document.createTextNode(String(value));
        return View.table(destinations, [['name', 'Destination'], ['on', 'Route'], ['done_24h', 'Done, 24 h'],
            ['dead', 'Dead'], ['pending', 'Pending'], ['last_error', 'Last error'],
            ['last_failure_at', 'Last failure']], {
            on: value => View.badge(value ? 'on' : 'off'),
            dead: deadLink,
            last_error: value => el('span', {class: value ? 'error-text' : 'muted', text: value || '—'}),
        });
    }

    App.page('overview', async main => {
        const body = el('div', {id: 'stats'}, View.loading());
        const stamp = el('span', {class: 'muted', id: 'updated'});
        replace(main, el('h1', {text: 'Overview'}), el('p', {}, stamp), body);
        async function load() {
            const stats = await Api.get('/admin/stats');
            replace(body, tiles(stats), View.section('Destinations', destinationTable(stats.destinations || [])));
            stamp.textContent = 'Updated ' + new Date().toISOString().slice(11, 19) + ' UTC; refreshes every '
                + REFRESH_MS / 1000 + ' s.';
        }
        // the timer is set before the first answer, so that leaving the page early stops it too
        const timer = setInterval(() => load().catch(failure => {
            clearInterval(timer);
            App.failed(body, failure);
        }), REFRESH_MS);
        App.onLeave(() => clearInterval(timer));
        await load();
    });
})();
