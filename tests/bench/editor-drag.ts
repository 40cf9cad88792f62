/**
 * One drag measurement, identical for the editor and the bare page: press on the node nearest the
 * canvas centre and move it along a circle for DRAG_MS, a move every STEP_MS, while reading the
 * renderer's main-thread busy time (CDP `Performance.getMetrics` TaskDuration) before and after.
 *
 * Drag updates are counted by a capture-phase `pointermove` listener on window with the primary
 * button down (installed with addInitScript, outside either app), so both pages count the same
 * thing without any hook in their code. Chromium delivers mouse moves aligned to frames and merges
 * the moves that queue up behind a busy main thread, so this counts the updates the page actually
 * received: a slow page gets fewer of them, and busy time / updates is its real cost per update.
 */
import type { CDPSession, Page } from 'playwright-core'

export const DRAG_MS = 2000
const STEP_MS = 8
/** Screen pixels; one turn per second, so each step moves the node a few pixels, as a hand does. */
const RADIUS = 80
/** Moves before the measured window: React Flow starts the drag (and the editor records its undo step) on the first ones. */
const LEAD_IN_MS = 120

export const COUNTER_SCRIPT = `
  window.__benchMoves = 0;
  addEventListener('pointermove', (e) => { if (e.buttons & 1) window.__benchMoves++ }, { capture: true, passive: true });
`

export interface DragSample {
  /** Main-thread busy ms during the drag: TaskDuration in wall time (the figure), and in thread CPU time (tells contention from the page's own cost). */
  busyMs: number
  cpuMs: number
  /** Moves the page received (see above) and moves we sent. */
  updates: number
  sent: number
  msPerUpdate: number
}

export interface CanvasInfo {
  width: number
  height: number
  zoom: number
  nodes: number
  onScreen: number
  /** Where to press: inside the middle node, on a part that drags (not a handle or control). */
  press: { x: number; y: number; id: string }
}

/** Measures the canvas and picks the node nearest its centre with a draggable point on it. */
export async function inspectCanvas(page: Page): Promise<CanvasInfo> {
  return page.evaluate(() => {
    const pane = document.querySelector('.react-flow')!.getBoundingClientRect()
    const transform = getComputedStyle(document.querySelector('.react-flow__viewport')!).transform
    const zoom = new DOMMatrixReadOnly(transform).a
    const nodes = [...document.querySelectorAll<HTMLElement>('.react-flow__node:not(.react-flow__node-frame)')]
    const cx = pane.left + pane.width / 2
    const cy = pane.top + pane.height / 2
    let onScreen = 0
    const candidates: { el: HTMLElement; r: DOMRect; d: number }[] = []
    for (const el of nodes) {
      const r = el.getBoundingClientRect()
      if (r.width > 0 && r.right > pane.left && r.left < pane.right && r.bottom > pane.top && r.top < pane.bottom) onScreen++
      candidates.push({ el, r, d: Math.hypot(r.left + r.width / 2 - cx, r.top + r.height / 2 - cy) })
    }
    candidates.sort((a, b) => a.d - b.d)
    for (const { el, r } of candidates.slice(0, 20)) {
      // Centre first, then points towards the top (the editor's node head), then the left.
      for (const [fx, fy] of [[0.5, 0.5], [0.5, 0.3], [0.5, 0.12], [0.35, 0.5], [0.3, 0.12]] as const) {
        const x = r.left + r.width * fx
        const y = r.top + r.height * fy
        const hit = document.elementFromPoint(x, y)
        if (hit?.closest('.react-flow__node') === el && !hit.closest('.react-flow__handle, .nodrag, button, input, select, textarea, a')) {
          return { width: pane.width, height: pane.height, zoom, nodes: nodes.length, onScreen, press: { x, y, id: el.dataset.id ?? '' } }
        }
      }
    }
    throw new Error('no draggable point on any node near the canvas centre')
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics')
  const m = metrics.find((x) => x.name === 'TaskDuration')
  if (!m) throw new Error('no TaskDuration metric')
  return m.value
}

/** Waits until the main thread has been nearly idle (< 10% busy) for a quarter second, or maxMs passed. */
export async function waitForQuiet(cdp: CDPSession, maxMs = 8000): Promise<void> {
  const end = Date.now() + maxMs
  let last = await taskSeconds(cdp)
  while (Date.now() < end) {
    await sleep(250)
    const now = await taskSeconds(cdp)
    if ((now - last) * 1000 < 25) return
    last = now
  }
}

const moves = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as { __benchMoves: number }).__benchMoves)

/** Two sessions with the Performance domain on: `wall` in timeTicks (the default), `cpu` in threadTicks. */
export interface Meters { wall: CDPSession; cpu: CDPSession }

export async function openMeters(page: Page): Promise<Meters> {
  const wall = await page.context().newCDPSession(page)
  await wall.send('Performance.enable', { timeDomain: 'timeTicks' })
  const cpu = await page.context().newCDPSession(page)
  await cpu.send('Performance.enable', { timeDomain: 'threadTicks' })
  return { wall, cpu }
}

/** Drags the node at `press` around a circle for durationMs; measures only when `meters` are given. */
export async function drag(page: Page, press: CanvasInfo['press'], durationMs: number, meters?: Meters): Promise<DragSample> {
  const at = (t: number) => {
    const a = (2 * Math.PI * t) / 1000
    return { x: press.x + RADIUS * Math.sin(a), y: press.y + RADIUS * (1 - Math.cos(a)) }
  }
  await page.mouse.move(press.x, press.y)
  await page.mouse.down()
  let sent = 0
  const run = async (from: number, ms: number) => {
    const start = performance.now()
    for (let next = start; performance.now() - start < ms; next += STEP_MS) {
      const p = at(from + performance.now() - start)
      await page.mouse.move(p.x, p.y)
      sent++
      const wait = next + STEP_MS - performance.now()
      if (wait > 0) await sleep(wait)
    }
  }
  await run(0, LEAD_IN_MS)
  sent = 0
  const read = async () => (meters ? Promise.all([moves(page), taskSeconds(meters.wall), taskSeconds(meters.cpu)]) : [0, 0, 0])
  const [m0, w0, c0] = await read()
  await run(LEAD_IN_MS, durationMs)
  const [m1, w1, c1] = await read()
  await page.mouse.up()
  const busyMs = (w1 - w0) * 1000
  const updates = m1 - m0
  return { busyMs, cpuMs: (c1 - c0) * 1000, updates, sent, msPerUpdate: updates > 0 ? busyMs / updates : Infinity }
}

/** Checks the drag moved the node (so we measured dragging, not a pan or a selection box). */
export async function nodeMoved(page: Page, id: string, before: { x: number; y: number }): Promise<boolean> {
  const box = await page.locator(`.react-flow__node[data-id="${id}"]`).boundingBox()
  return !!box && Math.hypot(box.x - before.x, box.y - before.y) > 2
}
