// A scheduled rule: Quartz cron (seconds minutes hours day-of-month month day-of-week), in Berlin time.
import { rule, cron, manual } from 'warden';
import { summarise } from './lib/summary.js';

export default rule({
  id: 'weekday-digest',
  description: 'Builds a morning digest on weekdays at 08:00 Berlin time',
  triggers: [cron('0 0 8 ? * MON-FRI', { zone: 'Europe/Berlin' }), manual()],
  run({ event, log }) {
    const digest = summarise(['3 pages created', '1 page restricted'], event.firedAt);
    log.info('digest built', { lines: digest.lines.length });
    return digest;
  },
});
