// The streaming server of `npm run bench:chat`, in a process of its own so the benchmark's own work (driving the
// browser, reading the page) never delays an answer: the fake provider, its answers scripted by the parent.
import { fork } from 'node:child_process'
import { startFakeProvider, type Answer } from '../test/support/fake-provider-server'

export interface BenchServer {
  url: string
  /** Answers for the next requests, in order (the fake provider's script), once the server has them. */
  script(...answers: Answer[]): Promise<void>
  close(): Promise<void>
}

type ServerMessage = { url: string } | { scripted: true }

/** Starts this file as a child process and waits for its URL. */
export function startBenchServer(): Promise<BenchServer> {
  const child = fork(__filename, ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const next = (): Promise<ServerMessage> =>
    new Promise((resolve, reject) => {
      const exited = (code: number | null): void => reject(new Error(`the bench server exited (${code})`))
      child.once('exit', exited)
      child.once('message', (message: ServerMessage) => {
        child.off('exit', exited)
        resolve(message)
      })
    })
  return next().then((first) => {
    if (!('url' in first)) throw new Error('the bench server sent no URL')
    return {
      url: first.url,
      script: async (...answers) => {
        const scripted = next()
        child.send(answers)
        await scripted
      },
      close: () =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve()
          child.once('exit', () => resolve())
          child.disconnect()
        })
    }
  })
}

if (process.argv[2] === '--serve') {
  void startFakeProvider().then((server) => {
    process.on('message', (answers: Answer[]) => {
      server.script(...answers)
      process.send?.({ scripted: true })
    })
    process.once('disconnect', () => void server.close().then(() => process.exit(0)))
    process.send?.({ url: server.url })
  })
}
