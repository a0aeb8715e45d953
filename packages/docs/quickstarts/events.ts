// Parse a finished job's JSON Lines result from the running mock into validated, typed events.
import { formatMessage, parseJsonl } from '@audit-export/events';

const mockUrl = process.env.MOCK_URL ?? 'http://127.0.0.1:4010';
const response = await fetch(`${mockUrl}/audit-query-service/v2/export/result/${process.env.JOB_ID}`, {
  headers: { authorization: `Bearer ${process.env.ACCESS_TOKEN}`, api_token: process.env.API_TOKEN ?? '' },
});

let events = 0;
for await (const event of parseJsonl(response)) {
  events++;
  if (events <= 3) console.log(event.name, '·', formatMessage(event));
}
console.log(`${events} events`);
