import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PNG } from 'pngjs'
import { afterAll, describe, expect, it } from 'vitest'
import { VIDEO_DEFAULTS } from '../../../engine/config/defaults.ts'
import { VideoConfig } from '../../../engine/config/stages.ts'
import {
  buildConcatList, buildFfmpegArgs, quoteConcatPath, videoExtension,
} from '../../../engine/payloads/index.ts'

const video = (patch: Partial<VideoConfig> = {}): VideoConfig => VideoConfig.parse({ ...VIDEO_DEFAULTS, ...patch })
const IO = { concatListPath: '/data/runs/r1/frames.txt', outputPath: '/data/runs/r1/video.mp4' }
const HEAD = ['-hide_banner', '-y', '-f', 'concat', '-safe', '0', '-i', '/data/runs/r1/frames.txt']

describe('buildFfmpegArgs', () => {
  it('h264: even-size filter, libx264 yuv420p, crf by quality, faststart', () => {
    expect(buildFfmpegArgs(video(), IO)).toStrictEqual([
      ...HEAD,
      '-vf', 'scale=trunc(iw/2)*2:trunc(ih/2)*2',
      '-c:v', 'libx264', '-crf', '23', '-pix_fmt', 'yuv420p', '-movflags', '+faststart',
      '-r', '24', '-f', 'mp4', '/data/runs/r1/video.mp4',
    ])
    const crf = (quality: VideoConfig['quality']) => {
      const args = buildFfmpegArgs(video({ quality }), IO)
      return args[args.indexOf('-crf') + 1]
    }
    expect([crf('low'), crf('medium'), crf('high')]).toStrictEqual(['28', '23', '18'])
  })

  it('vp9: constant quality with -b:v 0, crf by quality', () => {
    const out = { ...IO, outputPath: '/o/v.webm' }
    expect(buildFfmpegArgs(video({ codec: 'vp9', quality: 'high', fps: 12 }), out)).toStrictEqual([
      ...HEAD, '-c:v', 'libvpx-vp9', '-b:v', '0', '-crf', '24', '-pix_fmt', 'yuv420p',
      '-r', '12', '-f', 'webm', '/o/v.webm',
    ])
    const crf = (quality: VideoConfig['quality']) => {
      const args = buildFfmpegArgs(video({ codec: 'vp9', quality }), out)
      return args[args.indexOf('-crf') + 1]
    }
    expect([crf('low'), crf('medium'), crf('high')]).toStrictEqual(['40', '32', '24'])
  })

  it('gif: palette filter chain, looping', () => {
    expect(buildFfmpegArgs(video({ codec: 'gif', fps: 8 }), { ...IO, outputPath: '/o/v.gif' })).toStrictEqual([
      ...HEAD, '-vf', 'split[a][b];[a]palettegen=max_colors=128[p];[b][p]paletteuse', '-loop', '0',
      '-r', '8', '-f', 'gif', '/o/v.gif',
    ])
    const vf = (quality: VideoConfig['quality']) => buildFfmpegArgs(video({ codec: 'gif', quality }), IO)[9]
    expect(vf('low')).toContain('max_colors=64')
    expect(vf('high')).toContain('max_colors=256')
  })

  it('keeps a path with spaces and quotes as one argument and refuses an output that looks like an option', () => {
    const io = { concatListPath: "/d/it's a list.txt", outputPath: '/d/my video.mp4' }
    const args = buildFfmpegArgs(video(), io)
    expect(args).toContain("/d/it's a list.txt")
    expect(args.at(-1)).toBe('/d/my video.mp4')
    expect(() => buildFfmpegArgs(video(), { ...io, outputPath: '-evil.mp4' })).toThrow('must not start with "-"')
  })

  it('names the extension per codec', () => {
    expect([videoExtension('h264'), videoExtension('vp9'), videoExtension('gif')]).toStrictEqual(['mp4', 'webm', 'gif'])
  })
})

