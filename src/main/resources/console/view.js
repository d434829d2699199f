'use strict';
/*
 * Building the page from API data. Every value is put in as text (createTextNode, textContent), never parsed as
 * HTML: a uid or a payload is whatever a webhook sender chose to write.
 */
const View = (() => {

    /** An element with attributes (set as properties or attributes, never HTML) and children (nodes or text). */
    function el(tag, attributes, ...children) {
        const node = document.createElement(tag);
        for (const [name, value] of Object.entries(attributes || {})) {
            if (value === undefined || value === null || value === false) {
                continue;
            }
            if (name === 'class') {
                node.className = value;
            } else if (name === 'text') {
                node.textContent = String(value);
            } else if (name === 'on') {
                for (const [event, handler] of Object.entries(value)) {
                    node.addEventListener(event, handler);
                }
            } else {
                node.setAttribute(name, value === true ? '' : String(value));
            }
        }
        append(node, children);
        return node;
    }

    function append(node, children) {
        for (const child of children.flat(Infinity)) {
            if (child === undefined || child === null || child === false) {
                continue;
            }
            node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
        }
        return node;
    }

    /** Empties a node and fills it again. */
    function replace(node, ...children) {
        node.replaceChildren();
        return append(node, children);
    }

    /** A time as the API gives it (ISO-8601), shown in UTC to the second, the full value as a tooltip. */
    function time(iso) {
        if (!iso) {
            return el('span', {class: 'muted', text: '—'});
        }
        const date = new Date(iso);
        const shown = isNaN(date) ? String(iso) : date.toISOString().slice(0, 19).replace('T', ' ');
        return el('time', {datetime: String(iso), title: String(iso), text: shown});
    }

    /** How long between two ISO times, for an attempt's duration. */
    function duration(startIso, endIso) {
        const ms = new Date(endIso) - new Date(startIso);
        if (!startIso || !endIso || isNaN(ms)) {
            return '—';
        }
        return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
    }

    /** How long ago an ISO time was, for "time since the last webhook". */
    function ago(iso) {
        const seconds = Math.round((Date.now() - new Date(iso)) / 1000);
        if (!iso || isNaN(seconds)) {
            return '—';
        }
        if (seconds < 90) {
            return seconds + ' s ago';
        }
        if (seconds < 5400) {
            return Math.round(seconds / 60) + ' min ago';
        }
        if (seconds < 172800) {
            return Math.round(seconds / 3600) + ' h ago';
        }
        return Math.round(seconds / 86400) + ' days ago';
    }

    /** A status as a coloured label; the class comes from a fixed list, the text is the value itself. */
    function badge(status, prefix) {
        const known = ['done', 'dead', 'pending', 'unmatched', 'skipped', 'routed', 'received', 'unrouted',
            'quarantined', 'retry', 'lease-lost', 'scored', 'awaiting-score', 'expired', 'incomplete', 'cancelled',
            'ok', 'up', 'down', 'on', 'off'];
        const value = String(status);
        const kind = value.toLowerCase().replace(/[ _]/g, '-');
        return el('span', {class: 'badge' + (known.includes(kind) ? ' badge-' + kind : ''),
            text: prefix ? prefix + ': ' + value : value});
    }

    function eventLink(id, label) {
        return el('a', {href: '#/event/' + encodeURIComponent(id), class: 'mono', text: label || shortId(id)});
    }

    function journeyLink(uid) {
        return el('a', {href: '#/journey/' + encodeURIComponent(uid), class: 'uid', text: uid});
    }

    function shortId(id) {
        return String(id).slice(0, 8);
    }

    /** "dead_deliveries" -> "Dead deliveries". */
    function label(key) {
        const words = String(key).replace(/[_-]+/g, ' ').trim();
        return words.charAt(0).toUpperCase() + words.slice(1);
    }

    /** A table of rows (objects); columns are [key, heading] pairs, or every key found. */
    function table(rows, columns, cells) {
        const keys = columns || [...new Set(rows.flatMap(row => Object.keys(row)))].map(key => [key, label(key)]);
        return el('table', {class: 'data'},
            el('thead', {}, el('tr', {}, keys.map(([, heading]) => el('th', {text: heading})))),
            el('tbody', {}, rows.map(row => el('tr', {},
                keys.map(([key]) => el('td', {}, (cells && cells[key] ? cells[key] : cell)(row[key], key, row)))))));
    }

    /** A value in a generic table or list: ids and uids become links, statuses badges, times times. */
    function cell(value, key) {
        if (value === null || value === undefined || value === '') {
            return el('span', {class: 'muted', text: '—'});
        }
        if (typeof value === 'object') {
            return any(value);
        }
        if (key === 'uid') {
            return journeyLink(value);
        }
        if (key === 'event_id' || key === 'id' || key === 'last_event_id') {
            return eventLink(value);
        }
        if (/(^|_)(status|state|outcome)$/.test(key)) {
            return badge(value);
        }
        if (/(_at|^at|^time|_time|^oldest.*|^last_(webhook|failure).*)$/.test(key)
                && /^\d{4}-\d\d-\d\dT/.test(String(value))) {
            return time(value);
        }
        return document.createTextNode(String(value));
    }

    /** Any JSON value as a page fragment: objects as definition lists, lists of objects as tables. */
    function any(value, key) {
        if (Array.isArray(value)) {
            if (value.length === 0) {
                return el('span', {class: 'muted', text: 'none'});
            }
            if (value.every(item => item && typeof item === 'object' && !Array.isArray(item))) {
                return table(value);
            }
            return el('ul', {class: 'plain'}, value.map(item => el('li', {}, any(item, key))));
        }
        if (value && typeof value === 'object') {
            const entries = Object.entries(value);
            if (entries.length === 0) {
                return el('span', {class: 'muted', text: 'none'});
            }
            return el('dl', {class: 'fields'}, entries.map(([name, item]) => [
                el('dt', {text: label(name)}), el('dd', {}, any(item, name))]));
        }
        return cell(value, key);
    }

    /** A titled block of the page. */
    function section(title, ...children) {
        return el('section', {class: 'panel'}, el('h2', {text: title}), children);
    }

    function error(message) {
        return el('p', {class: 'error', role: 'alert', text: message});
    }

    function loading() {
        return el('p', {class: 'muted', text: 'Loading…'});
    }

    return {el, append, replace, time, duration, ago, badge, eventLink, journeyLink, shortId, label, table, cell, any,
        section, error, loading};
})();
