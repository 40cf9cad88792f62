/** The right-hand tabs: Inspector, Jobs (preview), Problems, Queue and History. */
import { Inspector } from '../inspector/Inspector.tsx'
import { JobPreview } from '../preview/JobPreview.tsx'
import { Problems } from '../preview/Problems.tsx'
import { useEditorStore } from '../store/context.tsx'
import { HistoryPanel } from './queue/HistoryPanel.tsx'
import { QueuePanel } from './queue/QueuePanel.tsx'
import { DraftPanel } from './draft/DraftPanel.tsx'
import type { RightTab } from '../store/types.ts'

export function RightPanel() {
  const tab = useEditorStore((s) => s.rightTab)
  const setTab = useEditorStore((s) => s.setRightTab)
  const errors = useEditorStore((s) => s.compiled?.errors.length ?? 0)
  const warnings = useEditorStore((s) => s.compiled?.warnings.length ?? 0)
  const jobs = useEditorStore((s) => s.compiled?.run?.jobs.length)
  const active = useEditorStore((s) => (s.queue ? s.queue.counts.queued + s.queue.counts.running : 0))
  const tabs: { id: RightTab; label: React.ReactNode }[] = [
    { id: 'inspector', label: 'Inspector' },
    { id: 'preview', label: <>Jobs {jobs !== undefined && <span className="count">{jobs.toLocaleString()}</span>}</> },
    { id: 'problems', label: <>Problems {errors + warnings > 0 && <span className={`count ${errors ? 'error' : 'warning'}`}>{errors + warnings}</span>}</> },
    { id: 'queue', label: <>Queue {active > 0 && <span className="count active">{active}</span>}</> },
    { id: 'history', label: 'History' },
    { id: 'draft', label: 'Draft' },
  ]
  return (
    <aside className="right">
      <nav className="tabs main-tabs" role="tablist">
        {tabs.map((t) => (
          <button key={t.id} role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'tab active' : 'tab'} onClick={() => setTab(t.id)}>{t.label}</button>
        ))}
      </nav>
      <div className="right-body">
        {tab === 'inspector' && <Inspector />}
        {tab === 'preview' && <JobPreview />}
        {tab === 'problems' && <Problems />}
        {tab === 'queue' && <QueuePanel />}
        {tab === 'history' && <HistoryPanel />}
        {tab === 'draft' && <DraftPanel />}
      </div>
    </aside>
  )
}
