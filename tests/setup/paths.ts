import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const TESTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const TMP_DIR = path.join(TESTS_DIR, '.tmp')
/** Migrated schema plus the provinces (reference data); copied for every test. */
export const BASE_DB = path.join(TMP_DIR, 'base.db')
