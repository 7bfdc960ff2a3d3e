// Applies the committed migrations to DATABASE_PATH. Migrations are an explicit step, never run on import.
import { openDatabase } from '../db/client.server'
import { runMigrations } from '../db/migrate'

const file = process.env.DATABASE_PATH ?? './data/app.db'
const db = openDatabase(file)
runMigrations(db)
db.$client.close()
console.log(`Migrated ${file}`)
