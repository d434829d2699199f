'use strict';
/* What the bridge refused (rejections) and how it is set up (system), read-only. */
(() => {
    const {el, replace} = View;

    App.page('rejections', async main => {
        replace(main, el('h1', {text: 'Rejections'}), View.loading());
        const rejections = await Api.get('/admin/rejections');
        replace(main, el('h1', {text: 'Rejections'}),
            el('p', {class: 'hint', id: 'test-key-hint', text: 'Many "bad signature" refusals usually mean a sender'
                + ' signs with another key than the bridge holds for its integration: most often a test key sent to'
                + ' a production bridge (or the reverse). Compare the integration\'s key in the Begini dashboard with'
                + ' begini.api-keys.'}),
            View.any(rejections));
    });

    App.page('system', async main => {
        replace(main, el('h1', {text: 'System'}), View.loading());
        const system = await Api.get('/admin/system');
        replace(main, el('h1', {text: 'System'}), View.any(system));
    });
})();
