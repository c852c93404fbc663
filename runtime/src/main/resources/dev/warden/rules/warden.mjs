// The `warden` module rule files import. It only describes rules; the host validates and runs them.
const KIND = '__warden';

function callSite() {
  const lines = String(new Error().stack || '').split('\n');
  for (const line of lines) {
    const m = /\(?([^\s()]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (m && !m[1].endsWith('warden.mjs')) {
      return { file: m[1], line: Number(m[2]), column: Number(m[3]) };
    }
  }
  return null;
}

// startAt/endAt may be Date objects; the host reads ISO-8601 text.
function time(value) {
  return value instanceof Date ? value.toISOString() : (value ?? null);
}

function trigger(type, fields) {
  return Object.freeze({ [KIND]: 'trigger', type, ...fields, site: callSite() });
}

/** A Quartz cron expression, e.g. cron('0 0 8 ? * MON-FRI', { zone: 'Europe/Berlin' }). */
export function cron(expression, options = {}) {
  return trigger('cron', { expression, zone: options.zone ?? null, startAt: time(options.startAt), endAt: time(options.endAt) });
}

/** A fixed interval such as every('15m'), counted from startAt (default 1970-01-01T00:00Z). */
export function every(interval, options = {}) {
  return trigger('every', { interval, startAt: time(options.startAt), endAt: time(options.endAt) });
}

/** POST /hooks/{name} starts the rule. */
export function webhook(name) {
  return trigger('webhook', { name });
}

/** The rule can be run by hand: POST /api/v1/rules/{id}/runs or `warden run`. */
export function manual() {
  return trigger('manual', {});
}

/**
 * The HTTP answer for a caller waiting on a webhook (wait mode): return respond(409, { reason: 'locked' }).
 * Marked so that a plain result with a `status` field is never taken for an HTTP status.
 */
export function respond(status, body = null) {
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new RangeError('respond(status, body): status must be a whole number from 200 to 599, got ' + status);
  }
  return Object.freeze({ [KIND]: 'response', status, body });
}

/** Declares one rule. The returned object must be exported (default or named) for Warden to see it. */
export function rule(spec) {
  if (spec === null || typeof spec !== 'object') {
    throw new TypeError('rule(...) expects an object such as { id, triggers, run }');
  }
  return Object.freeze({ ...spec, [KIND]: 'rule', triggers: Object.freeze([...(spec.triggers ?? [])]), site: callSite() });
}

/** The fluent form: when('my-rule').webhook('x').cron('...').withAdminKey(5).then(ctx => ...). */
export function when(id, options = {}) {
  const spec = { ...options, id, triggers: [] };
  const site = callSite();
  const builder = {
    webhook(name) { spec.triggers.push(webhook(name)); return builder; },
    cron(expression, opts) { spec.triggers.push(cron(expression, opts)); return builder; },
    every(interval, opts) { spec.triggers.push(every(interval, opts)); return builder; },
    manual() { spec.triggers.push(manual()); return builder; },
    describedAs(description) { spec.description = description; return builder; },
    withAdminKey(minutes) { spec.adminKey = { minutes }; return builder; },
    timeout(value) { spec.timeout = value; return builder; },
    misfire(policy) { spec.misfire = policy; return builder; },
    concurrency(policy) { spec.concurrency = policy; return builder; },
    then(run) {
      return Object.freeze({ ...spec, run, [KIND]: 'rule', triggers: Object.freeze([...spec.triggers]), site });
    },
  };
  return builder;
}
