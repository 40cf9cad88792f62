/** Comparing and learning from finished jobs: fields, grids, rating statistics, suggestions. */
export * from './fields.ts'
export * from './grid.ts'
export * from './insights.ts'
export * from './stats.ts'
export * from './suggest.ts'
