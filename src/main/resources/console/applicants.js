'use strict';
/* What the bridge knows of applicants: one applicant's journey, and the applications that are stuck. */
(() => {
    const {el, replace} = View;

    App.page('journey', async (main, uid) => {
        replace(main, el('h1', {}, 'Applicant ', el('span', {class: 'uid', text: uid})), View.loading());
        const journey = await Api.get('/admin/applicants/' + encodeURIComponent(uid));
        replace(main, el('h1', {}, 'Applicant ', el('span', {class: 'uid', text: uid})),
            el('p', {}, el('a', {href: '#/events' + Api.query({uid}), text: 'Every event of this uid'})),
            View.any(journey));
    });

    App.page('stuck', async main => {
        replace(main, el('h1', {text: 'Stuck applications'}), View.loading());
        const stuck = await Api.get('/admin/stuck');
        replace(main, el('h1', {text: 'Stuck applications'}), View.any(stuck));
    });
})();
