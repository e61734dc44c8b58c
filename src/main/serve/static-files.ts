// Serves the built renderer (out/renderer) read-only: no path escapes the folder, types are explicit, nothing cached.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { extname, join, normalize, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2'
}

export interface StaticFile {
  body: Buffer
  type: string
}

export function readStatic(root: string, urlPath: string): StaticFile | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  const relative = normalize(decoded === '/' ? '/index.html' : decoded).replace(/^([/\\])+/, '')
  const path = join(root, relative)
  if (!existsSync(path)) return null
  const real = realpathSync(path)
  if (real !== realpathSync(root) && !real.startsWith(realpathSync(root) + sep)) return null
  if (!statSync(real).isFile()) return null
  return { body: readFileSync(real), type: TYPES[extname(real)] ?? 'application/octet-stream' }
}
