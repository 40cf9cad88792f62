/** Resource resolution: WebUI names resolved the way A1111 does, before anything is sent. */
export * from './catalog.ts'
export * from './fields.ts'
export * from './needs.ts'
export * from './pass.ts'
export * from './resolve.ts'
export * from './suggest.ts'
export * from './styles.ts'
export * from './flavour.ts'
