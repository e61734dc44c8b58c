// The dialog that asks for the values of a server start's `${input:…}` references (masked when secret), with the
// choice to save them in the keychain; the MCP screen's Start and the chat's "Enter values…" both open it.
import { useState } from 'react'
import type { McpInputView } from '../../../shared/mcp-types'
import { Checkbox, TextField } from '../components/Field'
import { FormDialog } from '../components/FormDialog'

/** Asks for the values of a start's `${input:…}` references; secret ones are masked. */
export function McpInputsDialog({
  serverName,
  inputs,
  onStart,
  onClose
}: {
  serverName: string
  inputs: McpInputView[]
  onStart: (values: Record<string, string>, save: boolean) => Promise<void>
  onClose: () => void
}) {
  const [values, setValues] = useState<Record<string, string>>({})
  const [save, setSave] = useState(false)
  return (
    <FormDialog
      title={`Start ${serverName}`}
      submitLabel="Start"
      onSubmit={() => onStart(values, save)}
      onClose={onClose}
      autoComplete="off"
    >
      <p className="hint">{serverName} asks for these values when it starts.</p>
      {inputs.map((input, index) => (
        <TextField
          key={input.id}
          label={input.description}
          note={`(\${input:${input.id}})`}
          mono
          type={input.password ? 'password' : 'text'}
          autoComplete={input.password ? 'new-password' : 'off'}
          spellCheck={false}
          value={values[input.id] ?? ''}
          onChange={(value) => setValues((current) => ({ ...current, [input.id]: value }))}
          data-autofocus={index === 0 || undefined}
        />
      ))}
      <Checkbox checked={save} onChange={setSave}>
        Save in keychain (else they are used for this start only)
      </Checkbox>
    </FormDialog>
  )
}
