/**
 * img2img stages that start from a stored image (`sourceImage`, an artifact id: "use as img2img
 * source" in the gallery) and the compile error for one the data folder no longer holds, so a
 * graph whose source image was deleted is refused before it is queued, naming the node and field,
 * instead of failing each job at dispatch. The caller knows the artifacts (the engine reads no
 * store): it passes a lookup.
 */
import type { CompileResult } from './compile.ts'
import type { GraphError, JobSpec } from './spec.ts'

/** One error per stage whose source image `exists` does not know. */
export function checkSourceImages(jobs: readonly JobSpec[], exists: (artifactId: string) => boolean): GraphError[] {
  const errors: GraphError[] = []
  const reported = new Set<string>()
  for (const job of jobs) {
    for (const stage of job.plan.stages) {
      const id = stage.sourceImage
      if (id === undefined || reported.has(stage.stageId) || exists(id)) continue
      reported.add(stage.stageId)
      errors.push({
        code: 'unknown-source-image', nodeId: stage.stageId, field: 'sourceImage',
        message: `Stage "${stage.label}": its source image "${id}" is no longer in the data folder (deleted from the gallery?); pick another image or wire an input.`,
      })
    }
  }
  return errors
}

/** The compile result with an error added for each stage whose source image is gone. */
export function withSourceImageCheck(result: CompileResult, exists: (artifactId: string) => boolean): CompileResult {
  const missing = checkSourceImages(result.run?.jobs ?? [], exists)
  return missing.length > 0 ? { ...result, errors: [...result.errors, ...missing] } : result
}
