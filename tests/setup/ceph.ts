// A one-node Ceph cluster with the RADOS Gateway on loopback (scripts/ceph-test-cluster.sh), for the
// storage tests and the storage benchmark: started once per run, every path under one folder.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { TESTS_DIR } from './paths'

const SCRIPT = path.join(TESTS_DIR, '..', 'scripts', 'ceph-test-cluster.sh')

export type CephCluster = {
	dir: string
	endpoint: string
	region: string
	accessKeyId: string
	secretAccessKey: string
}

/** Starts the cluster in `dir` (a few seconds); throws with the script's message when it cannot. */
export function startCeph(dir: string): CephCluster {
	const r = spawnSync('bash', [SCRIPT, 'start', dir], { encoding: 'utf8', timeout: 180_000 })
	if (r.status !== 0) {
		spawnSync('bash', [SCRIPT, 'stop', dir])
		throw new Error(
			`Could not start the Ceph test cluster (the storage tests need the Debian packages ceph-mon, ceph-osd and radosgw; scripts/test-all.sh installs them):\n${r.stderr}${r.stdout}`,
		)
	}
	const vars = Object.fromEntries(
		r.stdout
			.trim()
			.split('\n')
			.map((line) => line.split('=', 2) as [string, string]),
	)
	return {
		dir,
		endpoint: vars.S3_ENDPOINT,
		region: vars.S3_REGION,
		accessKeyId: vars.S3_ACCESS_KEY_ID,
		secretAccessKey: vars.S3_SECRET_ACCESS_KEY,
	}
}

/** Stops the gateway, the OSD and the monitor, one at a time. */
export function stopCeph(dir: string) {
	spawnSync('bash', [SCRIPT, 'stop', dir], { timeout: 180_000 })
}

async function freePort() {
	return new Promise<number>((resolve, reject) => {
		const server = net.createServer()
		server.once('error', reject)
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo
			server.close(() => resolve(port))
		})
	})
}

async function answers(endpoint: string) {
	try {
		await fetch(endpoint)
		return true
	} catch {
		return false
	}
}

/**
 * A second gateway on the same cluster (same users and buckets) that a test may stop and start
 * again without disturbing the others: the fault tests stop it in the middle of an upload.
 */
export async function startExtraGateway(cluster: CephCluster, name: string, port?: number) {
	const p = port ?? (await freePort())
	const child = spawn(
		'radosgw',
		[
			'-c',
			path.join(cluster.dir, 'ceph.conf'),
			'-n',
			`client.rgw.${name}`,
			'-f',
			`--rgw-frontends=beast endpoint=127.0.0.1:${p}`,
			`--rgw-data=${path.join(cluster.dir, 'rgw')}`,
			`--log-file=${path.join(cluster.dir, 'log', `rgw.${name}.log`)}`,
		],
		{ stdio: 'ignore' },
	)
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
	const endpoint = `http://127.0.0.1:${p}`
	const deadline = Date.now() + 60_000
	while (!(await answers(endpoint))) {
		if (child.exitCode !== null || Date.now() > deadline) {
			child.kill('SIGKILL')
			throw new Error(`the extra gateway ${name} did not start (see ${cluster.dir}/log/rgw.${name}.log)`)
		}
		await new Promise((resolve) => setTimeout(resolve, 100))
	}
	return {
		endpoint,
		port: p,
		/**
		 * Stops the gateway (SIGTERM, as an operator or a service manager would) and waits for it to be
		 * gone. A killed gateway would leave its watches on the cluster, and the other gateway would
		 * wait for them to time out when it creates a bucket.
		 */
		async stop() {
			if (child.exitCode === null) child.kill('SIGTERM')
			const killer = setTimeout(() => child.kill('SIGKILL'), 20_000)
			await exited
			clearTimeout(killer)
			fs.rmSync(path.join(cluster.dir, 'run', `client.rgw.${name}.asok`), { force: true })
			fs.rmSync(path.join(cluster.dir, 'run', `client.rgw.${name}.pid`), { force: true })
		},
	}
}
