import fs from 'node:fs'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { type CephCluster, startCeph, stopCeph } from './ceph'
import { TMP_ROOT } from './paths'

/** Starts one Ceph cluster with its S3 gateway for the storage project's run, and tears it down after. */
export default function setup(project: TestProject) {
	// A short path: the daemons' admin sockets live under it (Unix sockets allow ~107 characters).
	const dir = path.join(TMP_ROOT, `ceph-${process.pid}`)
	fs.rmSync(dir, { recursive: true, force: true })
	const cluster = startCeph(dir)
	project.provide('ceph', cluster)
	return () => {
		stopCeph(dir)
		fs.rmSync(dir, { recursive: true, force: true })
	}
}

declare module 'vitest' {
	export interface ProvidedContext {
		ceph: CephCluster
	}
}
