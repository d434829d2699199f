'use strict';
/* The overview: the bridge's figures at a glance (GET /admin/stats), refreshed every few seconds. */
(() => {
    const {el, replace} = View;
    const REFRESH_MS = 10000;

    App.page('overview', async main => {
        const body = el('div', {id: 'stats'}, View.loading());
        const stamp = el('span', {class: 'muted', id: 'updated'});
        replace(main, el('h1', {text: 'Overview'}), el('p', {}, stamp), body);
        async function load() {
            const stats = await Api.get('/admin/stats');
            replace(body, View.any(stats));
            stamp.textContent = 'Updated ' + new Date().toISOString().slice(11, 19) + ' UTC; refreshes every '
                + REFRESH_MS / 1000 + ' s.';
        }
        await load();
        const timer = setInterval(() => load().catch(failure => {
            clearInterval(timer);
            App.failed(body, failure);
        }), REFRESH_MS);
        App.onLeave(() => clearInterval(timer));
    });
})();
