// The benchmark's work folder: free-space check, and generated legacy data reused across runs (same size and seed).
import { existsSync, readFileSync, statfsSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CONVERSATIONS_FILE, generateLegacyFolder, type GeneratedLegacy } from './generate-legacy'

/** Bump when the generator's output changes, so older generated data is not reused. */
const GENERATOR_VERSION = 1
const META_FILE = 'generated.json'
export const MARGIN_BYTES = 64 * 1024 * 1024
const MIB = 1024 * 1024

export interface Dataset extends GeneratedLegacy {
  sizeMb: number
  seed: number
  dir: string
  file: string
  reused: boolean
  generateMs: number | null
}

interface Meta extends GeneratedLegacy {
  generatorVersion: number
  targetBytes: number
  seed: number
}

export function targetBytes(sizeMb: number): number {
  return Math.round(sizeMb * MIB)
}

export function datasetDir(workDir: string, sizeMb: number, seed: number): string {
  return join(workDir, 'data', `${sizeMb}mb-seed${seed}`)
}

function readMeta(dir: string): Meta | null {
  try {
    return JSON.parse(readFileSync(join(dir, META_FILE), 'utf8')) as Meta
  } catch {
    return null
  }
}

function reusable(dir: string, sizeMb: number, seed: number): Meta | null {
  const meta = readMeta(dir)
  const file = join(dir, CONVERSATIONS_FILE)
  if (!meta || !existsSync(file)) return null
  const matches =
    meta.generatorVersion === GENERATOR_VERSION &&
    meta.targetBytes === targetBytes(sizeMb) &&
    meta.seed === seed &&
    statSync(file).size === meta.bytes
  return matches ? meta : null
}

/** The generated folder for this size and seed: reused when already there, else generated now. */
export function ensureDataset(workDir: string, sizeMb: number, seed: number): Dataset {
  const dir = datasetDir(workDir, sizeMb, seed)
  const file = join(dir, CONVERSATIONS_FILE)
  const existing = reusable(dir, sizeMb, seed)
  if (existing) return { ...existing, sizeMb, seed, dir, file, reused: true, generateMs: null }
  const started = performance.now()
  const generated = generateLegacyFolder(dir, targetBytes(sizeMb), seed)
  const generateMs = performance.now() - started
  const meta: Meta = {
    ...generated,
    generatorVersion: GENERATOR_VERSION,
    targetBytes: targetBytes(sizeMb),
    seed
  }
  writeFileSync(join(dir, META_FILE), `${JSON.stringify(meta, null, 2)}\n`)
  return { ...generated, sizeMb, seed, dir, file, reused: false, generateMs }
}

export interface SpaceCheck {
  ok: boolean
  freeBytes: number
  neededBytes: number
  message: string
}

/** Free space under `workDir` against `neededBytes`; `detail` says what the estimate is made of. */
export function spaceCheck(workDir: string, neededBytes: number, detail: string): SpaceCheck {
  const stats = statfsSync(workDir)
  const freeBytes = stats.bavail * stats.bsize
  const message = `${workDir}: ${gigabytes(freeBytes)} free, about ${gigabytes(neededBytes)} needed (${detail})`
  return { ok: freeBytes >= neededBytes, freeBytes, neededBytes, message }
}

export function gigabytes(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`
}

/**
 * Generated files not there yet, plus 3× the largest file for one run at a time (ours wants a backup copy and up
 * to twice the JSON for the database: its own preflight refuses with less).
 */
export function checkFreeSpace(workDir: string, sizesMb: number[], seed: number): SpaceCheck {
  const missing = sizesMb
    .filter((mb) => reusable(datasetDir(workDir, mb, seed), mb, seed) === null)
    .reduce((sum, mb) => sum + targetBytes(mb), 0)
  const largest = targetBytes(Math.max(...sizesMb))
  return spaceCheck(
    workDir,
    missing + 3 * largest + MARGIN_BYTES,
    `${gigabytes(missing)} of data to generate + 3 × ${gigabytes(largest)} for the largest run: the file's backup and database`
  )
}
