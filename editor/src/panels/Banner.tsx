/**
 * Banners a person must not miss: the server unreachable (the editor still works on the example
 * library), the event stream lost, the queue paused by the server (a full disk, an unwritable
 * folder: why, and a Resume for when it is fixed), a WebUI down (jobs wait for it), the simulated
 * WebUI in use.
 */
import { resumeQueue } from '../api/run-endpoints.ts'
import { useEditorStore } from '../store/context.tsx'

export function Banner() {
  const server = useEditorStore((s) => s.server)
  const message = useEditorStore((s) => s.serverMessage)
  const simulated = useEditorStore((s) => s.simulated)
  const stream = useEditorStore((s) => s.stream)
  const backends = useEditorStore((s) => s.backends)
  const pausedReason = useEditorStore((s) => s.queue?.pausedReason)
  const setQueue = useEditorStore((s) => s.setQueue)
  const down = Object.values(backends).filter((b) => b.state === 'down')
  const banners: React.ReactNode[] = []
  if (server === 'offline') {
    banners.push(
      <div key="offline" className="banner warn" role="status">
        <b>Working offline.</b> {message} The editor uses the bundled example library; saving, running, the queue and history need the server (<code>npm start</code>). Retrying every 10 s.
      </div>,
    )
  } else if (server === 'online' && stream === 'lost') {
    banners.push(
      <div key="lost" className="banner error" role="status">
        <b>The server is not reachable.</b> Live progress and queue updates are paused; reconnecting… Your edits stay in this browser.
      </div>,
    )
  }
  if (server === 'online' && stream !== 'lost' && pausedReason) {
    banners.push(
      <div key="paused-by-server" className="banner error" role="status" data-testid="queue-paused-by-server">
        <b>The server paused the queue:</b> {pausedReason}{' '}
        <button className="btn small" onClick={() => void resumeQueue().then(setQueue, () => undefined)}>Resume the queue</button>
      </div>,
    )
  }
  if (server === 'online' && stream !== 'lost' && down.length > 0) {
    banners.push(
      <div key="down" className="banner error" role="status" data-testid="webui-down">
        <b>{down.length === 1 ? 'A WebUI is down' : `${down.length} WebUIs are down`}:</b>{' '}
        {down.map((b) => `${b.url}${b.lastError ? ` (${b.lastError})` : ''}`).join('; ')}. Queued jobs wait until one is back.
      </div>,
    )
  }
  if (server === 'online' && stream !== 'lost' && simulated) {
    banners.push(<div key="sim" className="banner info" role="status"><b>Simulated WebUI.</b> Images come from the built-in simulator, not Stable Diffusion. Set <code>WEBUI_URL</code> to use a real A1111/Forge.</div>)
  }
  return banners.length ? <>{banners}</> : null
}
