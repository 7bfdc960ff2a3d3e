import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const TESTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/** Each run gets its own folder, so two runs at once (or a run and a benchmark) never collide. */
export const TMP_ROOT = path.join(TESTS_DIR, '.tmp')
