/**
 * Standalone simulator: `npm run sim -- --port 7860 [--flavor forge] [--auth u:p] [--step-ms N]
 * [--model-switch-ms N] [--error-rate X] [--hang-rate X] [--drop-rate X] [--nowebui] [--no-controlnet]
 * [--checkpoints a,b] [--vaes …] [--loras …] [--embeddings …] [--adetailer-models …] [--upscalers …] [--controlnet-models …]`.
 */
import { parseArgs } from 'node:util'
import { SimResourceLists, startSimulator, type SimOptions } from './index.ts'

const USAGE = `usage: npm run sim -- [--host 127.0.0.1] [--port 7860] [--flavor a1111|forge] [--auth user:pass[,u2:p2]]
                     [--step-ms N] [--model-switch-ms N] [--error-rate X] [--hang-rate X] [--drop-rate X]
                     [--fault-seed N] [--nowebui] [--no-controlnet]
                     [--checkpoints SDXL/x.safetensors,y.ckpt] [--vaes a,b] [--loras a,b] [--embeddings a,b]
                     [--adetailer-models a,b] [--upscalers a,b] [--controlnet-models a,b]   (each replaces that installed list)`

/** Flags that replace one installed list: comma-separated names. */
const LIST_FLAGS = [
  ['checkpoints', 'checkpoints'], ['vaes', 'vaes'], ['loras', 'loras'], ['embeddings', 'embeddings'],
  ['adetailer-models', 'adetailerModels'], ['upscalers', 'upscalers'], ['controlnet-models', 'controlnetModels'],
] as const

function listFlags(s: (k: string) => string | undefined): SimResourceLists {
  const raw: Record<string, string[]> = {}
  for (const [flag, key] of LIST_FLAGS) {
    const v = s(flag)
    if (v !== undefined) raw[key] = v.split(',').map((x) => x.trim()).filter((x) => x !== '')
  }
  const parsed = SimResourceLists.safeParse(raw)
  if (!parsed.success) fail(parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '))
  return parsed.data
}

function fail(message: string): never {
  process.stderr.write(`sim: ${message}\n${USAGE}\n`)
  process.exit(2)
}

function number(name: string, raw: string | undefined, min: number, max = Infinity, int = false): number | undefined {
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max || (int && !Number.isInteger(n))) {
    fail(`--${name} must be ${int ? 'an integer' : 'a number'} in [${min}, ${max === Infinity ? '∞' : max}], got ${JSON.stringify(raw)}`)
  }
  return n
}

function parse(argv: string[]): SimOptions {
  let values: Record<string, string | boolean | undefined>
  try {
    ;({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' }, port: { type: 'string' }, flavor: { type: 'string' }, auth: { type: 'string' },
        'step-ms': { type: 'string' }, 'model-switch-ms': { type: 'string' }, 'error-rate': { type: 'string' },
        'hang-rate': { type: 'string' }, 'drop-rate': { type: 'string' }, 'fault-seed': { type: 'string' },
        nowebui: { type: 'boolean' }, 'no-controlnet': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(LIST_FLAGS.map(([flag]) => [flag, { type: 'string' as const }])),
      },
    }))
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e))
  }
  if (values.help) {
    process.stdout.write(USAGE + '\n')
    process.exit(0)
  }
  const flavor = values.flavor as string | undefined
  if (flavor !== undefined && flavor !== 'a1111' && flavor !== 'forge') fail(`--flavor must be a1111 or forge, got ${JSON.stringify(flavor)}`)
  const auth = values.auth as string | undefined
  if (auth !== undefined && !auth.split(',').every((p) => /^[^:]+:[^:]*$/.test(p))) fail('--auth must be user:pass[,user2:pass2] (no ":" in passwords)')
  const s = (k: string): string | undefined => values[k] as string | undefined
  const faults = {
    errorRate: number('error-rate', s('error-rate'), 0, 1),
    hangRate: number('hang-rate', s('hang-rate'), 0, 1),
    dropRate: number('drop-rate', s('drop-rate'), 0, 1),
    seed: number('fault-seed', s('fault-seed'), 0, 2 ** 32, true),
  }
  return {
    host: s('host') ?? '127.0.0.1',
    port: number('port', s('port'), 0, 65535, true) ?? (values.nowebui ? 7861 : 7860),
    flavor: (flavor as SimOptions['flavor']) ?? 'a1111',
    auth,
    stepMs: number('step-ms', s('step-ms'), 0),
    modelSwitchMs: number('model-switch-ms', s('model-switch-ms'), 0),
    nowebui: values.nowebui === true,
    controlnet: values['no-controlnet'] !== true,
    faults: Object.fromEntries(Object.entries(faults).filter(([, v]) => v !== undefined)),
    resources: listFlags(s),
  }
}

const opts = parse(process.argv.slice(2))
try {
  const sim = await startSimulator(opts)
  process.stdout.write(`Simulated ${opts.flavor === 'forge' ? 'Forge' : 'AUTOMATIC1111'} WebUI API listening on ${sim.url}` +
    ` (step ${opts.stepMs ?? 2} ms, model switch ${opts.modelSwitchMs ?? 50} ms${opts.auth ? ', --api-auth on' : ''})\n`)
  const stop = (): void => void sim.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
} catch (e) {
  process.stderr.write(`sim: cannot start: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
}
