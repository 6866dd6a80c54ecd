// North West SLI Portal front-end. Loaded as <script type="module">; the site
// has no inline script (the Content Security Policy forbids it). Every page
// works without JavaScript: this only enhances.
import { initAll } from '../govuk/govuk-frontend.min.js'

initAll()

// ---------------------------------------------------------------------------
// Job-status poller
//
// Any element with data-poll-url="..." has that URL fetched every 1.5 s. The
// response is JSON:
//   {"state": "...", "done": bool, "progress": 0-100, "message": "...",
//    "redirect": "url or empty"}
// Inside the element, a [data-poll-message] child gets the message text and a
// <progress> element gets the progress value. Changes of message are
// announced through an aria-live="polite" region: the message's own one if it
// is already inside one, otherwise a visually hidden one added here. When
// done is true the browser goes to redirect (same origin only) or reloads.
// Polling stops after 10 minutes; the page's own "Refresh this page" link
// still works.
// ---------------------------------------------------------------------------

export const POLL_INTERVAL_MS = 1500
export const POLL_TIMEOUT_MS = 10 * 60 * 1000
const MAX_CONSECUTIVE_FAILURES = 5

const TIMED_OUT_MESSAGE =
  'This is taking longer than expected. Refresh this page to check again.'
const FAILED_MESSAGE =
  'We could not check the progress. Refresh this page to check again.'

function clampProgress (value) {
  const number = Number(value)
  if (!Number.isFinite(number)) {
    return null
  }
  return Math.min(100, Math.max(0, Math.round(number)))
}

function sameOriginUrl (href) {
  if (typeof href !== 'string' || href.trim() === '') {
    return null
  }
  try {
    const url = new URL(href, window.location.href)
    return url.origin === window.location.origin ? url.href : null
  } catch (error) {
    return null
  }
}

function findOrCreateLiveRegion ($root, $message) {
  // The message is already announced if it sits inside a live region.
  const $around = $message && $message.closest('[aria-live]')
  if ($around) {
    return { $region: $around, ownsText: false }
  }
  const $existing = $root.querySelector('[data-poll-live]')
  if ($existing) {
    $existing.setAttribute('aria-live', 'polite')
    return { $region: $existing, ownsText: true }
  }
  const $region = document.createElement('div')
  $region.className = 'govuk-visually-hidden'
  $region.setAttribute('aria-live', 'polite')
  $region.setAttribute('data-poll-live', '')
  $root.appendChild($region)
  return { $region, ownsText: true }
}

export function initPoller ($root) {
  const url = $root.getAttribute('data-poll-url')
  if (!url || $root.hasAttribute('data-poll-started')) {
    return
  }
  $root.setAttribute('data-poll-started', '')

  const $message = $root.querySelector('[data-poll-message]')
  const $progress = $root.querySelector('progress')
  const live = findOrCreateLiveRegion($root, $message)
  const startedAt = Date.now()
  let lastAnnounced = null
  let failures = 0

  function announce (text) {
    if (!text || text === lastAnnounced) {
      return
    }
    lastAnnounced = text
    if ($message) {
      $message.textContent = text
    }
    if (live.ownsText) {
      live.$region.textContent = text
    }
  }

  function update (data) {
    const progress = clampProgress(data.progress)
    if ($progress && progress !== null) {
      $progress.value = progress
      $progress.max = 100
      $progress.textContent = `${progress}%`
    }
    if (typeof data.message === 'string' && data.message !== '') {
      announce(data.message)
    }
  }

  function finish (data) {
    const target = sameOriginUrl(data.redirect)
    if (target) {
      window.location.assign(target)
    } else {
      window.location.reload()
    }
  }

  function schedule () {
    if (Date.now() - startedAt >= POLL_TIMEOUT_MS) {
      announce(TIMED_OUT_MESSAGE)
      return
    }
    window.setTimeout(poll, POLL_INTERVAL_MS)
  }

  async function poll () {
    let data
    try {
      const response = await window.fetch(url, {
        credentials: 'same-origin',
        cache: 'no-store',
        headers: { Accept: 'application/json' }
      })
      if (!response.ok) {
        throw new Error(`Status ${response.status}`)
      }
      data = await response.json()
      if (data === null || typeof data !== 'object') {
        throw new Error('Unexpected response')
      }
    } catch (error) {
      failures += 1
      if (failures >= MAX_CONSECUTIVE_FAILURES) {
        announce(FAILED_MESSAGE)
        return
      }
      schedule()
      return
    }

    failures = 0
    update(data)
    if (data.done === true) {
      finish(data)
      return
    }
    schedule()
  }

  schedule()
}

export function initPollers (scope = document) {
  scope.querySelectorAll('[data-poll-url]').forEach(initPoller)
}

initPollers()
