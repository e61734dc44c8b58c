// Renders the short-lived notices in a live region at the bottom right.
import { useNotices } from '../stores/notices'
import { usePick } from '../stores/pick'

export function Toaster() {
  const { notices, dismiss } = usePick(useNotices, 'notices', 'dismiss')
  return (
    <div className="toaster" role="status" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className={`toast toast-${notice.tone}`}>
          <span className="toast-text">{notice.text}</span>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss notification"
            onClick={() => dismiss(notice.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
