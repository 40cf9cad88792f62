/**
 * ffmpeg argument list and concat list for the video stage (DESIGN §5, original §6).
 *
 * The frames are fed through the concat demuxer: one list file naming every frame with how long
 * it shows, so a sequence (1/fps per frame) and a slideshow (slide_seconds per image) are the
 * same command. Arguments are an array because the server spawns ffmpeg without a shell: no
 * quoting, and a path with spaces or quotes stays one argument.
 */
import type { VideoConfig } from '../config/stages.ts'

export type VideoCodec = VideoConfig['codec']
export type VideoQuality = VideoConfig['quality']
export type VideoExtension = 'mp4' | 'webm' | 'gif'

const EXTENSIONS: Record<VideoCodec, VideoExtension> = { h264: 'mp4', vp9: 'webm', gif: 'gif' }

/** The output file's extension (and ffmpeg muxer) for a codec. */
export function videoExtension(codec: VideoCodec): VideoExtension {
  return EXTENSIONS[codec]
}

/** libx264 CRF: 18 is visually lossless for most content, 23 is x264's default, 28 small files. */
export const H264_CRF: Readonly<Record<VideoQuality, number>> = { low: 28, medium: 23, high: 18 }
/** libvpx-vp9 constant quality (with -b:v 0); its scale sits higher than x264's for a like look. */
export const VP9_CRF: Readonly<Record<VideoQuality, number>> = { low: 40, medium: 32, high: 24 }
/** GIF has no rate control; quality is the palette size (256 is the format's maximum). */
export const GIF_COLORS: Readonly<Record<VideoQuality, number>> = { low: 64, medium: 128, high: 256 }

/**
 * yuv420p stores colour at half resolution, so libx264 refuses odd widths or heights; SD images
 * are multiples of 8, but an extras upscale by 1.5 of an odd-sized input is not.
 */
export const EVEN_SIZE_FILTER = 'scale=trunc(iw/2)*2:trunc(ih/2)*2'

/** A one-pass palette GIF: build the best palette for the frames, then map the frames onto it. */
export function gifFilter(quality: VideoQuality): string {
  return `split[a][b];[a]palettegen=max_colors=${GIF_COLORS[quality]}[p];[b][p]paletteuse`
}

function codecArgs(config: VideoConfig): string[] {
  switch (config.codec) {
    case 'h264':
      return [
        '-vf', EVEN_SIZE_FILTER,
        '-c:v', 'libx264', '-crf', String(H264_CRF[config.quality]), '-pix_fmt', 'yuv420p',
        // The index goes to the front so a browser can start playing before the file has loaded.
        '-movflags', '+faststart',
      ]
    case 'vp9':
      // -b:v 0 turns libvpx-vp9's -crf into pure constant quality instead of a bitrate cap.
      return ['-c:v', 'libvpx-vp9', '-b:v', '0', '-crf', String(VP9_CRF[config.quality]), '-pix_fmt', 'yuv420p']
    case 'gif':
      // -loop 0: repeat forever, what people expect of a GIF.
      return ['-vf', gifFilter(config.quality), '-loop', '0']
  }
}

export interface FfmpegIo {
  /** The concat list written from buildConcatList. */
  concatListPath: string
  /** Where the video goes; its format is set by -f, whatever the name. */
  outputPath: string
}

/**
 * `ffmpeg <args>` turning the concat list into one video. -safe 0 lets the list name absolute
 * paths (the frames live in the run's output folder, not next to the list).
 */
export function buildFfmpegArgs(config: VideoConfig, io: FfmpegIo): string[] {
  // ffmpeg would read an output path starting with '-' as an option.
  if (io.outputPath.startsWith('-')) throw new Error(`output path must not start with "-": ${io.outputPath}`)
  return [
    '-hide_banner', '-y',
    '-f', 'concat', '-safe', '0', '-i', io.concatListPath,
    ...codecArgs(config),
    '-r', String(config.fps),
    '-f', videoExtension(config.codec),
    io.outputPath,
  ]
}

/** How long each image shows, in seconds. */
export function frameDuration(config: VideoConfig): number {
  return config.mode === 'sequence' ? 1 / config.fps : config.slide_seconds
}

/** Seconds as the concat demuxer reads them: plain decimal, microseconds at most. */
export function formatSeconds(s: number): string {
  return String(Number(s.toFixed(6)))
}

/**
 * A path as a concat-list token: single-quoted, where nothing is special except the quote itself,
 * which is closed, escaped and reopened (`'\''`). Backslashes (Windows paths) stay literal.
 */
export function quoteConcatPath(path: string): string {
  // The list is read line by line, so a line break cannot be expressed inside a path.
  if (/[\r\n]/.test(path)) throw new Error(`a frame path cannot contain a line break: ${JSON.stringify(path)}`)
  return `'${path.replaceAll("'", "'\\''")}'`
}

/**
 * The concat list (ffconcat format): each frame with its duration, in the order given.
 *
 * Slideshow: the last image is listed once more, without a duration, because the demuxer ignores
 * the final entry's duration; without the repeat the last slide flashes for a single frame.
 * Sequence: no repeat. There every frame lasts exactly one output frame (1/fps), which is what the
 * last one gets anyway, and the repeat would add a duplicate frame (N+1 frames, measured with
 * ffmpeg 4.1), a visible stutter where an animation loops.
 */
export function buildConcatList(framePaths: readonly string[], config: VideoConfig): string {
  const last = framePaths.at(-1)
  if (last === undefined) throw new Error('a video needs at least one frame')
  const duration = `duration ${formatSeconds(frameDuration(config))}`
  const lines = ['ffconcat version 1.0']
  for (const path of framePaths) lines.push(`file ${quoteConcatPath(path)}`, duration)
  if (config.mode === 'slideshow') lines.push(`file ${quoteConcatPath(last)}`)
  return lines.join('\n') + '\n'
}
