// The same model in the fluent form.
import { when } from 'warden';

export default when('fluent-hello', { description: 'The fluent form of a manual rule' })
  .manual()
  .timeout('5s')
  .then(({ log }) => {
    log.info('fluent rule ran');
    return { ok: true };
  });
