// The desktop window's hardening, pinned: web preferences, the CSP, which frames may call IPC, the one permission
// it is granted, and where its links go (the system browser, for http:, https: and mailto: only; never the window).
import { describe, expect, it } from 'vitest'
import { guardWindowLinks } from '../src/main/app/external-links'
import {
  grantsPermission,
  isTrustedSender,
  RENDERER_CSP,
  secureWebPreferences
} from '../src/main/app/window-security'
import { safeLinkUrl } from '../src/shared/link-policy'

describe('window security', () => {
  it('isolates the renderer: context isolation, sandbox, no Node anywhere, web security on', () => {
    expect(secureWebPreferences('/app/out/preload/index.js')).toEqual({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false
    })
  })

  it('allows no inline or remote script, no plugins, no framing', () => {
    const directives = Object.fromEntries(
      RENDERER_CSP.split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values])
    )
    expect(directives['script-src']).toEqual(["'self'"])
    expect(directives['default-src']).toEqual(["'self'"])
    expect(directives['object-src']).toEqual(["'none'"])
    expect(directives['frame-ancestors']).toEqual(["'none'"])
    expect(directives['base-uri']).toEqual(["'none'"])
  })

  it('answers IPC only from the app’s own top frame', () => {
    const app = 'file:///opt/Personal%20Agent/resources/app.asar/out/renderer/index.html'
    expect(isTrustedSender(app, true, undefined)).toBe(true)
    expect(isTrustedSender(app, false, undefined)).toBe(false)
    expect(isTrustedSender('file:///tmp/evil.html', true, undefined)).toBe(false)
    expect(isTrustedSender('https://example.com/renderer/index.html', true, undefined)).toBe(false)
    expect(isTrustedSender(undefined, true, undefined)).toBe(false)
    expect(isTrustedSender('not a url', true, undefined)).toBe(false)
    expect(isTrustedSender('http://localhost:5173/', true, 'http://localhost:5173')).toBe(true)
    expect(isTrustedSender('http://localhost:5174/', true, 'http://localhost:5173')).toBe(false)
    expect(isTrustedSender(app, true, 'http://localhost:5173')).toBe(false)
  })
})

describe('links from the window', () => {
  it('lets only absolute http:, https: and mailto: URLs be links', () => {
    expect(safeLinkUrl('https://example.com/a?b=1#c')).toBe('https://example.com/a?b=1#c')
    expect(safeLinkUrl('  http://example.com')).toBe('http://example.com/')
    expect(safeLinkUrl('mailto:someone@example.com')).toBe('mailto:someone@example.com')
    for (const refused of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'java\tscript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'data:image/png;base64,iVBORw0KGgo=',
      'file:///etc/passwd',
      'vbscript:msgbox(1)',
      'blob:https://example.com/1',
      'personal-agent://open',
      '/relative/path',
      '#fragment',
      'example.com',
      'https://',
      ''
    ])
      expect(safeLinkUrl(refused), refused).toBeNull()
  })

  /** A window's webContents as the policy sees it, recording what was set on it. */
  function guarded() {
    const opened: string[] = []
    const failures: unknown[] = []
    let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null
    const navigations: Array<(event: { preventDefault(): void }, url: string) => void> = []
    guardWindowLinks(
      {
        setWindowOpenHandler: (handler) => (openHandler = handler),
        on: (_event, listener) => navigations.push(listener)
      },
      async (url) => {
        opened.push(url)
        if (url.includes('fail')) throw new Error('no browser')
      },
      (error) => failures.push(error)
    )
    const open = (url: string) => {
      if (!openHandler) throw new Error('no window-open handler was set')
      return openHandler({ url })
    }
    const navigate = (url: string): boolean => {
      let prevented = false
      for (const listener of navigations) listener({ preventDefault: () => (prevented = true) }, url)
      return prevented
    }
    return { opened, failures, open, navigate }
  }

  it('opens http(s) and mailto links in the system browser and never opens a window', async () => {
    const contents = guarded()
    expect(contents.open('https://example.com/timetable')).toEqual({ action: 'deny' })
    expect(contents.open('mailto:someone@example.com')).toEqual({ action: 'deny' })
    expect(contents.opened).toEqual(['https://example.com/timetable', 'mailto:someone@example.com'])
    contents.open('https://example.com/fail')
    await new Promise((resolve) => setImmediate(resolve))
    expect(contents.failures).toHaveLength(1)
  })

  it('refuses javascript:, file: and data: URLs: nothing is opened, no window either', () => {
    const contents = guarded()
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<b>x</b>', 'about:blank'])
      expect(contents.open(url)).toEqual({ action: 'deny' })
    expect(contents.opened).toEqual([])
  })

  it('never lets the window navigate away, whatever the URL', () => {
    const contents = guarded()
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'javascript:alert(1)'])
      expect(contents.navigate(url), url).toBe(true)
    expect(contents.opened).toEqual([])
  })

  it('grants the window only clipboard writing, and only to its own top frame', () => {
    const app = 'file:///opt/Personal%20Agent/resources/app.asar/out/renderer/index.html'
    const top = { requestingUrl: app, isMainFrame: true }
    expect(grantsPermission('clipboard-sanitized-write', top, undefined)).toBe(true)
    expect(grantsPermission('clipboard-sanitized-write', { ...top, isMainFrame: false }, undefined)).toBe(
      false
    )
    const other = { requestingUrl: 'https://example.com/', isMainFrame: true }
    expect(grantsPermission('clipboard-sanitized-write', other, undefined)).toBe(false)
    for (const permission of ['clipboard-read', 'media', 'notifications', 'geolocation', 'openExternal'])
      expect(grantsPermission(permission, top, undefined), permission).toBe(false)
  })
})
