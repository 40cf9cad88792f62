/** A clear banner when the server is unreachable (the editor still works on the example library) or the WebUI is simulated. */
import { useEditorStore } from '../store/context.tsx'

export function Banner() {
  const server = useEditorStore((s) => s.server)
  const message = useEditorStore((s) => s.serverMessage)
  const simulated = useEditorStore((s) => s.simulated)
  if (server === 'offline') {
    return (
      <div className="banner warn" role="status">
        <b>Working offline.</b> {message} The editor uses the bundled example library; saving, running, the queue and history need the server (<code>npm start</code>). Retrying every 10 s.
      </div>
    )
  }
  if (server === 'online' && simulated) {
    return <div className="banner info" role="status"><b>Simulated WebUI.</b> Images come from the built-in simulator, not Stable Diffusion.</div>
  }
  return null
}
