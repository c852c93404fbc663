// TypeScript declarations of Warden's rule API. Save beside your rules (`./warden types > rules/warden.d.ts`)
// so editors autocomplete `import { rule, cron, webhook, manual, respond } from 'warden'`.
declare module 'warden' {
  /** Where a trigger or rule was declared (filled in by Warden). */
  interface Site { file: string; line: number; column: number }

  interface CronTrigger { type: 'cron'; expression: string; zone: string | null; startAt: string | null; endAt: string | null }
  interface EveryTrigger { type: 'every'; interval: string; startAt: string | null; endAt: string | null }
  interface WebhookTrigger { type: 'webhook'; name: string }
  interface ManualTrigger { type: 'manual' }
  type Trigger = CronTrigger | EveryTrigger | WebhookTrigger | ManualTrigger;

  /** What started the run. */
  interface RunEvent {
    /** manual, webhook, cron or every */
    type: 'manual' | 'webhook' | 'cron' | 'every';
    /** The webhook's name for webhook runs. */
    name?: string;
    /** When the trigger fired (ISO-8601). */
    firedAt?: string;
    /** cron and every: the fire time this run is for (ISO-8601); firedAt minus scheduledFor is the lag. */
    scheduledFor?: string;
    /** cron and every: true when this run catches up fires missed while Warden was down (misfire: 'run-once'). */
    catchUp?: boolean;
    /** A replay (`POST /api/v1/rules/{id}/runs?replay=<run id>`): the id of the run whose event this repeats. */
    replayOf?: string;
    /** The webhook request's body (parsed JSON, form fields as an object, or text) or a manual run's input. */
    body?: any;
    /** Selected request headers (webhooks), lower-case names. */
    headers?: Record<string, string>;
    /** Query parameters (webhooks). */
    query?: Record<string, string>;
  }

  /** Log lines are stored with the run record, with their level and time. */
  interface Log {
    debug(message: string, fields?: object): void;
    info(message: string, fields?: object): void;
    warn(message: string, fields?: object): void;
    error(message: string, fields?: object): void;
  }

  /** An error from a host call (Confluence, a plugin): carries an HTTP-like status and a stable code. */
  interface WardenError extends Error { status: number; code: string; diagnosis?: string }

  /** Lists follow every cursor page up to max (1-10000, default 1000); pageSize is items per request (1-250). */
  interface Paging { max?: number; pageSize?: number }

  /** The built-in Confluence client; answers are Confluence's own JSON. Errors are WardenErrors with a diagnosis. */
  interface Confluence {
    page(id: string, options?: { bodyFormat?: 'storage' | 'atlas_doc_format' | 'view'; labels?: boolean }): any;
    pages(query?: Paging & { spaceId?: string; spaceKey?: string; title?: string; status?: string; cql?: string }): any[];
    search(cql: string, options?: Paging): any[];
    createPage(page: { spaceId?: string; spaceKey?: string; title: string; body?: string; parentId?: string }): any;
    /** Sends version + 1; on 409 re-reads and retries. */
    updatePage(id: string, change: { title?: string; body?: string; message?: string }): any;
    spaces(options?: Paging & { keys?: string | string[] }): any[];
    space(idOrKey: string): any;
    labels(pageId: string): any[];
    restrictions(pageId: string): any[];
    currentUser(): any;
    /** Any endpoint under /wiki/ on the site; Authorization and the admin-key header cannot be set. */
    request(method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', path: string, body?: any,
            options?: { headers?: Record<string, string> }): { status: number; body: any };
  }

  /** From the compliance plugin. */
  interface Compliance {
    classification(pageId: string): { pageId: string; levelId: string; levelName: string | null } | null;
    classify(pageId: string, levelIdOrName: string): any;
    levels(): { id: string; name: string; order: number }[];
    detections(pageId?: string): { id: string; pageId: string; type: string; status: string }[];
    redact(detectionId: string): any;
    exclude(detectionId: string): any;
  }

