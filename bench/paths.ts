import path from 'node:path'
import { BENCH_DIR } from './lib'

export const NATIONAL_DB_PATH = path.join(BENCH_DIR, '.data', 'national.db')