describe('buildConcatList', () => {
  it('sequence: one frame per image at 1/fps, no repeated last frame', () => {
    expect(buildConcatList(['/r/a.png', '/r/b.png'], video({ fps: 24 }))).toBe(
      "ffconcat version 1.0\nfile '/r/a.png'\nduration 0.041667\nfile '/r/b.png'\nduration 0.041667\n",
    )
    expect(buildConcatList(['/r/a.png'], video({ fps: 4 }))).toBe("ffconcat version 1.0\nfile '/r/a.png'\nduration 0.25\n")
  })

  it('slideshow: slide_seconds per image and the last image repeated so its duration counts', () => {
    expect(buildConcatList(['/r/a.png', '/r/b.png'], video({ mode: 'slideshow', slide_seconds: 2.5 }))).toBe(
      "ffconcat version 1.0\nfile '/r/a.png'\nduration 2.5\nfile '/r/b.png'\nduration 2.5\nfile '/r/b.png'\n",
    )
  })

  it("escapes single quotes the ffmpeg way and keeps spaces and backslashes", () => {
    expect(quoteConcatPath("/out/it's my frame 01.png")).toBe("'/out/it'\\''s my frame 01.png'")
    expect(quoteConcatPath("C:\\out\\Bob's run\\a.png")).toBe("'C:\\out\\Bob'\\''s run\\a.png'")
    expect(buildConcatList(["/o/don't stop/x 1.png"], video({ mode: 'slideshow', slide_seconds: 1 })))
      .toBe("ffconcat version 1.0\nfile '/o/don'\\''t stop/x 1.png'\nduration 1\nfile '/o/don'\\''t stop/x 1.png'\n")
  })

  it('refuses no frames and paths with a line break', () => {
    expect(() => buildConcatList([], video())).toThrow('at least one frame')
    expect(() => buildConcatList(['/a\nb.png'], video())).toThrow('line break')
  })
})

/**
 * The ffmpeg the server uses (FFMPEG_PATH, else the bundled one). It is a dependency, so a
 * missing binary fails this suite instead of skipping it: video would be broken for users too.
 */
function serverFfmpeg(): string {
  const path = process.env.FFMPEG_PATH ?? (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path
  if (!existsSync(path)) throw new Error(`ffmpeg not found at ${path}`)
  return path
}
const FFMPEG = serverFfmpeg()

describe('with the real ffmpeg', () => {
  const dir = mkdtempSync(join(tmpdir(), "payloads video it's "))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  // Odd-sized frames (SD never makes them, an extras upscale by 1.5 can) in a folder with a quote.
  const frames = [0, 1, 2].map((i) => {
    const png = new PNG({ width: 33, height: 17 })
    png.data.fill(40 + i * 80)
    const path = join(dir, `frame ${i}.png`)
    writeFileSync(path, PNG.sync.write(png))
    return path
  })

  /** Encodes the frames with our args, decodes the result, and reports what ffmpeg saw. */
  function run(config: VideoConfig): { frames: number; size: string } {
    const concatListPath = join(dir, 'frames list.txt')
    writeFileSync(concatListPath, buildConcatList(frames, config))
    const outputPath = join(dir, `out.${videoExtension(config.codec)}`)
    const encode = spawnSync(FFMPEG!, buildFfmpegArgs(config, { concatListPath, outputPath }), { encoding: 'utf8' })
    expect(encode.status, encode.stderr).toBe(0)
    // ffmpeg logs to stderr: the decoded stream's size, then the frame counter.
    const decode = spawnSync(FFMPEG!, ['-hide_banner', '-i', outputPath, '-f', 'null', '-'], { encoding: 'utf8' })
    const log = decode.stderr
    const frameCounts = [...log.matchAll(/frame=\s*(\d+)/g)].map((m) => Number(m[1]))
    const size = /Stream #0:0[^\n]*?, (\d+x\d+)/.exec(log)?.[1] ?? '?'
    return { frames: frameCounts.at(-1) ?? -1, size }
  }

  it.each(['h264', 'vp9', 'gif'] as const)('%s: a sequence of 3 images gives exactly 3 frames', (codec) => {
    const { frames: n, size } = run(video({ codec, fps: 4 }))
    expect(n).toBe(3)
    // yuv420p h264 needs even sides: 33×17 becomes 32×16.
    expect(size).toBe(codec === 'h264' ? '32x16' : '33x17')
  })

  it('a slideshow holds every image, the last one included, for its duration', () => {
    const { frames: n } = run(video({ codec: 'h264', fps: 4, mode: 'slideshow', slide_seconds: 1 }))
    expect(n).toBeGreaterThanOrEqual(12)
  })
})
