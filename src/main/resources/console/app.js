'use strict';
/*
 * The console's routing: the page and its filters live in the URL's fragment (#/events?status=dead), so a link,
 * a reload or the Back button shows the same view; the fragment never reaches the server, and never holds the token.
 */
const App = (() => {
    const {el, replace} = View;
    /** Page name -> function(main, argument, query) rendering it; filled by the page scripts. */
    const pages = {};
    /** Stopped when the page changes: timers of a page that refreshes itself. */
    let stops = [];
    /** Set when the API refused the token, shown on the sign-in page. */
    let signInMessage = null;
    /** The view the user asked for before signing in (a shared link, say), shown once signed in. */
    let afterSignIn = null;

    function page(name, render) {
        pages[name] = render;
    }

    /** Runs when the page is left (clears a refresh timer). */
    function onLeave(stop) {
        stops.push(stop);
    }

    /** The current fragment as page name, argument and query: #/event/ID?x=1 -> ['event', 'ID', {x: '1'}]. */
    function location() {
        const fragment = window.location.hash.replace(/^#\/?/, '');
        const [path, search] = fragment.split('?', 2);
        const [name, ...rest] = path.split('/');
        return {name: name || 'overview', argument: rest.length ? decoded(rest.join('/')) : null,
            query: Object.fromEntries(new URLSearchParams(search || ''))};
    }

    /** A path segment as typed: a stray % in a hand-edited address is taken literally rather than failing. */
    function decoded(segment) {
        try {
            return decodeURIComponent(segment);
        } catch (malformed) {
            return segment;
        }
    }

    /** Goes to a view, adding it to the history (Back returns to where the user was). */
    function go(name, argument, query) {
        const path = '#/' + name + (argument ? '/' + encodeURIComponent(argument) : '');
        const target = path + Api.query(query);
        if (window.location.hash === target) {
            render();
        } else {
            window.location.hash = target;
        }
    }

    /** What a failed call shows: a refused token sends the user to sign in again. */
    function failed(main, failure) {
        if (failure instanceof Api.Unauthorized) {
            afterSignIn = window.location.hash;
            signInMessage = failure.message === 'Sign in first' ? null
                : 'The admin API refused the token (wrong, or no longer valid): sign in again.';
            go('signin');
            return;
        }
        main.appendChild(View.error(failure.message || String(failure)));
    }

    /**
     * Asks before a replay, in box: Cancel closes it and sends nothing; Replay runs the action once (both buttons
     * disabled meanwhile) and shows the node it returns. The trigger that opened the box is enabled again after.
     */
    function confirmReplay(box, trigger, question, label, action) {
        const yes = el('button', {type: 'button', id: 'replay-confirm', class: 'danger', text: label});
        const no = el('button', {type: 'button', id: 'replay-cancel', class: 'secondary', text: 'Cancel'});
        no.addEventListener('click', () => {
            replace(box);
            box.hidden = true;
            trigger.disabled = false;
        });
        yes.addEventListener('click', async () => {
            yes.disabled = true;
            no.disabled = true;
            try {
                replace(box, await action());
            } catch (failure) {
                replace(box);
                failed(box, failure);
            }
            trigger.disabled = false;
        });
        replace(box, question, el('div', {class: 'buttons'}, yes, no));
        box.hidden = false;
        return yes;
    }

    async function render() {
        stops.forEach(stop => stop());
        stops = [];
        const where = location();
        const main = document.getElementById('main');
        const signedIn = Api.signedIn();
        document.body.classList.toggle('signed-in', signedIn);
        document.body.dataset.role = Api.role() || '';
        document.getElementById('role').textContent = signedIn ? (Api.role() === 'admin' ? 'admin' : 'read-only') : '';
        if (!signedIn && where.name !== 'signin') {
            afterSignIn = window.location.hash;
            go('signin');
            return;
        }
        for (const link of document.querySelectorAll('nav a[data-page]')) {
            link.classList.toggle('current', link.dataset.page === where.name);
        }
        const show = pages[where.name] || pages.missing;
        // each view draws into a container of its own: an answer arriving after the user moved on lands in a
        // container no longer on the page, never over the next view
        const view = el('div', {class: 'view'});
        replace(main, view);
        try {
            await show(view, where.argument, where.query);
        } catch (failure) {
            failed(view, failure);
        }
    }

    page('signin', main => {
        const input = el('input', {type: 'password', id: 'token', name: 'token', autocomplete: 'off',
            required: true, spellcheck: 'false', 'aria-label': 'Admin token'});
        const message = signInMessage ? View.error(signInMessage) : null;
        signInMessage = null;
        const form = el('form', {class: 'signin', id: 'signin-form'},
            el('h1', {text: 'Sign in'}),
            el('p', {text: 'The admin token (admin.token), or the read-only token (admin.readonly-token). It is kept'
                + ' in this tab only and forgotten when the tab closes.'}),
            message,
            el('label', {for: 'token', text: 'Token'}), input,
            el('button', {type: 'submit', id: 'signin', text: 'Sign in'}));
        form.addEventListener('submit', async event => {
            event.preventDefault();
            for (const old of form.querySelectorAll('.error')) {
                old.remove();
            }
            try {
                await Api.signIn(input.value.trim());
                input.value = '';
                const target = afterSignIn;
                afterSignIn = null;
                if (target && !target.startsWith('#/signin')) {
                    window.location.hash = target;
                } else {
                    go('overview');
                }
            } catch (refused) {
                form.insertBefore(View.error(refused instanceof Api.Unauthorized
                    ? 'The admin API refused this token.' : refused.message), input.previousSibling);
            }
        });
        replace(main, form);
        input.focus();
    });

    page('missing', main => {
        replace(main, View.error('No such page.'), el('a', {href: '#/overview', text: 'Overview'}));
    });

    function start() {
        document.getElementById('signout').addEventListener('click', () => {
            Api.signOut();
            go('signin');
        });
        document.getElementById('uid-form').addEventListener('submit', event => {
            event.preventDefault();
            const uid = document.getElementById('uid-search').value.trim();
            if (uid) {
                go('journey', uid);
            }
        });
        window.addEventListener('hashchange', render);
        render();
    }

    return {page, onLeave, go, location, failed, confirmReplay, start};
})();

document.addEventListener('DOMContentLoaded', App.start);
