// The store the application uses, chosen by the environment (STORAGE=local|s3, docs/STORAGE.md).
import { type Env, getEnv } from '~/env.server'
import { localStore } from './local'
import { type S3Config, s3Store } from './s3'
import { type ObjectStore } from './store'

export { blobKey, isStorageError, readAll, StorageError, type ObjectStore, type OpenedObject, type PutSource } from './store'

/** The S3 settings of an environment with STORAGE=s3 (its variables are checked at start-up). */
export function s3ConfigOf(env: Env): S3Config {
	return {
		endpoint: env.S3_ENDPOINT,
		region: env.S3_REGION,
		bucket: env.S3_BUCKET!,
		accessKeyId: env.S3_ACCESS_KEY_ID!,
		secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
		forcePathStyle: env.S3_FORCE_PATH_STYLE ?? Boolean(env.S3_ENDPOINT),
	}
}

export function storeFor(env: Env): ObjectStore {
	return env.STORAGE === 's3' ? s3Store(s3ConfigOf(env)) : localStore(env.DATA_DIR)
}

let cached: { key: string; store: ObjectStore } | null = null

/** The application's store, made once per configuration (the S3 client keeps its connections). */
export function getStore(): ObjectStore {
	const env = getEnv()
	const key = JSON.stringify([env.STORAGE, env.DATA_DIR, env.STORAGE === 's3' ? s3ConfigOf(env) : null])
	if (cached?.key !== key) cached = { key, store: storeFor(env) }
	return cached.store
}
