'use strict';
/*
 * The admin API as the console calls it: same origin, relative paths only, the token from this tab's
 * sessionStorage sent as a Bearer header (never in a URL, never in localStorage). A 401 forgets the token.
 */
const Api = (() => {
    const TOKEN = 'begini-bridge.admin-token';
    const ROLE = 'begini-bridge.role';

    /** The token was refused (or there is none): the console goes back to sign-in. */
    class Unauthorized extends Error {
    }

    /** Any other answer than 2xx; the message is the API's detail. */
    class Failed extends Error {
        constructor(status, detail) {
            super(detail ? detail + ' (HTTP ' + status + ')' : 'HTTP ' + status);
            this.status = status;
        }
    }

    function signedIn() {
        return sessionStorage.getItem(TOKEN) !== null;
    }

    function role() {
        return sessionStorage.getItem(ROLE);
    }

    function canReplay() {
        return role() === 'admin';
    }

    function signOut() {
        sessionStorage.removeItem(TOKEN);
        sessionStorage.removeItem(ROLE);
    }

    /** Keeps the token for this tab if the API takes it, and learns what it may do. */
    async function signIn(token) {
        sessionStorage.setItem(TOKEN, token);
        try {
            const who = await get('/admin/whoami');
            sessionStorage.setItem(ROLE, who.role === 'admin' ? 'admin' : 'readonly');
            return role();
        } catch (refused) {
            signOut();
            throw refused;
        }
    }

    /** A query string from an object, leaving out empty values. */
    function query(parameters) {
        const search = new URLSearchParams();
        for (const [name, value] of Object.entries(parameters || {})) {
            if (value !== undefined && value !== null && value !== '') {
                search.set(name, value);
            }
        }
        const text = search.toString();
        return text ? '?' + text : '';
    }

    async function call(method, path, parameters, accept) {
        const token = sessionStorage.getItem(TOKEN);
        if (token === null) {
            throw new Unauthorized('Sign in first');
        }
        const response = await window.fetch(path + query(parameters), {
            method: method,
            headers: {'Authorization': 'Bearer ' + token, 'Accept': accept},
            credentials: 'omit',
            cache: 'no-store',
            redirect: 'error',
        });
        if (response.status === 401) {
            signOut();
            throw new Unauthorized('The token was refused');
        }
        if (!response.ok) {
            let detail = null;
            try {
                detail = (await response.json()).detail;
            } catch (notJson) {
                detail = response.statusText;
            }
            throw new Failed(response.status, detail);
        }
        return response;
    }

    async function get(path, parameters) {
        return (await call('GET', path, parameters, 'application/json')).json();
    }

    async function post(path, parameters) {
        return (await call('POST', path, parameters, 'application/json')).json();
    }

    /** A file answer (the CSV export), as a Blob and the name the server suggests. */
    async function download(path, parameters, fallbackName) {
        const response = await call('GET', path, parameters, 'text/csv');
        const disposition = response.headers.get('Content-Disposition') || '';
        const named = /filename="?([A-Za-z0-9._-]+)"?/.exec(disposition);
        return {blob: await response.blob(), name: named ? named[1] : fallbackName,
            truncated: response.headers.get('X-Truncated') === 'true'};
    }

    return {Unauthorized, Failed, signedIn, signIn, signOut, role, canReplay, query, get, post, download};
})();
