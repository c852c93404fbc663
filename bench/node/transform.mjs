// Runs workload.mjs under node with the same counts EngineBenchmark uses and prints result lines in its
// tab-separated format, for BenchReport.
//   node bench/node/transform.mjs [warmupIterations] [batches] [iterationsPerBatch] [objects]
import { readFileSync } from 'node:fs';
import { phaseTimes, transform } from './workload.mjs';

const [warmup, batches, perBatch, objects] = process.argv.slice(2).map(Number);
const counts = { warmup: warmup || 600, batches: batches || 15, perBatch: perBatch || 20, objects: objects || 10000 };
const PHASE_RUNS = 5;

// Cores' worth of CPU used by other processes, as MachineLoad.java measures it (/proc/stat is in 1/100 s).
function machineBusyTicks() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  return f.reduce((a, b) => a + b, 0) - f[3] - f[4];
}

function othersCoresSince(start) {
  const self = process.cpuUsage(start.self);
  const seconds = Number(process.hrtime.bigint() - start.at) / 1e9;
  return Math.max(0, ((machineBusyTicks() - start.busy) / 100 - (self.user + self.system) / 1e6) / seconds);
}

function resultLine(key, unit, samples, othersCores) {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return ['result', key, unit, sorted[0], median, sorted[n - 1], samples.map((m) => m.toPrecision(4)).join(','),
    othersCores.toFixed(3)];
}

const loadStart = { busy: machineBusyTicks(), self: process.cpuUsage(), at: process.hrtime.bigint() };
let result;
const warmStart = process.hrtime.bigint();
for (let done = 0; done < counts.warmup; done++) {
  result = transform(counts.objects);
}
const warmSeconds = Number(process.hrtime.bigint() - warmStart) / 1e9;

const millis = [];
for (let b = 0; b < counts.batches; b++) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < counts.perBatch; i++) {
    result = transform(counts.objects);
  }
  millis.push(Number(process.hrtime.bigint() - start) / 1e6 / counts.perBatch);
}
const lines = [
  ['meta', 'node.version', process.version],
  ['meta', 'node.transform.warmupSeconds', warmSeconds.toFixed(1)],
  ['meta', 'node.transform.result', JSON.stringify(result)],
  resultLine('node.transform', 'ms/iteration', millis, othersCoresSince(loadStart)),
];

phaseTimes(counts.objects, counts.perBatch * 2); // untimed: lets the JIT adapt to the marks, as the JVM side does
const phaseStart = { busy: machineBusyTicks(), self: process.cpuUsage(), at: process.hrtime.bigint() };
const phases = {};
for (let r = 0; r < PHASE_RUNS; r++) {
  for (const [phase, ms] of Object.entries(phaseTimes(counts.objects, counts.perBatch * 2))) {
    (phases[phase] ??= []).push(ms);
  }
}
const phaseLoad = othersCoresSince(phaseStart);
for (const [phase, samples] of Object.entries(phases)) {
  lines.push(resultLine('node.phase.' + phase, 'ms/iteration', samples, phaseLoad));
}
for (const line of lines) {
  console.log(line.join('\t'));
}
