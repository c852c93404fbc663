// Answers Confluence Automation while it waits: "Send web request" to POST /hooks/classify?wait=20s with
// {"pageId": "{{page.id}}", "title": "{{page.title}}"}; later steps read {{webResponse.body.level}}.
import { rule, webhook, manual, respond } from 'warden';

export default rule({
  id: 'classify-on-request',
  description: 'Suggests a classification level for a page, as the answer to the web request',
  triggers: [webhook('classify'), manual()],
  run({ event }) {
    const pageId = event.body?.pageId;
    if (!pageId) {
      return respond(400, { error: 'send {"pageId": "{{page.id}}"} as the body' });
    }
    const title = String(event.body.title ?? '');
    const level = /salary|contract|password/i.test(title) ? 'confidential' : 'internal';
    return { pageId, level };
  },
});
