// The graceful shutdown, proven through the Docker image: `podman stop` (SIGTERM through tini,
// as `docker stop` does) while 100 delayed requests are in flight. Every request must be answered
// in full and the container must exit 0 before podman's 10 s would send SIGKILL. The container
// keeps its worlds in a named volume (--data-dir /data, as the README shows): a contact created
// just before the stop must be there in a new container on the same volume.
//
//   node .ci/container-drain.mjs IMAGE [HOST_PORT]
//
// Uses the podman storage of ../shared/tools/container-check.sh (which built IMAGE), so it runs
// after that script. Loopback only: the container's port is published on 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';

const [image, portArg = '4013'] = process.argv.slice(2);
if (!image) {
  console.error('usage: node .ci/container-drain.mjs IMAGE [HOST_PORT]');
  process.exit(64);
}
const state = process.env.CONTAINER_CHECK_STATE ?? '/tmp/container-check';
const env = { ...process.env, CONTAINERS_CONF: `${state}/containers.conf`, CONTAINERS_STORAGE_CONF: `${state}/storage.conf`, CONTAINERS_REGISTRIES_CONF: `${state}/registries.conf` };
const podman = (...args) => execFileSync('podman', args, { env, encoding: 'utf8', timeout: 60_000 }).trim();
const name = `klen-mock-drain-${process.pid}`;
const base = `http://127.0.0.1:${portArg}`;
const KEY = 'klen_abcdef123456789';

const volume = `klen-mock-drain-data-${process.pid}`;

/** One request on a connection of its own: its status and whole body, or the error. */
function get(path, headers = {}, method = 'GET', body = undefined) {
  return new Promise((resolve) => {
    const req = request(`${base}${path}`, { method, headers: { ...headers, Connection: 'close' }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body }));
      res.on('error', (error) => resolve({ error: error.code ?? error.message }));
    });
    req.on('error', (error) => resolve({ error: error.code ?? error.message }));
    req.end(body);
  });
}

/** Runs the image on the data volume and waits until it is healthy. */
async function runContainer(containerName) {
  podman('run', '-d', '--name', containerName, '-p', `127.0.0.1:${portArg}:4010`, '-v', `${volume}:/data`, '-e', 'KLEN_MOCK_DATA_DIR=/data', image);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const health = await get('/__mock/health');
    if (health.status === 200) return;
    if (Date.now() > deadline) throw new Error(`the container did not become healthy: ${JSON.stringify(health)}\n${podman('logs', containerName)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let failed = false;
const second = `${name}-again`;
try {
  podman('volume', 'create', volume);
  await runContainer(name);
  const contact = await get('/api/v1/contacts/create', { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json', 'X-Mock-Session': 'kept' }, 'POST', JSON.stringify({ first_name: 'Kept', last_name: 'Across containers', phone_numbers: [{ phone_number: '+14155550123' }] }));
  if (contact.status !== 201) throw new Error(`Create Contact answered ${contact.status}: ${contact.body ?? contact.error}`);
  const contactId = JSON.parse(contact.body).id;
  const example = JSON.parse((await get('/api/v1/calls/123', { Authorization: `Bearer ${KEY}` })).body);
  const inFlight = Array.from({ length: 100 }, () => get('/api/v1/calls/123', { Authorization: `Bearer ${KEY}`, 'X-Mock-Delay': '1500' }));
  await new Promise((r) => setTimeout(r, 300));
  const stopStarted = Date.now();
  podman('stop', '-t', '10', name);
  const stopMs = Date.now() - stopStarted;
  const answers = await Promise.all(inFlight);
  const full = answers.filter((a) => a.status === 200 && JSON.stringify(JSON.parse(a.body)) === JSON.stringify(example)).length;
  const exitCode = Number(podman('inspect', name, '--format', '{{.State.ExitCode}}'));
  const logs = podman('logs', name);
  console.log(`container drain: ${full}/100 requests answered in full, exit code ${exitCode}, podman stop took ${stopMs} ms`);
  console.log(logs.split('\n').filter((line) => line.startsWith('klen-mock:')).join('\n'));
  if (full !== 100) {
    failed = true;
    console.error(`not answered in full: ${JSON.stringify(answers.filter((a) => a.status !== 200).slice(0, 5))}`);
  }
  if (exitCode !== 0) failed = true;
  if (stopMs >= 10_000) failed = true; // podman would have sent SIGKILL

  // a new container on the same volume has the contact the first one acknowledged
  podman('rm', '-f', '-t', '0', name);
  await runContainer(second);
  const kept = await get(`/api/v1/contacts/${contactId}`, { Authorization: `Bearer ${KEY}`, 'X-Mock-Session': 'kept' });
  const keptName = kept.status === 200 ? JSON.parse(kept.body).first_name : undefined;
  console.log(`data volume: contact ${contactId} ${keptName === 'Kept' ? 'read back' : `NOT read back (${kept.status} ${kept.body ?? kept.error})`} by a new container on the same volume`);
  if (keptName !== 'Kept') failed = true;
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
} finally {
  for (const args of [['rm', '-f', '-t', '0', name], ['rm', '-f', '-t', '0', second], ['volume', 'rm', '-f', volume]]) {
    try {
      podman(...args);
    } catch {
      // already gone
    }
  }
}
process.exit(failed ? 1 : 0);
