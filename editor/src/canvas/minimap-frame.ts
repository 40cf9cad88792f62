/**
 * Geometry of the minimap: which part of the flow it shows (every node and the current view, with
 * a margin) and how flow coordinates map to its pixels. Pure, so CanvasMiniMap draws and reads
 * pointer positions with the same mapping.
 */

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface MiniMapFrame {
  /** Minimap pixels per flow unit. */
  scale: number
  /** The flow point drawn at the minimap's top-left corner. */
  originX: number
  originY: number
}

export function unionRects(a: Rect | null, b: Rect): Rect {
  if (!a) return b
  const x = Math.min(a.x, b.x)
  const y = Math.min(a.y, b.y)
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y }
}

/**
 * Fits `content` (nodes ∪ view, in flow units) into a width × height minimap with `margin` pixels
 * on every side, centred on the shorter axis.
 */
export function fitFrame(content: Rect, width: number, height: number, margin: number): MiniMapFrame {
  const w = Math.max(content.width, 1)
  const h = Math.max(content.height, 1)
  const scale = Math.min((width - 2 * margin) / w, (height - 2 * margin) / h)
  return {
    scale,
    originX: content.x - (width / scale - w) / 2,
    originY: content.y - (height / scale - h) / 2,
  }
}

export const toMiniMap = (f: MiniMapFrame, x: number, y: number) => ({ x: (x - f.originX) * f.scale, y: (y - f.originY) * f.scale })
export const toFlow = (f: MiniMapFrame, x: number, y: number) => ({ x: x / f.scale + f.originX, y: y / f.scale + f.originY })

/** The flow rectangle the canvas shows for a React Flow transform [x, y, zoom] on a width × height pane. */
export function viewRect(transform: readonly [number, number, number], width: number, height: number): Rect {
  const [tx, ty, zoom] = transform
  return { x: -tx / zoom, y: -ty / zoom, width: width / zoom, height: height / zoom }
}
