// Labelled form controls in the app's layout: a field (label, control, hint) whose control takes its ids from the
// field, text and select fields, a checkbox, and a radio group whose choices each say what they mean.
import {
  createContext,
  useContext,
  useId,
  type ChangeEvent,
  type InputHTMLAttributes,
  type ReactNode
} from 'react'

/** The ids a control takes from its field: its own, and its hint's for `aria-describedby`. */
interface FieldIds {
  id: string
  'aria-describedby': string | undefined
}

const FieldContext = createContext<FieldIds | null>(null)

/** The ids of the field around a control, to spread on it. */
function useFieldIds(): FieldIds {
  const ids = useContext(FieldContext)
  if (!ids) throw new Error('A field control is used outside a Field.')
  return ids
}

export interface FieldProps {
  label: string
  /** Said after the label in a quieter type, e.g. "(optional)". */
  note?: string
  /** A sentence under the control, also its accessible description. */
  hint?: ReactNode
  /** Extra layout classes, e.g. `field-narrow`. */
  className?: string
}

interface FieldFrameProps extends FieldProps {
  /** The control, which takes its ids with `useFieldIds`. */
  children: ReactNode
  /** Shown after the hint (e.g. a checkbox that belongs to this field). */
  after?: ReactNode
}

/** The label, then the control, its hint, and anything else that belongs to the field. */
function Field({ label, note, hint, className, children, after }: FieldFrameProps) {
  const id = useId()
  const hintId = hint ? `${id}-hint` : undefined
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>
        {label}
        {note ? (
          <>
            {' '}
            <span className="optional">{note}</span>
          </>
        ) : null}
      </label>
      <FieldContext.Provider value={{ id, 'aria-describedby': hintId }}>{children}</FieldContext.Provider>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {after}
    </div>
  )
}

type InputProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'value' | 'onChange' | 'className' | 'list'
>

export interface TextInputProps extends InputProps {
  value: string
  onChange: (value: string) => void
  /** Monospaced, for commands, URLs and keys. */
  mono?: boolean
  /** Values the browser offers while typing; others can still be typed. */
  suggestions?: readonly string[]
  /** Several lines: a text area this many rows high. */
  rows?: number
}

function TextInput({ value, onChange, mono, suggestions, rows, ...input }: TextInputProps) {
  const ids = useFieldIds()
  const listId = suggestions ? `${ids.id}-suggestions` : undefined
  const text = {
    ...ids,
    className: mono ? 'input mono' : 'input',
    value,
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(event.target.value)
  }
  if (rows)
    return <textarea {...text} rows={rows} placeholder={input.placeholder} spellCheck={input.spellCheck} />
  return (
    <>
      <input {...text} list={listId} {...input} />
      {suggestions ? (
        <datalist id={listId}>
          {suggestions.map((suggestion) => (
            <option key={suggestion} value={suggestion} />
          ))}
        </datalist>
      ) : null}
    </>
  )
}

export interface TextFieldProps extends FieldProps, TextInputProps {
  /** Shown after the hint (e.g. a checkbox that belongs to this field). */
  children?: ReactNode
}

export function TextField({ label, note, hint, className, children, ...input }: TextFieldProps) {
  return (
    <Field label={label} note={note} hint={hint} className={className} after={children}>
      <TextInput {...input} />
    </Field>
  )
}

export interface SelectFieldProps extends FieldProps {
  value: string
  onChange: (value: string) => void
  options: readonly { value: string; label: string }[]
}

function Select({ value, onChange, options }: Pick<SelectFieldProps, 'value' | 'onChange' | 'options'>) {
  const ids = useFieldIds()
  return (
    <select {...ids} className="input" value={value} onChange={(event) => onChange(event.target.value)}>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  )
}

export function SelectField({ value, onChange, options, ...field }: SelectFieldProps) {
  return (
    <Field {...field}>
      <Select value={value} onChange={onChange} options={options} />
    </Field>
  )
}

export interface CheckboxProps {
  checked: boolean
  onChange: (checked: boolean) => void
  disabled?: boolean
  children: ReactNode
}

export function Checkbox({ checked, onChange, disabled, children }: CheckboxProps) {
  return (
    <label className="checkbox">
      <input
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChange(event.target.checked)}
      />
      {children}
    </label>
  )
}

export interface RadioChoice<V extends string> {
  value: V
  title: string
  /** A sentence under the title on what the choice means. */
  detail: ReactNode
  disabled?: boolean
}

/** What a radio group asks (its legend) and the answers it offers. */
export interface RadioQuestion<V extends string> {
  legend: string
  choices: readonly RadioChoice<V>[]
}

export interface RadioGroupProps<V extends string> {
  question: RadioQuestion<V>
  value: V
  onChange: (value: V) => void
  /** Disables the whole group (e.g. while the choice is being applied). */
  disabled?: boolean
}

/** A group of radio buttons under its legend, each choice's title in bold over its explanation. */
export function RadioGroup<V extends string>({ question, value, onChange, disabled }: RadioGroupProps<V>) {
  const name = useId()
  return (
    <fieldset className="fieldset" disabled={disabled}>
      <legend>{question.legend}</legend>
      {question.choices.map((choice) => (
        <label key={choice.value} className="checkbox radio-option">
          <input
            type="radio"
            name={name}
            value={choice.value}
            checked={choice.value === value}
            disabled={choice.disabled}
            onChange={() => onChange(choice.value)}
          />
          <span>
            <strong>{choice.title}</strong>
            <span className="muted small block">{choice.detail}</span>
          </span>
        </label>
      ))}
    </fieldset>
  )
}