  /** From the notifier plugin; channels are configured under notifier.channels.<name>. */
  interface Notify {
    /** A message that is not a string (an object, a list, a number) is sent as its JSON text. */
    send(channel: string, message: string | number | boolean | object, options?: { subject?: string; to?: string | string[]; blocks?: any[]; data?: any }): { channel: string; delivered: true };
    channels(): string[];
  }

  interface RunContext {
    confluence: Confluence;
    compliance?: Compliance;
    notify?: Notify;
    event: RunEvent;
    log: Log;
    /** This run: its id (a ULID), the rule's id and the rule file's version. */
    readonly run: { readonly id: string; readonly rule: string; readonly fileVersion: string };
    /** Namespaces contributed by plugins, e.g. plugins.myPlugin.doThing(). */
    plugins: Record<string, Record<string, (...args: any[]) => any>>;
    /** Top-level namespaces contributed by the runtime and plugins (confluence, compliance, notify...). */
    [namespace: string]: any;
  }

  interface RuleSpec {
    /** Unique across the rules folder: 1-64 characters of a-z, 0-9 and '-'. */
    id: string;
    description?: string;
    triggers: Trigger[];
    /** This run, and only this run, may bypass page restrictions with the site's admin key (1-60 minutes). */
    adminKey?: { minutes: number };
    /** e.g. '500ms', '30s', '5m'; default 30s, at most engine.maxTimeout. */
    timeout?: string;
    /** Schedules after downtime: run missed fires once as a catch-up (default) or skip them. */
    misfire?: 'run-once' | 'skip';
    /** A scheduled fire while a run of this rule has not ended: skip it (default), queue it, or allow overlap. */
    concurrency?: 'allow' | 'skip' | 'queue';
    /** Sync or async; return a JSON-serialisable value, stored with the run. */
    run(ctx: RunContext): any | Promise<any>;
  }

  interface Rule extends RuleSpec { readonly site: Site | null }

  export function rule(spec: RuleSpec): Rule;
  /** Times: '2025-01-01T08:00:00Z', '2025-01-01T08:00+01:00', or local '2025-01-01T08:00' in the trigger's zone. */
  type TriggerTime = string | Date;
  /** Quartz cron: seconds minutes hours day-of-month month day-of-week [year]; zone defaults to the server's. */
  export function cron(expression: string, options?: { zone?: string; startAt?: TriggerTime; endAt?: TriggerTime }): CronTrigger;
  /** A fixed interval such as '15m', counted from startAt (default 1970-01-01T00:00Z, so '15m' fires at :00, :15...). */
  export function every(interval: string, options?: { startAt?: TriggerTime; endAt?: TriggerTime }): EveryTrigger;
  /** POST /hooks/{name} starts the rule. */
  export function webhook(name: string): WebhookTrigger;
  /** The rule may be run by hand (API or `warden run`). */
  export function manual(): ManualTrigger;

  interface When {
    webhook(name: string): When;
    cron(expression: string, options?: { zone?: string; startAt?: TriggerTime; endAt?: TriggerTime }): When;
    every(interval: string, options?: { startAt?: TriggerTime; endAt?: TriggerTime }): When;
    manual(): When;
    describedAs(description: string): When;
    withAdminKey(minutes: number): When;
    timeout(value: string): When;
    misfire(policy: 'run-once' | 'skip'): When;
    concurrency(policy: 'allow' | 'skip' | 'queue'): When;
    then(run: (ctx: RunContext) => any): Rule;
  }
  /** What respond() returns; Warden answers a waiting webhook caller with this status and body. */
  interface HttpResponse { readonly __warden: 'response'; readonly status: number; readonly body: any }
  /**
   * The HTTP answer for a caller waiting on a webhook (`?wait=20s` or `Prefer: wait=20`):
   * `return respond(409, { reason: 'page is locked' })`. Status 200-599. Elsewhere (a hook with several rules, the
   * runs API) the run's result is the body, with `response: { status }` beside it.
   */
  export function respond(status: number, body?: any): HttpResponse;

  /** The fluent form: when('my-rule').webhook('x').withAdminKey(5).then(ctx => ...). */
  export function when(id: string, options?: { description?: string; misfire?: 'run-once' | 'skip';
    concurrency?: 'allow' | 'skip' | 'queue' }): When;
}
