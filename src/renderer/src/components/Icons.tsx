// Small stroke icons (inline SVG, decorative: always aria-hidden), drawn on a 24×24 grid.

export type IconName =
  'chat' | 'profile' | 'plug' | 'settings' | 'plus' | 'search' | 'import' | 'agent' | 'sidebar'

/** An icon's drawing: one path, and for some a circle (centre x, centre y, radius) drawn under it. */
interface Shape {
  d: string
  circle?: readonly [number, number, number]
}

const SHAPES: Record<IconName, Shape> = {
  chat: { d: 'M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12Z' },
  profile: { d: 'M4 21a8 8 0 0 1 16 0', circle: [12, 8, 4] },
  plug: { d: 'M9 2v6M15 2v6M6 8h12v3a6 6 0 0 1-12 0V8ZM12 17v5' },
  settings: {
    d: 'M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1Z',
    circle: [12, 12, 3]
  },
  plus: { d: 'M12 5v14M5 12h14' },
  search: { d: 'm20 20-3.5-3.5', circle: [11, 11, 7] },
  import: { d: 'M12 3v12M7 10l5 5 5-5M4 17v3h16v-3' },
  sidebar: { d: 'M4 4h16v16H4ZM9 4v16' },
  agent: { d: 'M5 20v-6a3 3 0 0 1 3-3h8a3 3 0 0 1 3 3v6M9 15h.01M15 15h.01M12 11V8', circle: [12, 5.5, 2.5] }
}

export function Icon({ name }: { name: IconName }) {
  const { d, circle } = SHAPES[name]
  return (
    <svg
      className="icon"
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {circle ? <circle cx={circle[0]} cy={circle[1]} r={circle[2]} /> : null}
      <path d={d} />
    </svg>
  )
}
