// Runs workload.mjs under node with the counts EngineBenchmark uses, so the two are timed in the same session.
//   node bench/node/transform.mjs --paired WARMUP PER_BATCH OBJECTS   driven by EngineBenchmark (see below)
//   node bench/node/transform.mjs [WARMUP [BATCHES [PER_BATCH [OBJECTS]]]]   stand-alone, prints ms/iteration
// Paired: warms up with WARMUP iterations, prints "ready <warm-up seconds> <node version>", then answers one line
// per command on stdin: "batch" -> ms/iteration over PER_BATCH iterations, "phases N" -> phaseTimes(OBJECTS, N)
// as JSON, "result" -> one transform's result as JSON. EngineBenchmark alternates its own batches with these, so
// both sides of each Warden/node ratio ran under the same load.
import { createInterface } from 'node:readline';
import { phaseTimes, transform } from './workload.mjs';

const paired = process.argv[2] === '--paired';
const [warmup = 600, batches = 15, perBatch = 20, objects = 10000] = paired
  ? [process.argv[3], 0, process.argv[4], process.argv[5]].map(Number)
  : process.argv.slice(2).map(Number);

function batch() {
  const start = process.hrtime.bigint();
  for (let i = 0; i < perBatch; i++) {
    transform(objects);
  }
  return Number(process.hrtime.bigint() - start) / 1e6 / perBatch;
}

const warmStart = process.hrtime.bigint();
for (let i = 0; i < warmup; i++) {
  transform(objects);
}
const warmSeconds = Number(process.hrtime.bigint() - warmStart) / 1e9;

if (paired) {
  console.log(`ready ${warmSeconds.toFixed(1)} ${process.version}`);
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, argument] = line.trim().split(' ');
    if (command === 'batch') {
      console.log(String(batch()));
    } else if (command === 'phases') {
      console.log(JSON.stringify(phaseTimes(objects, Number(argument))));
    } else if (command === 'result') {
      console.log(JSON.stringify(transform(objects)));
    } else {
      console.log('error unknown command ' + command);
    }
  }
} else {
  const millis = Array.from({ length: batches }, batch);
  console.log(`node ${process.version}: warm-up ${warmup} iterations in ${warmSeconds.toFixed(1)} s; `
    + `ms/iteration over ${batches} batches of ${perBatch}: ${millis.map((m) => m.toFixed(2)).join(' ')}`);
}
