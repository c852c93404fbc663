// Evaluated once per rule context by the host, never importable by rules. Returns the invoker the host calls per run.
(function (host) {
  'use strict';
  // Kept before any rule code runs: a rule may replace JSON's functions in its own context, but what the host
  // stores and parses is always written and read by these.
  const { stringify: jsonStringify, parse: jsonParse } = JSON;
  const stringify = (value) => (value === undefined ? null : jsonStringify(value));

  function fieldsOf(fields) {
    if (fields === undefined) return null;
    try { return stringify(fields); } catch (e) { return jsonStringify({ unserialisable: String(e?.message) }); }
  }

  // A value as a log line shows it: JSON for data, what String() says where JSON writes nothing or fails.
  function shown(value) {
    if (typeof value === 'string') return value;
    if (typeof value === 'bigint') return value + 'n';
    if (typeof value === 'symbol' || typeof value === 'function' || value === undefined || value instanceof Error) {
      return String(value);
    }
    try { return jsonStringify(value) ?? String(value); } catch (e) { return String(value); }
  }
  const text = (args) => args.map(shown).join(' ');

  const log = Object.freeze({
    debug: (message, fields) => host.log('DEBUG', shown(message), fieldsOf(fields)),
    info: (message, fields) => host.log('INFO', shown(message), fieldsOf(fields)),
    warn: (message, fields) => host.log('WARN', shown(message), fieldsOf(fields)),
    error: (message, fields) => host.log('ERROR', shown(message), fieldsOf(fields)),
  });

  globalThis.console = Object.freeze({
    log: (...args) => host.log('INFO', text(args), null),
    info: (...args) => host.log('INFO', text(args), null),
    debug: (...args) => host.log('DEBUG', text(args), null),
    warn: (...args) => host.log('WARN', text(args), null),
    error: (...args) => host.log('ERROR', text(args), null),
  });

  // Called once the run's jobs are done, for each rejected promise that had no handler by then.
  function where(reason) {
    const frame = /\n\s*at [^\n]*?\(?([^\s()]+:\d+:\d+)\)?\s*(\n|$)/.exec(String(reason?.stack ?? ''));
    return frame ? ' (at ' + frame[1] + ')' : '';
  }
  Graal.setUnhandledPromiseRejectionHandler((reason) => {
    let what;
    try { what = reason instanceof Error ? String(reason) + where(reason) : shown(reason); } catch (e) { what = '(unreadable)'; }
    host.log('WARN', 'a promise was rejected and nothing handled it (await it or add .catch()): ' + what, null);
  });

  function hostError(failure) {
    const error = new Error(failure.message);
    error.name = 'WardenError';
    error.status = failure.status;
    error.code = failure.code;
    if (failure.diagnosis) error.diagnosis = failure.diagnosis;
    return error;
  }

  function namespace(name, functions) {
    const ns = {};
    for (const fn of functions) {
      ns[fn] = (...args) => {
        let json;
        try { json = jsonStringify(args); } catch (e) {
          throw new TypeError(name + '.' + fn + '(...): its arguments must be JSON data (' + e.message + ')');
        }
        const answer = jsonParse(host.call(name, fn, json));
        if (answer.error) throw hostError(answer.error);
        return answer.value;
      };
    }
    return Object.freeze(ns);
  }

  const plugins = {};
  const topLevel = {};
  for (const ns of jsonParse(host.namespaces())) {
    (ns.topLevel ? topLevel : plugins)[ns.name] = namespace(ns.name, ns.functions);
  }
  Object.freeze(plugins);

  // event: the trigger's JSON as host proxies (engine/internal/JsonView), converted only where the rule reads it.
  // run: built here from three strings (a JSON text parsed per run cost more than the trivial rule itself).
  // GraalJS says only "Error" for a thrown plain object and "null" for null: the host words the run's error from
  // this text (null for an Error, or a string, which is the author's own message).
  invoke.describeThrown = (value) => (value instanceof Error || typeof value === 'string' ? null : shown(value));
  return invoke;

  function invoke(rule, event, runId, ruleId, fileVersion) {
    const state = { done: false, value: null, error: null };
    const settle = (value) => {
      // JSON.stringify writes nothing for these, which would read as a run that returned nothing.
      if (typeof value === 'function' || typeof value === 'symbol') {
        state.error = new TypeError('the rule returned a ' + typeof value + ', which is not JSON-serialisable '
          + '(return data, or nothing)');
        state.done = true;
        return;
      }
      try { state.value = stringify(value); state.done = true; } catch (e) {
        state.error = new TypeError('the rule returned a value that is not JSON-serialisable: ' + e.message);
        state.done = true;
      }
    };
    // A rejection with null or undefined is still a failure (state.error null would read as success).
    const fail = (error) => {
      state.error = error === undefined || error === null
        ? new Error('the rule failed with ' + error + ' (reject or throw an Error to say why)') : error;
      state.done = true;
    };
    // Frozen like ctx: a helper rewriting ctx.run.id would log and pass on an id Warden never made.
    const run = Object.freeze({ id: runId, rule: ruleId, fileVersion });
    const ctx = Object.freeze({ event, run, log, plugins, ...topLevel });
    const result = rule.run(ctx);
    if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
      result.then(settle, fail);
    } else {
      settle(result);
    }
    return state;
  }
})
