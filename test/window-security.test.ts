// The desktop window's hardening, pinned: web preferences, the CSP, and which frames may call IPC.
import { describe, expect, it } from 'vitest'
import { isTrustedSender, RENDERER_CSP, secureWebPreferences } from '../src/main/app/window-security'

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
