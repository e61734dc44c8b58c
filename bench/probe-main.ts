// The command line of a benchmark probe run as a child process: a folder argument (then the probe's own options),
// and a failure printed as a JSON line (for the harness) and one line on stderr (for a person).
export function runProbe(
  name: string,
  usage: string,
  probe: (dir: string, options: string[]) => Promise<void>
): void {
  const [dir, ...options] = process.argv.slice(2)
  if (dir === undefined) {
    process.stderr.write(`Usage: node --import tsx bench/${name}.ts ${usage}\n`)
    process.exitCode = 2
    return
  }
  probe(dir, options).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error)
    process.stdout.write(`${JSON.stringify({ ok: false, reason })}\n`)
    process.stderr.write(`${name}: ${reason}\n`)
    process.exitCode = 1
  })
}
