// Helpers for the tests that run against the Ceph gateway started by tests/setup/ceph-global-setup.ts.
import crypto from 'node:crypto'
import { CreateBucketCommand } from '@aws-sdk/client-s3'
import { inject, onTestFinished } from 'vitest'
import { type S3Config, s3Store } from '#storage/s3'
import { resetEnv } from '~/env.server'

export function cluster() {
	return inject('ceph')
}

/** The gateway's settings for a bucket (and another endpoint or keys, for the fault tests). */
export function s3Config(bucket: string, over: Partial<S3Config> = {}): S3Config {
	const c = cluster()
	return {
		endpoint: c.endpoint,
		region: c.region,
		bucket,
		accessKeyId: c.accessKeyId,
		secretAccessKey: c.secretAccessKey,
		forcePathStyle: true,
		...over,
	}
}

/** A new, empty bucket of this test's own (names never repeat within a run). */
export async function freshBucket() {
	const bucket = `t-${process.pid}-${crypto.randomBytes(6).toString('hex')}`
	await s3Store(s3Config(bucket)).client.send(new CreateBucketCommand({ Bucket: bucket }))
	return bucket
}

const VARS = ['STORAGE', 'S3_ENDPOINT', 'S3_REGION', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE']

/** Points the application at a fresh bucket on the gateway for this test (STORAGE=s3); restored when it ends. */
export async function useS3Storage(over: Partial<S3Config> = {}) {
	const bucket = await freshBucket()
	const config = s3Config(bucket, over)
	const saved = Object.fromEntries(VARS.map((name) => [name, process.env[name]]))
	Object.assign(process.env, {
		STORAGE: 's3',
		S3_ENDPOINT: config.endpoint,
		S3_REGION: config.region,
		S3_BUCKET: bucket,
		S3_ACCESS_KEY_ID: config.accessKeyId,
		S3_SECRET_ACCESS_KEY: config.secretAccessKey,
		S3_FORCE_PATH_STYLE: 'true',
	})
	resetEnv()
	onTestFinished(() => {
		for (const [name, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[name]
			else process.env[name] = value
		}
		resetEnv()
	})
	return { bucket, config, store: s3Store(config) }
}
