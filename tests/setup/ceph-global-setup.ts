import fs from 'node:fs'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { type CephCluster, startCeph, stopCeph } from './ceph'
import { TMP_ROOT } from './paths'

function alive(pid: number) {
	try {
		process.kill(pid, 0)
		return true
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM'
	}
}

/**
 * Clusters left by runs that were killed before their teardown (their folder names a process that
 * is gone): their daemons are stopped and their folders removed, so they hold no memory, ports or
 * disk. The script only signals processes started with that folder's configuration.
 */
function sweepLeftovers() {
	if (!fs.existsSync(TMP_ROOT)) return
	for (const name of fs.readdirSync(TMP_ROOT)) {
		const m = /^ceph-(\d+)$/.exec(name)
		if (!m || (Number(m[1]) !== process.pid && alive(Number(m[1])))) continue
		const dir = path.join(TMP_ROOT, name)
		stopCeph(dir)
		fs.rmSync(dir, { recursive: true, force: true })
	}
}

/** Starts one Ceph cluster with its S3 gateway for the storage project's run, and tears it down after. */
export default function setup(project: TestProject) {
	sweepLeftovers()
	// A short path: the daemons' admin sockets live under it (Unix sockets allow ~107 characters).
	const dir = path.join(TMP_ROOT, `ceph-${process.pid}`)
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
