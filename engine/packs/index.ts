/**
 * Prompt packs (reference/stablenew-original.md §2): parsing the original's `.txt` + `.json`,
 * `[[slot]]` placeholders, and the final prompt/negative assembly. Pure: no I/O, the server
 * reads the files and passes their text.
 */
export { PackRow, Pack, PackMatrix, PackMatrixSlot, PackLora, PackSidecar, MATRIX_MODES, DEFAULT_MATRIX } from './schema.ts'
export type { PackProblem } from './schema.ts'
export { parsePack, MAX_PACK_FILE_CHARS, type ParsePackInput, type ParsePackResult } from './parse.ts'
export { validatePack, type ValidateOptions } from './validate.ts'
export { normalizeSlotName, findSlots, substituteSlots } from './slots.ts'
export { assemblePrompt, assembleNegative, getRow, joinPromptParts } from './assemble.ts'
export { translatePreset } from './preset.ts'
