// A rule you run by hand: `./warden run rules-examples/hello-manual.js --event event.json`
// or POST /api/v1/rules/hello-manual/runs with a JSON body.
import { rule, manual } from 'warden';

export default rule({
  id: 'hello-manual',
  description: 'Greets whoever the event names; shows logs and results',
  triggers: [manual()],
  timeout: '5s',
  run({ event, log }) {
    const who = event.body?.who ?? 'world';
    log.info('greeting', { who });
    return { greeting: `hello, ${who}` };
  },
});
