// Uses all three shipped plugins: `compliance` (Compliance for Confluence), `notify` (channels `ops` and `mail`)
// and `plugins.adminKey` (read-only status), plus the built-in `confluence` client.
// Confluence Automation's "Send web request" posts {"pageId": "{{page.id}}"} to POST /hooks/page-classify;
// try it against the simulator: README, "Calling Confluence from rules".
import { rule, webhook, manual } from 'warden';

export default rule({
  id: 'classify-new-page',
  description: 'Gives an unclassified page a level, then tells #ops and mails the owner',
  triggers: [webhook('page-classify'), manual()],
  timeout: '60s',
  run({ event, log, confluence, compliance, notify, plugins }) {
    const pageId = event.body?.pageId;
    if (!pageId) return { skipped: 'no pageId in the request body' };
    let page;
    try {
      page = confluence.page(pageId);
    } catch (e) {
      if (e.status !== 404) throw e;
      // A 404 may mean "restricted": the diagnosis says so and points at adminKey.
      log.warn('page not visible', { pageId, diagnosis: e.diagnosis });
      return { skipped: 'page not visible', pageId };
    }
    const current = compliance.classification(pageId);
    if (current) return { pageId, level: current.levelName, changed: false };

    const level = compliance.classify(pageId, event.body?.level ?? 'Internal').levelName;
    const text = `"${page.title}" (${pageId}) had no classification; Warden set it to ${level}.`;
    // On a first run (embedded simulator, no channels configured) the rule still works and says what it would send.
    const channels = notify.channels();
    if (channels.includes('ops')) notify.send('ops', text);
    if (channels.includes('mail')) notify.send('mail', text, { subject: `Classified as ${level}: ${page.title}` });
    if (!channels.length) log.info('no notifier channels configured; would have sent', { text });
    log.info('classified', { pageId, level, adminKeyActive: plugins.adminKey?.status().active ?? null });
    return { pageId, level, changed: true };
  },
});
