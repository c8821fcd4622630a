/*global DateTimeShortcuts, get_format, gettext, interpolate */
// The admin's "Now" and "Today" shortcuts, for inputs that take a time in a stated zone.
//
// Django's DateTimeShortcuts fills the current time of the server's zone (or of the browser).
// An input with data-time-zone="Asia/Tokyo", or data-time-zone-field="id_aware_time_zone" (the
// id of the input holding the zone), is typed in that zone: the shortcuts fill the current
// wall-clock time there, and the "hours ahead of server time" note is replaced by the zone.
// Loaded after DateTimeShortcuts.js by compliance.inputs.ZonedSplitDateTimeWidget. The zone
// input of the breach form also names the entity select and each entity's zone: empty, it is
// filled with the chosen entity's zone, as the server reads it.
'use strict';
{
    // The zone of the entity chosen in the select named by the zone input's
    // data-entity-field, looked up in its data-entity-zones ({"<pk>": "<zone>"}).
    const entityZone = function(field) {
        const select = document.getElementById(field.dataset.entityField || '');
        if (!select || !select.value || !field.dataset.entityZones) {
            return '';
        }
        try {
            return JSON.parse(field.dataset.entityZones)[select.value] || '';
        } catch (e) {
            return '';
        }
    };

    const zoneOf = function(inp) {
        if (!inp) {
            return '';
        }
        if (inp.dataset.timeZone) {
            return inp.dataset.timeZone;
        }
        const fieldId = inp.dataset.timeZoneField;
        if (!fieldId) {
            return '';
        }
        const field = document.getElementById(fieldId);
        if (!field) {
            return '';
        }
        if (!field.value) {
            // Nothing stated yet: state the zone the server would read the time in (the
            // chosen entity's), or else the browser's, so what is filled and what is read
            // agree.
            field.value = entityZone(field) ||
                Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
        }
        return field.value;
    };

    // A Date whose local fields are the current wall-clock time in ``zone``.
    const nowIn = function(zone) {
        let parts;
        try {
            parts = new Intl.DateTimeFormat('en-GB', {
                timeZone: zone, hourCycle: 'h23',
                year: 'numeric', month: '2-digit', day: '2-digit',
                hour: '2-digit', minute: '2-digit', second: '2-digit'
            }).formatToParts(new Date());
        } catch (e) {
            return null;  // unknown zone: the server refuses it with a message
        }
        const v = {};
        for (const p of parts) {
            v[p.type] = parseInt(p.value, 10);
        }
        return new Date(v.year, v.month - 1, v.day, v.hour, v.minute, v.second);
    };

    const install = function() {
        const shortcuts = window.DateTimeShortcuts;
        if (!shortcuts) {
            return;
        }
        const originalNow = shortcuts.now;
        let current = null;
        shortcuts.now = function() {
            const zone = zoneOf(current);
            return (zone && nowIn(zone)) || originalNow();
        };
        const withInput = function(inputs, original) {
            return function(num, value) {
                current = inputs[num];
                try {
                    return original.call(shortcuts, num, value);
                } finally {
                    current = null;
                }
            };
        };
        shortcuts.handleClockQuicklink = withInput(
            shortcuts.clockInputs, shortcuts.handleClockQuicklink);
        shortcuts.handleCalendarQuickLink = withInput(
            shortcuts.calendarInputs, shortcuts.handleCalendarQuickLink);
        const originalWarning = shortcuts.addTimezoneWarning;
        shortcuts.addTimezoneWarning = function(inp) {
            if (!inp.dataset.timeZone && !inp.dataset.timeZoneField) {
                return originalWarning.call(shortcuts, inp);
            }
            if (inp.classList.contains('vDateField')) {
                return;  // one note per date and time pair, after the time
            }
            const note = document.createElement('div');
            note.classList.add('help', 'timezonewarning');
            const zone = inp.dataset.timeZone;
            note.textContent = zone
                ? interpolate(gettext('Time in %s.'), [zone])
                : gettext('Time in the zone of the report.');
            inp.parentNode.appendChild(note);
        };
    };
    // DateTimeShortcuts.js is loaded first (see the widget's Media) and sets its links up on
    // the window's "load"; wait for the document if it is not there yet.
    if (window.DateTimeShortcuts) {
        install();
    } else {
        document.addEventListener('DOMContentLoaded', install);
    }
}
