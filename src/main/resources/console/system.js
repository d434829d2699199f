'use strict';
/* What the bridge refused (rejections) and how it is set up (system), read-only. */
(() => {
    const {el, replace} = View;

    function rejectionTables(rejections) {
        const totals = Object.entries(rejections.totals || {}).sort((a, b) => b[1] - a[1]);
        const reasons = totals.filter(([, count]) => count > 0).map(([reason]) => reason);
        const buckets = (rejections.buckets || []).filter(bucket => Object.values(bucket.counts || {})
            .some(count => count > 0));
        return [
            View.section('By reason', View.table(totals.map(([reason, count]) => ({reason, count})),
                [['reason', 'Reason'], ['count', 'Refused']])),
            View.section('Over time (' + rejections.bucket_minutes + '-minute buckets with a refusal)',
                buckets.length === 0 ? el('p', {class: 'muted', text: 'No refusal.'})
                    : View.table(buckets.map(bucket => ({start: bucket.start, ...bucket.counts})),
                        [['start', 'From'], ...reasons.map(reason => [reason, View.label(reason)])],
                        {start: value => View.time(value)})),
        ];
    }

    App.page('rejections', async main => {
        replace(main, el('h1', {text: 'Rejections'}), View.loading());
        const rejections = await Api.get('/admin/rejections');
        replace(main, el('h1', {text: 'Rejections'}),
            el('p', {class: 'muted'}, 'Webhooks this instance refused since ', View.time(rejections.since),
                ' (each instance counts its own).'),
            rejections.hint ? el('p', {class: 'hint', id: 'test-key-hint', text: rejections.hint}) : null,
            rejectionTables(rejections));
    });

    App.page('system', async main => {
        replace(main, el('h1', {text: 'System'}), View.loading());
        const system = await Api.get('/admin/system');
        const health = system.health || {};
        replace(main, el('h1', {text: 'System'}),
            View.section('Instance', el('dl', {class: 'fields'},
                el('dt', {text: 'Version'}), el('dd', {text: system.version || '—'}),
                el('dt', {text: 'Started'}), el('dd', {}, View.time(system.started_at)),
                el('dt', {text: 'Health'}), el('dd', {}, View.badge(health.status || 'unknown'),
                    Object.entries(health.checks || {}).map(([check, status]) => View.badge(status, check))),
                el('dt', {text: 'Database'}), el('dd', {text: [system.database && system.database.product,
                    system.database && system.database.url].filter(Boolean).join(' — ') || '—'}))),
            View.section('Destinations', el('div', {}, (system.destinations || [])
                .map(destination => View.badge(destination.on ? 'on' : 'off', destination.name)))),
            View.section('Retention', View.any(system.retention || {})),
            View.section('Routing table (as loaded, read-only)', system.routing_table
                ? el('pre', {class: 'payload', id: 'routing-table', text: system.routing_table})
                : el('p', {class: 'muted', text: 'Not readable.'})));
    });
})();
