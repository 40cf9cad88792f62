/** The library, in four tabs: graphs, presets, packs, wildcards. */
import { useState } from 'react'
import { GraphsTab } from './library/GraphsTab.tsx'
import { PacksTab } from './library/PacksTab.tsx'
import { PresetsTab } from './library/PresetsTab.tsx'
import { WildcardsTab } from './library/WildcardsTab.tsx'

export { slugify } from './library/shared.ts'

const TABS = [
  { id: 'graphs', label: 'Graphs' },
  { id: 'presets', label: 'Presets' },
  { id: 'packs', label: 'Packs' },
  { id: 'wildcards', label: 'Wildcards' },
] as const
type Tab = (typeof TABS)[number]['id']

export function LibraryPanel() {
  const [tab, setTab] = useState<Tab>('graphs')
  return (
    <div className="library-panel">
      <nav className="tabs small library-tabs" role="tablist">
        {TABS.map((t) => (
          <button key={t.id} role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'tab active' : 'tab'} onClick={() => setTab(t.id)}>{t.label}</button>
        ))}
      </nav>
      {tab === 'graphs' && <GraphsTab />}
      {tab === 'presets' && <PresetsTab />}
      {tab === 'packs' && <PacksTab />}
      {tab === 'wildcards' && <WildcardsTab />}
    </div>
  )
}
