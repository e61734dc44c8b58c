// The MCP servers found in other apps' configs, each with the user's choice: import, skip, import under another
// name, or replace the server of the same name. Conflicts start as "skip" so nothing is overwritten unasked.
import type { McpChoiceAction } from '../../../shared/import-types'
import { DataTable } from '../components/DataTable'
import { useImports } from '../stores/imports'
import { usePick } from '../stores/pick'

const ACTION_LABELS: Record<McpChoiceAction, string> = {
  import: 'Import',
  skip: 'Skip',
  rename: 'Import as…',
  replace: 'Replace existing'
}

export function McpCandidates() {
  const { preview, choices, setChoice } = usePick(useImports, 'preview', 'choices', 'setChoice')
  if (!preview || preview.mcpServers.length === 0) return null
  return (
    <div className="table-wrap">
      <DataTable
        label="MCP servers found"
        columns={['Server', 'From', 'Secrets for the keychain', 'Conflict', 'What to do']}
        rows={preview.mcpServers.map((server) => {
          const choice = choices[server.key] ?? { key: server.key, action: 'skip' }
          return {
            key: server.key,
            cells: [
              <span key="name" className="nowrap">
                <strong>{server.name}</strong>
                <span className="muted small block">{server.transport}</span>
              </span>,
              <span key="from" className="nowrap" title={server.path}>
                {server.app}
              </span>,
              server.secretEnvKeys.join(', ') || '—',
              server.alreadyImported ? 'Already imported' : (server.conflict ?? '—'),
              <div key="choice" className="choice-cell">
                <select
                  className="input"
                  aria-label={`What to do with ${server.name} from ${server.app}`}
                  value={choice.action}
                  onChange={(event) =>
                    setChoice({
                      key: server.key,
                      action: event.target.value as McpChoiceAction,
                      newName: event.target.value === 'rename' ? `${server.name} (${server.app})` : undefined
                    })
                  }
                >
                  {(Object.keys(ACTION_LABELS) as McpChoiceAction[])
                    .filter((action) => action !== 'replace' || server.conflict !== null)
                    .map((action) => (
                      <option key={action} value={action}>
                        {ACTION_LABELS[action]}
                      </option>
                    ))}
                </select>
                {choice.action === 'rename' ? (
                  <input
                    className="input"
                    aria-label={`New name for ${server.name}`}
                    value={choice.newName ?? ''}
                    onChange={(event) => setChoice({ ...choice, newName: event.target.value })}
                  />
                ) : null}
              </div>
            ]
          }
        })}
      />
    </div>
  )
}
