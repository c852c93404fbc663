// A webhook rule: Confluence Automation's "Send web request" posts {"pageId": "{{page.id}}", ...}
// to POST /hooks/page-created. Also runnable by hand for testing.
import { rule, webhook, manual } from 'warden';

export default rule({
  id: 'flag-unclassified-pages',
  description: 'Reacts to a new page; later issues add Confluence and Compliance calls',
  triggers: [webhook('page-created'), manual()],
  timeout: '30s',
  async run({ event, log }) {
    const pageId = event.body?.pageId;
    if (!pageId) {
      log.warn('no pageId in the request body', { body: event.body ?? null });
      return { flagged: false, reason: 'missing pageId' };
    }
    log.info('page created', { pageId, title: event.body.title ?? null });
    return { flagged: true, pageId };
  },
});
