// What the admin's own scripts do not tell the user (a static file: the CSP allows no inline
// script). Loaded on every admin page by templates/admin/base_site.html.
//
// 1. After a refused save, focus goes to the first field in error (the error summary is
//    announced as an alert; a form with only general errors focuses the summary).
// 2. A form with data-busy-message (synchronous exports) shows that it is working once
//    submitted, and says when the download has arrived: the response sets the cookie
//    "dpo_download" to the form's download_token.
// 3. An element with data-poll-seconds (a report job still rendering) is refreshed in place from
//    the same URL until the job has finished; its progress is announced to screen readers.
'use strict';
{
    const focusFirstError = function() {
        const summary = document.querySelector('.dpo-error-summary');
        if (!summary) {
            return;
        }
        const link = summary.querySelector('a[href^="#"]');
        const target = link ? document.getElementById(link.getAttribute('href').slice(1)) : null;
        // A select the autocomplete widget hides is reached through the widget's own box.
        const box = target && target.classList.contains('select2-hidden-accessible')
            ? target.parentElement.querySelector('.select2-selection') : null;
        const focusable = box || target;
        if (focusable && !focusable.disabled && focusable.getClientRects().length) {
            focusable.focus();
            return;
        }
        summary.setAttribute('tabindex', '-1');
        summary.focus();
    };

    const cookie = function(name) {
        const prefix = name + '=';
        const found = document.cookie.split('; ').find((part) => part.startsWith(prefix));
        return found ? decodeURIComponent(found.slice(prefix.length)) : '';
    };

    const watchBusyForm = function(form) {
        const status = form.querySelector('.dpo-busy-status');
        const tokenInput = form.querySelector('input[name="download_token"]');
        form.addEventListener('submit', function() {
            const token = Date.now().toString(36) + Math.random().toString(36).slice(2);
            if (tokenInput) {
                tokenInput.value = token;
            }
            const buttons = form.querySelectorAll('[type="submit"]');
            // After the submission has started: a disabled button would not be submitted.
            window.setTimeout(function() {
                buttons.forEach((button) => { button.disabled = true; });
                form.setAttribute('aria-busy', 'true');
                if (status) {
                    status.textContent = form.dataset.busyMessage;
                }
            }, 0);
            const timer = window.setInterval(function() {
                if (!tokenInput || cookie('dpo_download') !== token) {
                    return;
                }
                window.clearInterval(timer);
                buttons.forEach((button) => { button.disabled = false; });
                form.removeAttribute('aria-busy');
                if (status) {
                    status.textContent = form.dataset.doneMessage || '';
                }
            }, 500);
        });
    };

    const poll = function(region) {
        const seconds = Number(region.dataset.pollSeconds) || 3;
        const live = document.getElementById(region.dataset.liveRegion);
        const tick = function() {
            window.fetch(window.location.href, {credentials: 'same-origin'})
                .then((response) => response.ok ? response.text() : Promise.reject(response.status))
                .then(function(html) {
                    const fresh = new DOMParser().parseFromString(html, 'text/html')
                        .getElementById(region.id);
                    if (!fresh) {
                        return;
                    }
                    region.innerHTML = fresh.innerHTML;
                    const said = region.querySelector('[data-announce]');
                    if (live && said && live.textContent !== said.dataset.announce) {
                        live.textContent = said.dataset.announce;
                    }
                    if (fresh.dataset.pollSeconds) {
                        window.setTimeout(tick, seconds * 1000);
                    }
                })
                .catch(function() {
                    window.setTimeout(tick, seconds * 2000);
                });
        };
        window.setTimeout(tick, seconds * 1000);
    };

    const init = function() {
        focusFirstError();
        document.querySelectorAll('form[data-busy-message]').forEach(watchBusyForm);
        document.querySelectorAll('[data-poll-seconds]').forEach(poll);
    };

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', init);
    } else {
        init();
    }
}
